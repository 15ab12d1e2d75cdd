-- Stages region: creates the target and stage tables if missing, empties the stage, and loads
-- region.tbl.lzo (dbgen's |-delimited format) from the data bucket. Every statement is checked:
-- a failure ends the job with exit code 1 and the warehouse's message in the log.

create table if not exists region (
  r_regionkey bigint not null,
  r_name      varchar(25),
  r_comment   varchar(152),
  primary key (r_regionkey)
);
\if :ERROR <> 0
  \remark 'region staging failed creating table region:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

create table if not exists region_stage (like region);
\if :ERROR <> 0
  \remark 'region staging failed creating table region_stage:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

truncate region_stage;
\if :ERROR <> 0
  \remark 'region staging failed truncating region_stage:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

copy region_stage from 's3://${DATA_BUCKET_NAME}/${DATA_PREFIX}region.tbl.lzo'
iam_role '${COPY_IAM_ROLE_ARN}'
lzop delimiter '|' compupdate preset;
\if :ERROR <> 0
  \remark 'region staging finished with error:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

\remark 'region staging finished OK:' :ACTIVITYCOUNT 'rows'
\exit 0
