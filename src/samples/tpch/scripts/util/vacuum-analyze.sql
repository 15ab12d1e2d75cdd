-- Reclaims space and refreshes the planner's statistics after the loads. VACUUM cannot run inside a
-- transaction block, so this script runs in autocommit.

vacuum;
\if :ERROR <> 0
  \remark 'vacuum failed:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

analyze;
\if :ERROR <> 0
  \remark 'analyze failed:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

\remark 'vacuum and analyze finished OK'
\exit 0
