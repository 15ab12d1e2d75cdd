-- standard_conforming_strings off (as the server reports it): a backslash escapes in '…' as in E'…', so the
-- quote and ; after it do not end the string (B'…', X'…' and U&'…' take it literally still); on again after RESET
set standard_conforming_strings = off;
select 'a\'b' as x, 'c\\d' as y;
select 'e;f\' ; g' as z;
select B'10\' as not_escaped;
select X'1F\' as hex;
reset standard_conforming_strings;
select 'a\' as w;
set standard_conforming_strings = off;
select N'n\'q' as national, U&'u\' as unicode;
-- psql reads the setting once a line (psql_scan_setup): a change made on the line applies from the next one
reset standard_conforming_strings; select 'b\' as v, 'x' as w;
' as u;
select 'a\' as after;
