-- The query buffer: \p shows it (or, empty, the query sent last); a line with only a meta-command adds no newline
select 'a' as x
\p
\r
\p
select 5 as e
\g
\p
select 6 as f
  , 7 as g
\p
\g
select 3 as c, 4 as d \gset p_
\echo :p_c :p_d
\encoding
