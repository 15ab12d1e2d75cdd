-- Errors and notices by VERBOSITY and SHOW_CONTEXT (stderr is compared with psql's)
\errverbose
\set VERBOSITY terse
selec 1;
select 1/0;
do $$ begin raise exception 'boom' using detail = 'the detail', hint = 'the hint'; end $$;
do $$ begin raise notice 'n1' using detail = 'd1'; end $$;
\set VERBOSITY sqlstate
selec 1;
do $$ begin raise notice 'n2'; end $$;
\set VERBOSITY verbose
selec 1;
select 'x'::int;
do $$ begin raise exception 'boom' using detail = 'the detail', hint = 'the hint'; end $$;
do $$ begin raise notice 'n3' using detail = 'd3'; end $$;
\set VERBOSITY default
\set SHOW_CONTEXT never
do $$ begin raise exception 'boom2'; end $$;
\set SHOW_CONTEXT always
do $$ begin raise notice 'n4'; end $$;
select 'done' as d;
\set VERBOSITY terse
selec 2;
\errverbose
