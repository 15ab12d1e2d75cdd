-- \g (name=value …) and \gx (…): \pset options for one statement (a refused one, or no right parenthesis, and
-- nothing is sent: the buffer stays for the next statement); then a file or |command may follow
select 1 as a, 'x' as b \g (format=csv)
select 1 as a, 2 as b \g (format=unaligned tuples_only)
select 1 as a \gx (border=2)
select 1 as a \gx (expanded=off)
select 1 as a, 2 as b \g (fieldsep=; format=unaligned) | cat
select 3 as c \g (bogus=1)
select 4 as d \g (format=bad)
select 5 as e \g (border=2
select 6 as f;
\if false
select 7 \g (format=csv
\endif
create temp table gg (a int) \g (format=html)
insert into gg values (1) \g (format=html)
select 8 as h, null as n \g (null=NULL title=Ttl)
select 9 as i \g ()
select 10 as j \g (tuples_only) |cat
select 11 as k;
