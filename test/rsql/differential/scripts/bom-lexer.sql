-- A UTF-8 byte order mark starts this file (psql ignores it), lexer corners follow, and no newline ends the last line.
select 1 as bom;
select /* outer /* inner; */ still; */ 2 as nested;
select E'\'' as e, E'a\\b;' as f;
select U&'d\0061t\+000061' as u, U&"d\0061t" from (select 1 as data) s;
select $a1$ ; $ $a1$ as d1, $_2$x;$_2$ as d2, $$;$$ as d3;
select 3 as x \echo after-sql
select 4 \g
\echo a \\ select 5 as five;
\set v 1 \\ \echo :v
select 6 as six -- comment; here
;
select 'x' as nofinal