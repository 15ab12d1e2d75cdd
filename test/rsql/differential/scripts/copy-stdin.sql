-- COPY … FROM STDIN reads its data from the script, up to \.
create temp table cp (id int, name text);
copy cp from stdin;
1	one
2	\N
\.
select * from cp order by id;
-- the rest of the COPY's line runs after its data
copy cp (id) from stdin; select count(*) as after_copy from cp;
3
\.
-- a COPY that fails before asking for data: the lines are read as the script again
copy nosuch from stdin;
select 'data line read as SQL' as x;
\.
-- sent with \g, on the same line or the next: the data still follows
create temp table cs_g (a int, b text);
copy cs_g from stdin \g
1	one
\.
copy cs_g from stdin
\g
2	two
\.
select * from cs_g order by a;
drop table cs_g;
-- without \., the data ends with the file
copy cp from stdin;
9	last
