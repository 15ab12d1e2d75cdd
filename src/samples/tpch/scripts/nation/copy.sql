-- Stages nation: creates the target and stage tables if missing, empties the stage, and loads
-- nation.tbl.lzo (dbgen's |-delimited format) from the data bucket. Every statement is checked:
-- a failure ends the job with exit code 1 and the warehouse's message in the log.

create table if not exists nation (
  n_nationkey bigint not null,
  n_name      varchar(25),
  n_regionkey bigint,
  n_comment   varchar(152),
  primary key (n_nationkey)
);
\if :ERROR <> 0
  \remark 'nation staging failed creating table nation:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

create table if not exists nation_stage (like nation);
\if :ERROR <> 0
  \remark 'nation staging failed creating table nation_stage:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

truncate nation_stage;
\if :ERROR <> 0
  \remark 'nation staging failed truncating nation_stage:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

copy nation_stage from 's3://${DATA_BUCKET_NAME}/${DATA_PREFIX}nation.tbl.lzo'
iam_role '${COPY_IAM_ROLE_ARN}'
lzop delimiter '|' compupdate preset;
\if :ERROR <> 0
  \remark 'nation staging finished with error:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

\remark 'nation staging finished OK:' :ACTIVITYCOUNT 'rows'
\exit 0
