-- -s confirms a \copy as psql's SendQuery does (showing the statement psql builds); x cancels it quietly
create temp table sc (id int, name text);
\copy sc from 'slash-copy.csv' csv header
\copy (select 1 as one) to stdout
table sc;
