-- \cd moves where relative paths start (\i, \o, \!); no tilde expansion, as psql's
\cd sub
\! pwd | sed 's|.*/||'
\i inner.sql
\o out.txt
select 1 as one;
\o
\! cat out.txt
\cd ..
\! ls sub
\cd nosuch
\cd afile
\cd 'sub'
\! pwd | sed 's|.*/||'
\cd ~
\echo after
