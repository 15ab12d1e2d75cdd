-- \! and backticks run through sh: what the command prints passes through; a failing command is not
-- an error of the client's own (psql 15 prints nothing of its own for it)
select 1 as before_shell;
\echo a `nosuchcmd_x` b
\! nosuchcmd_y
\echo [`exit 3`]
\echo `echo hi; echo to-stderr >&2`
\! echo out; echo err >&2; exit 2
\set who `printf 'rsql\nuser\n\n'`
\echo [:who]
select 2 as after_shell;
-- inside backticks :name is interpolated and :'name' quoted for the shell; :"name" and unknown names stay as written,
-- a value with a newline is refused for :'name'
\set p 5
\set q 'it''s a b'
\set nl 'a\nb'
\echo `echo :p :'p' :"p" :nope :'nope' :'q' ::p :'p`
\echo `printf '[%s]' :'q'` [`echo :'nl'`]
\if false
\echo `echo :p`
\endif
select 3 as after_backticks;
