-- \gexec under ON_ERROR_STOP: the first generated statement that fails ends the run (exit 3)
\set ON_ERROR_STOP on
select 'select 1 as one', 'select 1/0', 'select 2 as two' \gexec
select 3 as not_run;
