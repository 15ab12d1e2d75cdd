-- \copy: COPY with the client's files (relative to the working folder) and standard output
create temp table sc (id int, name text);
\copy sc from 'slash-copy.csv' with (format csv, header)
\copy sc (id) from 'slash-copy.csv' csv header
select * from sc order by id, name;
\copy (select id from sc where name is not null order by id) to stdout
\copy sc to stdout csv
\copy sc to '/dev/null' with (format csv)
\echo :ROW_COUNT
\copy nosuch from 'slash-copy.csv'
\copy sc from 'no-such-file.csv'
\copy sc from '.'
\copy sc to '.'
\copy sc from 'slash-copy.csv'
\copy sc
select count(*) from sc;
