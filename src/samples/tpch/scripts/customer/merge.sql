-- Upserts customer_stage into customer in one transaction: rows whose key is staged are replaced,
-- new keys are inserted, other rows are kept (an upsert, not a mirror). Every statement is checked;
-- any failure ends the script, so the open transaction is rolled back, and fails the job
-- (exit 75 for a serialization failure or deadlock, which the job definition retries; 1 otherwise).

begin;
\if :ERROR <> 0
  \remark 'customer merge failed to begin a transaction:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

select count(*) as customers_before from customer;
\if :ERROR <> 0
  \remark 'customer merge failed counting rows:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

delete from customer using customer_stage where customer.c_custkey = customer_stage.c_custkey;
\if :ERROR <> 0
  \remark 'customer merge failed replacing staged keys:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \if :'ERRORCODE' = '40001' or :'ERRORCODE' = '40P01'
    \exit 75
  \endif
  \exit 1
\endif

insert into customer select * from customer_stage;
\if :ERROR <> 0
  \remark 'customer merge failed inserting staged rows:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \if :'ERRORCODE' = '40001' or :'ERRORCODE' = '40P01'
    \exit 75
  \endif
  \exit 1
\endif
\remark 'customer rows merged:' :ACTIVITYCOUNT

commit;
\if :ERROR <> 0
  \remark 'customer merge failed to commit:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif

select count(*) as customers_after from customer;
\if :ERROR <> 0
  \remark 'customer merge failed counting rows:' :ERRORCODE
  \remark :LAST_ERROR_MESSAGE
  \exit 1
\endif
\exit 0
