-- Upserts nation_stage into nation in one transaction: rows whose key is staged are replaced,
-- new keys are inserted, other rows are kept (an upsert, not a mirror). Every statement is checked;
-- any failure ends the script, so the open transaction is rolled back, and fails the job
-- (exit 75 for a serialization failure or deadlock, which the job definition retries; 1 otherwise).

begin;
\if :ERROR <> 0
  \remark 'nation merge failed to begin a transaction:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

select count(*) as nations_before from nation;
\if :ERROR <> 0
  \remark 'nation merge failed counting rows:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

delete from nation using nation_stage where nation.n_nationkey = nation_stage.n_nationkey;
\if :ERROR <> 0
  \remark 'nation merge failed replacing staged keys:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \if :'ERRORCODE' = '40001' or :'ERRORCODE' = '40P01'
    \exit 75
  \endif
  \exit 1
\endif

insert into nation select * from nation_stage;
\if :ERROR <> 0
  \remark 'nation merge failed inserting staged rows:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \if :'ERRORCODE' = '40001' or :'ERRORCODE' = '40P01'
    \exit 75
  \endif
  \exit 1
\endif
\remark 'nation rows merged:' :ACTIVITYCOUNT

commit;
\if :ERROR <> 0
  \remark 'nation merge failed to commit:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

select count(*) as nations_after from nation;
\if :ERROR <> 0
  \remark 'nation merge failed counting rows:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif
\exit 0
