-- \elif as psql spells it: its messages name it so (a branch without \if, one after \else, a value not Boolean);
-- nothing in a branch not taken runs, not even a backquoted command
\endif
\else
\elif true
\if true
\else
\elif true
\endif
\if false
\elif bogus
\echo not here
\elif on
\echo on
\endif
\if false
select 1 as skipped \gset
\set y `echo should not run >&2`
\else
\echo else taken
\endif
