/**
 * Redshift functions Postgres lacks, as SQL functions in the `redshift` schema (on the search_path).
 * Date parts take Redshift's names and abbreviations (`qtr`, `w`, `mins`, `ms`…); DATEDIFF counts the
 * boundaries crossed between two values, as Redshift does, not elapsed whole units. ADD_MONTHS,
 * MONTHS_BETWEEN, LAST_DAY, NEXT_DAY, TRUNC(timestamp) and DATE_PART_YEAR are Redshift's Oracle-style
 * date functions. The JSON functions take JSON text (Redshift keeps JSON in VARCHAR columns).
 */
export const compatFunctionsSql = String.raw`
create or replace function redshift.datepart_name(part text) returns text language plpgsql immutable strict as $f$
begin
  case lower(trim(part))
    when 'millennium', 'millennia', 'mil', 'mils' then return 'millennium';
    when 'century', 'centuries', 'c', 'cent', 'cents' then return 'century';
    when 'decade', 'decades', 'dec', 'decs' then return 'decade';
    when 'epoch' then return 'epoch';
    when 'year', 'years', 'y', 'yr', 'yrs' then return 'year';
    when 'quarter', 'quarters', 'qtr', 'qtrs' then return 'quarter';
    when 'month', 'months', 'mon', 'mons' then return 'month';
    when 'week', 'weeks', 'w' then return 'week';
    when 'dayofweek', 'dow', 'dw', 'weekday' then return 'dow';
    when 'dayofyear', 'doy', 'dy', 'yearday' then return 'doy';
    when 'day', 'days', 'd' then return 'day';
    when 'hour', 'hours', 'h', 'hr', 'hrs' then return 'hour';
    when 'minute', 'minutes', 'm', 'min', 'mins' then return 'minute';
    when 'second', 'seconds', 's', 'sec', 'secs' then return 'second';
    when 'millisecond', 'milliseconds', 'ms', 'msec', 'msecs', 'msecond', 'mseconds', 'millisec', 'millisecs', 'millisecon' then return 'millisecond';
    when 'microsecond', 'microseconds', 'microsec', 'microsecs', 'usecond', 'useconds', 'us', 'usec', 'usecs' then return 'microsecond';
    else raise exception 'date part "%" is not recognized', part using errcode = '22023';
  end case;
end $f$;

create or replace function redshift.getdate() returns timestamp language sql stable as
$f$ select date_trunc('second', statement_timestamp())::timestamp $f$;

create or replace function redshift.sysdate() returns timestamp language sql stable as
$f$ select transaction_timestamp()::timestamp $f$;

create or replace function redshift.nvl2(anyelement, anycompatible, anycompatible) returns anycompatible language sql immutable as
$f$ select case when $1 is not null then $2 else $3 end $f$;

create or replace function redshift.len(text) returns integer language sql immutable strict as
$f$ select length($1) $f$;

create or replace function redshift.charindex(text, text) returns integer language sql immutable strict as
$f$ select strpos($2, $1) $f$;

create or replace function redshift.dateadd(text, bigint, timestamp) returns timestamp language sql immutable strict as $f$
  select $3 + $2 * case redshift.datepart_name($1)
    when 'millennium' then interval '1000 years' when 'century' then interval '100 years'
    when 'decade' then interval '10 years' when 'year' then interval '1 year'
    when 'quarter' then interval '3 months' when 'month' then interval '1 month'
    when 'week' then interval '1 week' when 'day' then interval '1 day'
    when 'hour' then interval '1 hour' when 'minute' then interval '1 minute'
    when 'second' then interval '1 second' when 'millisecond' then interval '1 millisecond'
    when 'microsecond' then interval '1 microsecond'
  end
$f$;

create or replace function redshift.datediff(text, timestamp, timestamp) returns bigint language plpgsql immutable strict as $f$
declare
  part text := redshift.datepart_name($1);
  months bigint := (extract(year from $3)::bigint * 12 + extract(month from $3)::bigint) - (extract(year from $2)::bigint * 12 + extract(month from $2)::bigint);
begin
  case part
    when 'millennium' then return floor(extract(year from $3) / 1000) - floor(extract(year from $2) / 1000);
    when 'century' then return floor(extract(year from $3) / 100) - floor(extract(year from $2) / 100);
    when 'decade' then return floor(extract(year from $3) / 10) - floor(extract(year from $2) / 10);
    when 'year' then return extract(year from $3)::bigint - extract(year from $2)::bigint;
    when 'quarter' then return (extract(year from $3)::bigint * 4 + extract(quarter from $3)::bigint) - (extract(year from $2)::bigint * 4 + extract(quarter from $2)::bigint);
    when 'month' then return months;
    when 'week' then return (pg_catalog.date_trunc('week', $3)::date - pg_catalog.date_trunc('week', $2)::date) / 7;
    when 'day' then return $3::date - $2::date;
    when 'hour', 'minute', 'second', 'millisecond', 'microsecond' then
      return (extract(epoch from pg_catalog.date_trunc(part, $3) - pg_catalog.date_trunc(part, $2)) *
        case part when 'hour' then 1.0 / 3600 when 'minute' then 1.0 / 60 when 'second' then 1 when 'millisecond' then 1000 else 1000000 end)::bigint;
    else raise exception 'date part "%" is not supported by DATEDIFF', $1 using errcode = '0A000';
  end case;
end $f$;

create or replace function redshift.date_trunc(text, date) returns timestamp language sql immutable strict as
$f$ select pg_catalog.date_trunc(redshift.datepart_name($1), $2::timestamp) $f$;

create or replace function redshift.convert_timezone(text, text, timestamp) returns timestamp language sql immutable strict as
$f$ select ($3 at time zone $1) at time zone $2 $f$;

create or replace function redshift.convert_timezone(text, timestamp) returns timestamp language sql immutable strict as
$f$ select ($2 at time zone 'UTC') at time zone $1 $f$;

-- ADD_MONTHS keeps a month end a month end (Feb 29 + 1 month is Mar 31), which DATEADD does not.
create or replace function redshift.add_months(timestamp, bigint) returns timestamp language sql immutable strict as $f$
  select case when $1::date = (pg_catalog.date_trunc('month', $1) + interval '1 month' - interval '1 day')::date
    then pg_catalog.date_trunc('month', $1) + ($2 + 1) * interval '1 month' - interval '1 day' + ($1 - pg_catalog.date_trunc('day', $1))
    else $1 + $2 * interval '1 month' end
$f$;

create or replace function redshift.last_day(timestamp) returns date language sql immutable strict as
$f$ select (pg_catalog.date_trunc('month', $1) + interval '1 month' - interval '1 day')::date $f$;

-- Whole months when both are the same day of the month or both month ends; else the rest over 31-day months.
create or replace function redshift.months_between(timestamp, timestamp) returns double precision language sql immutable strict as $f$
  select (extract(year from $1) * 12 + extract(month from $1) - extract(year from $2) * 12 - extract(month from $2))::double precision +
    case when extract(day from $1) = extract(day from $2)
      or ($1::date = redshift.last_day($1) and $2::date = redshift.last_day($2)) then 0
    else (extract(epoch from $1 - pg_catalog.date_trunc('month', $1)) - extract(epoch from $2 - pg_catalog.date_trunc('month', $2)))::double precision / (31 * 86400) end
$f$;

create or replace function redshift.next_day(timestamp, text) returns date language plpgsql immutable strict as $f$
declare
  d text := lower(trim($2));
  names text[] := array['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
  found int[] := array(select k - 1 from generate_subscripts(names, 1) k where d <> '' and names[k] like d || '%');
begin
  if cardinality(found) <> 1 then raise exception 'Invalid day: "%"', $2 using errcode = '22023'; end if;
  return $1::date + (found[1] - extract(dow from $1)::int + 6) % 7 + 1;
end $f$;

-- TRUNC of a timestamp is its date (TRUNC of a number stays pg_catalog's).
create or replace function redshift.trunc(timestamp) returns date language sql immutable strict as $f$ select $1::date $f$;
create or replace function redshift.trunc(timestamptz) returns date language sql stable strict as $f$ select $1::date $f$;

create or replace function redshift.date_part_year(date) returns integer language sql immutable strict as
$f$ select extract(year from $1)::integer $f$;

create or replace function redshift.replicate(text, integer) returns text language sql immutable strict as $f$ select repeat($1, $2) $f$;

-- NVL2 whose first argument is a literal (type unknown), which the polymorphic form cannot take.
create or replace function redshift.nvl2(text, anycompatible, anycompatible) returns anycompatible language sql immutable as
$f$ select case when $1 is not null then $2 else $3 end $f$;

-- C's strtol: leading white space, a sign, 0x in base 16, then digits as far as they go ('' gives 0).
create or replace function redshift.strtol(text, integer) returns bigint language plpgsql immutable strict as $f$
declare
  s text := ltrim($1, E' \t\n\r\f\v');
  neg boolean := false;
  v numeric := 0;
  d integer;
  c text;
begin
  if $2 < 2 or $2 > 36 then raise exception 'base % is not between 2 and 36', $2 using errcode = '22023'; end if;
  if left(s, 1) in ('+', '-') then neg := left(s, 1) = '-'; s := substr(s, 2); end if;
  if $2 = 16 and lower(left(s, 2)) = '0x' then s := substr(s, 3); end if;
  foreach c in array regexp_split_to_array(s, '') loop
    d := strpos('0123456789abcdefghijklmnopqrstuvwxyz', lower(c)) - 1;
    exit when d < 0 or d >= $2;
    v := v * $2 + d;
  end loop;
  return (case when neg then -v else v end)::bigint;
end $f$;

create or replace function redshift.sha2(text, integer) returns text language sql immutable strict as $f$
  select case $2 when 0 then encode(sha256(convert_to($1, 'UTF8')), 'hex') when 224 then encode(sha224(convert_to($1, 'UTF8')), 'hex')
    when 256 then encode(sha256(convert_to($1, 'UTF8')), 'hex') when 384 then encode(sha384(convert_to($1, 'UTF8')), 'hex')
    when 512 then encode(sha512(convert_to($1, 'UTF8')), 'hex') end
$f$;

-- SHA-1 needs pgcrypto, SOUNDEX and DIFFERENCE fuzzystrmatch (both shipped with the local warehouse); without
-- them FUNC_SHA1, SOUNDEX and DIFFERENCE are missing or fail when called.
do $f$ begin
  if not exists (select from pg_extension where extname = 'pgcrypto') then create extension pgcrypto with schema redshift; end if;
exception when others then null;
end $f$;
do $f$ begin
  if not exists (select from pg_extension where extname = 'fuzzystrmatch') then create extension fuzzystrmatch with schema redshift; end if;
exception when others then null;
end $f$;
create or replace function redshift.func_sha1(text) returns text language plpgsql immutable strict as
$f$ begin return encode(digest(convert_to($1, 'UTF8'), 'sha1'), 'hex'); end $f$;
create or replace function redshift.sha1(text) returns text language sql immutable strict as $f$ select redshift.func_sha1($1) $f$;
create or replace function redshift.sha(text) returns text language sql immutable strict as $f$ select redshift.func_sha1($1) $f$;

-- JSON functions on JSON text (a VARCHAR column), with Redshift's optional null_if_invalid.
create or replace function redshift.is_valid_json(text) returns boolean language sql immutable strict as $f$ select $1 is json object $f$;
create or replace function redshift.is_valid_json_array(text) returns boolean language sql immutable strict as $f$ select $1 is json array $f$;
create or replace function redshift.json_extract_path_text(text, variadic text[]) returns text language sql immutable strict as
$f$ select $1::json #>> $2 $f$;
-- plpgsql, not SQL: an inlined SQL function would cast a constant invalid string at plan time.
create or replace function redshift.json_path_or_null(text, text[], boolean) returns text language plpgsql immutable as
$f$ begin return case when $1 is null or $3 and not ($1 is json) then null else $1::json #>> $2 end; end $f$;
create or replace function redshift.json_extract_path_text(text, text, boolean) returns text language sql immutable as
$f$ select redshift.json_path_or_null($1, array[$2], $3) $f$;
create or replace function redshift.json_extract_path_text(text, text, text, boolean) returns text language sql immutable as
$f$ select redshift.json_path_or_null($1, array[$2, $3], $4) $f$;
create or replace function redshift.json_extract_path_text(text, text, text, text, boolean) returns text language sql immutable as
$f$ select redshift.json_path_or_null($1, array[$2, $3, $4], $5) $f$;
create or replace function redshift.json_extract_path_text(text, text, text, text, text, boolean) returns text language sql immutable as
$f$ select redshift.json_path_or_null($1, array[$2, $3, $4, $5], $6) $f$;
create or replace function redshift.json_extract_path_text(text, text, text, text, text, text, boolean) returns text language sql immutable as
$f$ select redshift.json_path_or_null($1, array[$2, $3, $4, $5, $6], $7) $f$;
create or replace function redshift.json_extract_array_element_text(text, integer, boolean default false) returns text language plpgsql immutable as
$f$ begin return case when $1 is null or $3 and not ($1 is json array) then null when $2 < 0 then null else $1::json ->> $2 end; end $f$;
create or replace function redshift.json_array_length(text, boolean default false) returns integer language plpgsql immutable as
$f$ begin return case when $1 is null or $2 and not ($1 is json array) then null else json_array_length($1::json) end; end $f$;

-- AVG, MEDIAN, RATIO_TO_REPORT and the IGNORE NULLS window functions, as functions.ts rewrites them.
create or replace function redshift.avg(numeric, smallint) returns bigint language sql immutable strict as $f$ select trunc($1)::bigint $f$;
create or replace function redshift.avg(numeric, integer) returns bigint language sql immutable strict as $f$ select trunc($1)::bigint $f$;
create or replace function redshift.avg(numeric, bigint) returns bigint language sql immutable strict as $f$ select trunc($1)::bigint $f$;
create or replace function redshift.avg(numeric, anyelement) returns numeric language sql immutable as $f$ select $1 $f$;
create or replace function redshift.avg(double precision, anyelement) returns double precision language sql immutable as $f$ select $1 $f$;
create or replace function redshift.avg(interval, anyelement) returns interval language sql immutable as $f$ select $1 $f$;
create or replace function redshift.median(double precision) returns double precision language sql immutable as $f$ select $1 $f$;
create or replace function redshift.median(interval) returns interval language sql immutable as $f$ select $1 $f$;
create or replace function redshift.ratio_to_report(numeric, numeric) returns numeric language sql immutable as $f$ select $1 / $2 $f$;
create or replace function redshift.ratio_to_report(double precision, double precision) returns double precision language sql immutable as $f$ select $1 / $2 $f$;
create or replace function redshift.first_value(anyarray) returns anyelement language sql immutable strict as $f$ select $1[1] $f$;
create or replace function redshift.last_value(anyarray) returns anyelement language sql immutable strict as $f$ select $1[cardinality($1)] $f$;
create or replace function redshift.nth_value(anyarray, bigint) returns anyelement language sql immutable strict as $f$ select $1[$2] $f$;
create or replace function redshift.lag(anyarray, bigint) returns anyelement language sql immutable strict as $f$ select $1[cardinality($1) - $2 + 1] $f$;
create or replace function redshift.lead(anyarray, bigint) returns anyelement language sql immutable strict as $f$ select $1[$2] $f$;

-- NVL as a function too, for SQL the rewrite does not see (the body of a CREATE PROCEDURE or FUNCTION).
create or replace function redshift.nvl(anycompatible, anycompatible) returns anycompatible language sql immutable as $f$ select coalesce($1, $2) $f$;
create or replace function redshift.nvl(anycompatible, anycompatible, anycompatible) returns anycompatible language sql immutable as $f$ select coalesce($1, $2, $3) $f$;

-- ALTER TABLE target APPEND FROM source [IGNOREEXTRA | FILLTARGET]: columns match by name.
create or replace procedure redshift.append_from(target regclass, source regclass, mode text) language plpgsql as $f$
declare
  t_cols text[] := array(select attname::text from pg_attribute where attrelid = target and attnum > 0 and not attisdropped order by attnum);
  s_cols text[] := array(select attname::text from pg_attribute where attrelid = source and attnum > 0 and not attisdropped order by attnum);
  extra text[] := array(select c from unnest(s_cols) c where c <> all(t_cols));
  missing text[] := array(select c from unnest(t_cols) c where c <> all(s_cols));
  cols text := (select string_agg(quote_ident(c), ', ') from unnest(t_cols) c where c = any(s_cols));
begin
  if cardinality(extra) > 0 and mode <> 'ignoreextra' then
    raise exception 'Source table has columns the target table lacks: %', array_to_string(extra, ', ') using errcode = '42804', hint = 'use IGNOREEXTRA to drop them';
  end if;
  if cardinality(missing) > 0 and mode <> 'filltarget' then
    raise exception 'Target table has columns the source table lacks: %', array_to_string(missing, ', ') using errcode = '42804', hint = 'use FILLTARGET to fill them with their defaults';
  end if;
  execute format('with moved as (delete from %s returning *) insert into %s (%s) select %s from moved', source, target, cols, cols);
end $f$;

-- EXTRACT as Redshift answers it (functions.ts sends EXTRACT here; DATE_PART stays pg_catalog's): an integer,
-- except from a TIMESTAMPTZ, and milliseconds/microseconds are the fraction of the second alone.
create or replace function redshift.extract_part(text, double precision, double precision) returns double precision language sql immutable strict as $f$
  select case redshift.datepart_name($1) when 'millisecond' then floor($3 / 1000)::bigint % 1000 when 'microsecond' then $3::bigint % 1000000 else $2 end
$f$;
create or replace function redshift.date_part(text, timestamp) returns bigint language sql immutable strict as
$f$ select trunc(redshift.extract_part($1, pg_catalog.date_part(redshift.datepart_name($1), $2), pg_catalog.date_part('microseconds', $2)))::bigint $f$;
create or replace function redshift.date_part(text, date) returns bigint language sql immutable strict as
$f$ select redshift.date_part($1, $2::timestamp) $f$;
create or replace function redshift.date_part(text, time) returns bigint language sql immutable strict as
$f$ select trunc(redshift.extract_part($1, pg_catalog.date_part(redshift.datepart_name($1), $2), pg_catalog.date_part('microseconds', $2)))::bigint $f$;
create or replace function redshift.date_part(text, interval) returns bigint language sql immutable strict as
$f$ select trunc(redshift.extract_part($1, pg_catalog.date_part(redshift.datepart_name($1), $2), pg_catalog.date_part('microseconds', $2)))::bigint $f$;
create or replace function redshift.date_part(text, timestamptz) returns double precision language sql stable strict as
$f$ select redshift.extract_part($1, pg_catalog.date_part(redshift.datepart_name($1), $2), pg_catalog.date_part('microseconds', $2)) $f$;

-- CONCAT: NULL when an argument is NULL, as Redshift's (functions.ts passes Postgres' concat and that test).
create or replace function redshift.concat(text, boolean) returns text language sql immutable as $f$ select case when $2 then null else $1 end $f$;

-- ROUND and TRUNC of a DOUBLE PRECISION to n places (Postgres has them for NUMERIC only).
create or replace function redshift.round(double precision, integer) returns double precision language sql immutable strict as
$f$ select round($1::numeric, $2)::double precision $f$;
create or replace function redshift.trunc(double precision, integer) returns double precision language sql immutable strict as
$f$ select trunc($1::numeric, $2)::double precision $f$;

-- TO_DATE(string, format, is_strict): Postgres' to_date is always strict.
create or replace function redshift.to_date(text, text, boolean) returns date language sql stable strict as $f$ select to_date($1, $2) $f$;

-- SUPER's functions: JSON_PARSE and JSON_SERIALIZE fail naming the type; CAN_JSON_PARSE answers.
create or replace function redshift.json_parse(text) returns text language plpgsql immutable as
$f$ begin raise exception 'JSON_PARSE (the SUPER type) is not supported on the local warehouse' using errcode = '0A000', hint = 'keep JSON in a VARCHAR column and read it with JSON_EXTRACT_PATH_TEXT'; end $f$;
create or replace function redshift.json_serialize(text) returns text language plpgsql immutable as
$f$ begin raise exception 'JSON_SERIALIZE (the SUPER type) is not supported on the local warehouse' using errcode = '0A000'; end $f$;
create or replace function redshift.can_json_parse(text) returns boolean language sql immutable strict as $f$ select $1 is json $f$;

create or replace function redshift.current_user_id() returns integer language sql stable as
$f$ select usesysid::integer from pg_user where usename = current_user $f$;
`
