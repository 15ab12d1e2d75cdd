-- \g FILE, \gx FILE, \g |command, \o |command: run in a folder of its own (HOME too), files shown after
select 1 as a, 'x' as b \g out.txt
\echo after the file :ROW_COUNT
select 2 as b \gx outx.txt
\! cat out.txt outx.txt
create temp table gf (a int);
create temp sequence gf_seq;
-- a command tag goes to stdout, the file is not created
insert into gf values (1) \g ins.txt
\! ls
-- a COPY's data goes to the file, its tag to stdout
copy (select 4 as four) to stdout \g copy.txt
\! cat copy.txt
-- relative to the current folder, and ~ in HOME
\g ./again.txt
select 6 as six \g ~/home.txt
\! cat again.txt home.txt
-- a file that cannot be opened: the statement runs, is reported as failed, the status variables stay
select g from generate_series(1, 3) g \g /dev/null
select nextval('gf_seq') \g nosuch/x
\echo rc :ROW_COUNT :ERROR
select currval('gf_seq');
select 1 as a \; select 2 as b \g nosuch/z
insert into gf values (2) \g nosuch/i
\echo rc :ROW_COUNT
select 1/0 \g out2.txt
-- the buffer empty: the statement sent last, to stdout unless \g names a target
select 5 as five \g |cat
\g |tr a-z A-Z
\g
\gx |cat
select 7 as seven \g |cat > /dev/null; exit 3
\echo after exit
select 8 \g |nosuchcmd_gfile; cat > /dev/null
\echo after nosuchcmd
copy (select 9) to stdout \g |sed s/9/nine/
-- \o to a command: waited for at the next \o
\o |cat
select 10 as ten;
\qecho qechoed
\o
\echo after o
\o |sed s/1/X/
select 11 as eleven \g |cat
select 12 as twelve;
\o
\set FETCH_COUNT 2
select g from generate_series(1, 5) g \g fetched.txt
select g from generate_series(1, 3) g \g nosuch/f
\unset FETCH_COUNT
\! cat fetched.txt
\o |cat
select 13 as thirteen;
