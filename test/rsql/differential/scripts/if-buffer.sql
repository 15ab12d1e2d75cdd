-- query text an untaken \if branch adds is dropped at its end, as psql's discard_query_text drops it; a taken
-- branch's text stays in the buffer
\if false
select 1 \g
select 3
\endif
select 2 as two;
select 0 as a
\if false
select 1 \crosstabview
\elif true
, 5 as b
\else
, 6 as c
\endif
;
select 10 as x
\if true
, 11 as y
\elif true
, 12 as z
\endif
;
select (1
\if false
+ (2
\else
+ 3
\endif
) as paren;
\if true
\if false
select 'inner' \g
\endif
select 'outer' as o
\endif
;
-- a statement ended in an untaken branch is not sent and its text stays in the buffer (psql's mainloop leaves
-- it): \endif drops back to the text before \if, which the next ; sends
select 20 as a \if false
, 21 as b;
\endif
;
select 30 as c
\if false
;
select 1;
\else
, 31 as d
\endif
;
\if false
select 40;
select 41;
\endif
\p
select 50 as e
\if true
\if false
; select 1;
\endif
, 51 as f;
\endif
