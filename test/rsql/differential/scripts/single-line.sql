-- psql's single-line mode (-S, \set SINGLELINE): the end of a line ends a statement
select 1 as one
select 'a
b' as quoted_across_lines
select (1
+ 2) as in_parentheses
select /* a comment
*/ 3 as after_comment
select $$x
y$$ as dollar_quoted
select 4 as four -- a comment ends the line
   
-- a comment alone sends nothing
;select 5 as five; select 6 as six
select 7 as seven \echo the meta-command first
\if false
select 8 as not_sent
\endif
select 9 as nine;;
create temp table sl (a int)
copy sl from stdin
10
11
\.
select sum(a) as copied from sl
select 1/0 as fails
\echo :ERROR
\set SINGLELINE off
select 12
  as twelve;
\set SINGLELINE on
select 13 as thirteen
select
