select 1 as one;
select 2 as two; select 3 as three;
\set SINGLESTEP off
select 4 as four;
\set SINGLESTEP on
select 5 as five;
select 1/0 as fails;
select 6 as six;
