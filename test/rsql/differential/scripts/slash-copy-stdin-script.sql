-- run with this script on stdin: pstdin is the script itself then, as stdin
create temp table scq (id int, name text);
\copy scq from pstdin
1	one
\.
\copy scq from stdin
2	two
\.
select * from scq order by id;
