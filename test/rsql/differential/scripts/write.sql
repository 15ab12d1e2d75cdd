-- \w / \write: the query buffer (or the statement sent last) to a file or a command's stdin
\set f `mktemp`
\setenv WFILE :f
\w :f
\! wc -c < "$WFILE"
select 1 as a,
  2 as b
\w :f
\! cat "$WFILE"
\write :f extra
\p
;
\w |cat
\w '|cat'
\w | tr a-z A-Z
-- psql 15 does not look at how the command ended
\w |exit 3
\echo after exit 3
\w
\w /nonexistent-dir/x.sql
\w /tmp/
\w /tmp//.
\if false
\w |cat skipped \echo not shown
\endif
\w |cat \echo after
select 'x' as y;
\r
\w |cat
\w :f
\! cat "$WFILE"; rm -f "$WFILE"
select 'same line' as z \w |cat
\w |cat
