-- \copy … from pstdin reads rsql's own stdin (the test pipes data in), each up to \. or the end
create temp table scd (id int, name text);
\copy scd from pstdin
\copy scd (id) from pstdin with (delimiter '|')
\copy scd from pstdin
select * from scd order by id;
