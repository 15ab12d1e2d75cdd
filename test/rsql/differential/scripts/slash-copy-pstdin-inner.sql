-- run by \i from a script on stdin: pstdin is that script, its lines after the \i
\copy scn from pstdin
select count(*) as inner_count from scn;
