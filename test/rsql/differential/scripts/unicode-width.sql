-- Display widths as psql 15 counts them: format characters (U+200B, U+200D, U+FEFF) take one column,
-- reserved code points of the wide blocks two; noncharacters beyond the BMP are dropped from cells and headers.
select E'a\u200Bb' as zw, E'\u0301x' as lead_comb, E'e\u0301\u0302' as comb2, '👩‍👩‍👧' as zwj, '🇯🇵' as flag, 'ｶﾀｶﾅ' as halfwidth, '한국어' as ko, E'\u00AD' as shy;
select E'\uFEFFbom' as bom, E'\u3000ideo' as ideo, E'\U0001F600\U0001F3FB' as skin, E'\u0E01\u0E31' as thai, E'\u2060\u200E\u0600' as fmt;
select E'\U0002A6E0' || 'x' as reserved_wide, E'\uFA6E' || 'y' as compat, E'\U0003FFFD' as plane3, 'z' as z;
select 'a' || chr(131070) || 'b' || chr(1114111) as nonchar, chr(65534) || chr(65535) as bmp, 1 as "h" union all select 'c', 'd', 2;
select 'x' as "col🿾umn", 'y' as y;
