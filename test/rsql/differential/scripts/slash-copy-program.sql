-- \copy … from program / to program: the command runs through /bin/sh -c
create temp table scp (id int, name text);
\copy scp from program 'printf ''1\tone\n2\ttwo\n'''
\copy scp (id) from program 'printf "3\n"' with (format csv)
select * from scp order by id;
\echo :ROW_COUNT
-- the command's output comes where rsql's goes
\copy (select id, name from scp order by id) to program 'cat'
\copy (select id from scp order by id) to program 'cat > "${TMPDIR:-/tmp}/rsql-copy-$PPID.txt"' with csv
\! cat "${TMPDIR:-/tmp}/rsql-copy-$PPID.txt"
\copy scp (id) from program 'cat "${TMPDIR:-/tmp}/rsql-copy-$PPID.txt"'
\! rm -f "${TMPDIR:-/tmp}/rsql-copy-$PPID.txt"
select count(*) from scp;
-- a failing command: psql's message, the COPY itself done
\copy scp from program 'printf "4\tfour\n"; exit 3'
\copy scp to program 'cat > /dev/null; exit 2'
\copy scp from program 'no-such-command-here 2>/dev/null'
\echo :ROW_COUNT
\copy nosuch from program 'cat /dev/null'
\copy scp from program
\copy scp from program printf
-- pstdout is rsql's stdout whatever \o says; stdout is the query output
\o /dev/null
\copy (select 'to pstdout' as x) to pstdout
\copy (select 'to stdout' as x) to stdout
\o
\copy (select 'both on stdout' as x) to pstdout
select count(*) from scp;
