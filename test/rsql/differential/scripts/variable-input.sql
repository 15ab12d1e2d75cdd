-- a :name in SQL text is read as input in its place, as psql's lexer reads a variable's value: its semicolons end
-- statements, its quotes, comments, parentheses and backslash commands count, its own references are read too
-- (a variable inside its own value is left as written, with a warning); :'name' and :"name" are put in as they are
select 0 as first;
\set sc 'select 3 as c;'
select 2 as b
:sc
\set two 'select 8 as p; select 9 as q;'
:two
\set a 7
\set b ':a + 1'
select :b as nested;
\set rec ':rec'
select :rec as r;
\set x 'select :y'
\set y ':x'
:x;
\set o '''abc'
select :o;
';
\set cm 'select 1 as x -- comment'
:cm ; select 2 as y;
\set lead '  -- only a comment'
:lead select 3 as z;
\set c ':'
\set name 'v'
select 5 as :c:name;
\set q 'abc'
select ':q' as lit, :'q' as quoted, :"q" as ident;
\set paren '(1'
select :paren + 1) as p;
\set e ''
select 6 :e as e6;
\set dq 'x" as "y'
select 7 as ":dq";
\set mix 'select 9 as m \\gset'
:mix
\echo :m
\set ec 'select 10 as n \\echo inside'
:ec :e tail
;
\set ds '$$x'
select :ds$$ as d;
\set multi 'select 11 as l1;\nselect 12 as l2'
:multi;
\if false
:sc
\endif
select 13 as last;
