-- a server ERROR with an 08 SQLSTATE leaves the connection as it was; a FATAL ends it: the server's message, then
-- libpq's server closed the connection unexpectedly, then connection to server was lost (exit 2; under -b no
-- STATEMENT line for it: psql has left)
select 1 as before;
do $$ begin raise exception 'not a lost connection' using errcode = '08006'; end $$;
do $$ begin raise exception 'nor this' using errcode = '08001'; end $$;
select 2 as still_connected;
select pg_terminate_backend(pg_backend_pid());
select 3 as not_reached;
