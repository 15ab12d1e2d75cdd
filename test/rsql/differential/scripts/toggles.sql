-- \x, \a, \t, \H act at once in rsql as in psql.
select 1 as a, 'x' as b;
\x
select 1 as a, 'x' as b;
\x off
\a
select 1 as a, 'x' as b;
\t
select 1 as a, 'x' as b union all select 2, 'y';
\a
\t off
\H
select 1 as a, '<x>' as b;
\H
\x auto
select 1 as a, 'x' as b;
-- \T sets the HTML table's attributes at once (psql's \pset tableattr), \T alone unsets them
\H
\T class=x
select 1 as a;
\T
select 2 as b;
\H
-- \timing with a value it cannot read: the error, then the setting as it stays
\timing bogus
\timing on
\timing maybe
\timing off
