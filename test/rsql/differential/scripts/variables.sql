-- \echo, \set and interpolation.
\echo plain text 'quoted text' "double"
\set who world
\set n 41
\echo hello :who
\echo :'who' :"who"
select :n + 1 as answer, :'who' as greeting, 1 as :"who";
\set combined :who-:n
\echo :combined
\set empty
\echo [:empty]
\unset who
\echo :who
\echo unknown :nosuch and :'nosuch'
select 'a:b' as "colon:name", ':n' as literal;
\set ECHO none
\echo '\t tab and \\ backslash'
-- an argument with an unterminated quote is dropped, with the rest of the line
\echo before Ab'C
\echo x 'y z
\set v 'abc
\echo [:v]
