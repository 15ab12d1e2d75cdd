-- :{?name} says whether a variable is set: in SQL and in meta-command arguments
\if :{?y}
\echo y set
\else
\echo y unset
\endif
\set y 1
\if :{?y}
\echo y set
\endif
\echo :{?y} :{?nope} [:{?] [:{?y]
select :{?y} as y_set, :{?nope} as nope_set;
\unset y
\echo :{?y}
