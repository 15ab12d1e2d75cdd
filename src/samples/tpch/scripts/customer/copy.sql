-- Stages customer: creates the target and stage tables if missing, empties the stage, and loads
-- customer.tbl.lzo (dbgen's |-delimited format) from the data bucket. Every statement is checked:
-- a failure ends the job with exit code 1 and the warehouse's message in the log.

create table if not exists customer (
  c_custkey    bigint not null,
  c_name       varchar(25),
  c_address    varchar(40),
  c_nationkey  bigint,
  c_phone      varchar(15),
  c_acctbal    decimal(18,4),
  c_mktsegment varchar(10),
  c_comment    varchar(117),
  primary key (c_custkey)
);
\if :ERROR <> 0
  \remark 'customer staging failed creating table customer:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

create table if not exists customer_stage (like customer);
\if :ERROR <> 0
  \remark 'customer staging failed creating table customer_stage:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

truncate customer_stage;
\if :ERROR <> 0
  \remark 'customer staging failed truncating customer_stage:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

copy customer_stage from 's3://${DATA_BUCKET_NAME}/${DATA_PREFIX}customer.tbl.lzo'
iam_role '${COPY_IAM_ROLE_ARN}'
lzop delimiter '|' compupdate preset;
\if :ERROR <> 0
  \remark 'customer staging finished with error:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

\remark 'customer staging finished OK:' :ACTIVITYCOUNT 'rows'
\exit 0
