-- meta-command arguments as psql's argument lexer reads them
-- \echo -n: only a first argument written -n drops the newline; quoted or from a variable it is printed
\set e
\echo :e x
\set nm -n
\echo :nm y
\echo -n :nm z
\echo -'n' w
\echo "-n" v
\echo -n -n u
\qecho '-n' t
\warn :nm s
-- a backquoted command: :name takes the value, :'name' the value quoted for the shell (refused with a newline)
\set X 'a b'
\set Y 'it''s'
\set Z 'l1\nl2'
\set S safe-._/:9
\echo `echo :X :'X' :'Y' :'S' :"X" :'nosuch' :nosuch`
\echo `printf '%s|' :'X' :'e'` after
\echo `echo :'Z'` after
\echo `echo :{?X} ':X'`
-- the arguments a command leaves are read as written (nothing interpolated, nothing run) and warned about
-- when the branch is active after the command
\unset a :X `echo ran >&2` 'q'
\if true
\else :X
\endif :X
\if false
\else :X
\echo in else
\endif :X
\if false
\if true
\endif extra
\elif
\echo not here
\elif true false
\echo nor here
\else extra
\echo else taken
\endif extra
\if
\endif
