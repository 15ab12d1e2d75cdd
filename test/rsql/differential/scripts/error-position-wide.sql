-- LINE n: with wide (CJK, emoji) and combining characters: libpq counts screen columns (a wide character 2,
-- a combining one 1), so the caret and the 60-column cut fall where psql puts them
select '漢字' as wide, 'é' as combining, '😀' as emoji;
select '漢字かな' + ;
select 'éäô' as combining, bogus_a;
select '😀😀' as emoji, bogus_b;
select '漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字' as a, bogus_c;
select 'x漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字' as a, bogus_c;
select 'xx漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字' as a, bogus_c;
select 'xxx漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字' as a, bogus_c;
select bogus_d, '漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字';
select bogus_d, 'y漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字';
select bogus_d, 'yy漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字';
select bogus_d, 'yyy漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字';
select '漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字', bogus_e, '字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字';
select 'z漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字', bogus_e, '字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字';
select 'zz漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字', bogus_e, '字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字字';
select '漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢', bogus_f;
select '漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢漢', bogus_g;
select 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', bogus_h, 'éééééééééé';
select 'éééééééééééééééééééééééééééééé', bogus_i;
select '漢字',
	'字', bogus_j;
select '漢字漢字漢字漢字漢字漢字漢字漢字漢字漢字'	+ bogus_k;
select 1 as a, 2 as b, 3 as c, bogus_l;
-- format characters take a column in psql 15 (U+200B, U+FEFF), a reserved code point of a wide block two
select '​​​zw' || bogus_zw;
select '𪛠x' || bogus_reserved;
select '﻿a' || bogus_bom;
