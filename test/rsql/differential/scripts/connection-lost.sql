-- a session the server ends (FATAL): psql prints the error, libpq's "server closed the connection" after it (and
-- under -b no STATEMENT: psql has left), then gives up with exit code 2
select 1 as a;
select pg_terminate_backend(pg_backend_pid());
select 2 as b;
