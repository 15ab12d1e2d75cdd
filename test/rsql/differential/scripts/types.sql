-- Every common type, NULLs, empty results, wide, multi-line and Unicode values.
select 1::int2 as small, 2::int4 as int, 3000000000::int8 as big, -5 as neg;
select 1.50::numeric as n, 1.5::float4 as f4, 2.25::float8 as f8, 1e100::float8 as huge, 'NaN'::numeric as nan;
select 'abc'::text as t, 'x'::varchar(5) as v, 'y'::char(3) as c, ''::text as empty;
select true as t, false as f, null::bool as n;
select '2024-01-02'::date as d, '12:34:56.789'::time as t, '2024-01-02 03:04:05'::timestamp as ts,
       '1 day 2 hours 3 seconds'::interval as i;
select 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'::uuid as id, '{"a": 1, "b": [true, null]}'::json as j,
       '{"b": [1, 2], "a": "x"}'::jsonb as jb;
select '\xdeadbeef'::bytea as b;
select array[1,2,3] as ia, array['a','b c',null] as ta, '{{1,2},{3,4}}'::int[] as m;
select null as n, null::int as ni, 'x' as s union all select 'a', 1, null;
select 1 as a, 'b' as b where false;
select g as id, repeat('x', g % 7) as pad, g * 1.5 as half from generate_series(1, 12) g;
select repeat('wide value ', 12) as w, 1 as n;
select E'line1\nline2\nline three' as ml, 'x' as other union all select 'single', E'p\nq';
select 'héllo' as latin, '日本語テキスト' as cjk, E'e\u0301' as combining, '😀 ok' as emoji;
select E'tab\there' as tab, E'cr\rhere' as cr;
select 1 as "a very long column name that goes on and on", 'v' as "Mixed Case";
select '<b>&"quote"</b>' as html, 'a,b' as comma, 'say "hi"' as q, '  leading' as lead, 'pipe|bar' as pipe;
select;
