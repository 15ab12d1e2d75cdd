/**
 * Redshift system views users query, over Postgres' catalogs plus `redshift.table_attributes`
 * (the DISTKEY/SORTKEY/ENCODE a CREATE TABLE declared; see ddl-attributes.ts):
 * - `pg_table_def`: schemaname, tablename, column, type, encoding, distkey, sortkey, notnull — only
 *   tables in schemas on the search_path, as in Redshift;
 * - `svv_table_info`, the documented subset: database, schema, table_id, table, encoded, diststyle,
 *   sortkey1, max_varchar, sortkey_num, size (1 MB blocks), tbl_rows, estimated_visible_rows,
 *   stats_off, unsorted — only tables that hold rows, as in Redshift.
 * - `svv_tables`, `svv_columns`: information_schema's tables and columns.
 * `ANALYZE COMPRESSION` answers from `redshift.analyze_compression`: an encoding by column type
 * (sort key columns raw, numbers and dates az64, text zstd); the reduction is not measured (NULL).
 */
export const systemViewsSql = String.raw`
create table if not exists redshift.table_attributes (
  table_oid oid primary key,
  diststyle text,
  distkey text,
  sortstyle text,
  sortkey text[],
  encodings jsonb,
  backup boolean
);

create or replace function redshift.record_table_attributes() returns event_trigger language plpgsql as $f$
declare
  c record;
  m text[];
  a jsonb;
begin
  for c in select objid from pg_event_trigger_ddl_commands() where object_type = 'table' loop
    for m in select regexp_matches(current_query(), '/\* rsqlflow:table-attributes (.*?) \*/', 'g') loop
      a := m[1]::jsonb;
      continue when to_regclass(a->>'table') is distinct from c.objid;
      if a ? 'like' then
        insert into redshift.table_attributes
          select c.objid, p.diststyle, p.distkey, p.sortstyle, p.sortkey, p.encodings, p.backup
          from redshift.table_attributes p where p.table_oid = to_regclass(a->>'like')
        on conflict (table_oid) do nothing;
      end if;
      insert into redshift.table_attributes as t values (
        c.objid,
        coalesce(a->>'diststyle', case when a ? 'distkey' then 'KEY' end),
        a->>'distkey',
        coalesce(a->>'sortstyle', case when a ? 'sortkey' then 'compound' end),
        case when a ? 'sortkey' then array(select jsonb_array_elements_text(a->'sortkey')) end,
        a->'encodings',
        (a->>'backup')::boolean)
      on conflict (table_oid) do update set
        diststyle = coalesce(excluded.diststyle, t.diststyle), distkey = coalesce(excluded.distkey, t.distkey),
        sortstyle = coalesce(excluded.sortstyle, t.sortstyle), sortkey = coalesce(excluded.sortkey, t.sortkey),
        encodings = coalesce(t.encodings, '{}'::jsonb) || coalesce(excluded.encodings, '{}'::jsonb),
        backup = coalesce(excluded.backup, t.backup);
    end loop;
  end loop;
end $f$;

create or replace function redshift.forget_table_attributes() returns event_trigger language plpgsql as $f$
begin
  delete from redshift.table_attributes where table_oid in
    (select objid from pg_event_trigger_dropped_objects() where object_type = 'table');
end $f$;

do $d$ begin
  if not exists (select 1 from pg_event_trigger where evtname = 'rsqlflow_table_attributes') then
    create event trigger rsqlflow_table_attributes on ddl_command_end
      when tag in ('CREATE TABLE', 'CREATE TABLE AS', 'SELECT INTO') execute function redshift.record_table_attributes();
    create event trigger rsqlflow_forget_table_attributes on sql_drop
      when tag in ('DROP TABLE', 'DROP SCHEMA', 'DROP OWNED') execute function redshift.forget_table_attributes();
  end if;
exception when insufficient_privilege then
  raise notice 'DISTKEY/SORTKEY attributes are not recorded: event triggers need a superuser';
end $d$;

create or replace view redshift.pg_table_def as
select n.nspname as schemaname, c.relname as tablename, a.attname as "column",
  format_type(a.atttypid, a.atttypmod) as type,
  coalesce(t.encodings->>a.attname::text, 'none') as encoding,
  coalesce(t.distkey = a.attname::text, false) as distkey,
  coalesce(array_position(t.sortkey, a.attname::text)
    * case when t.sortstyle = 'interleaved' and array_position(t.sortkey, a.attname::text) % 2 = 0 then -1 else 1 end, 0) as sortkey,
  a.attnotnull as notnull
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
left join redshift.table_attributes t on t.table_oid = c.oid
where c.relkind in ('r', 'p') and n.nspname = any (current_schemas(false)) and n.nspname <> 'redshift';

create or replace function redshift.table_rows(regclass) returns bigint language plpgsql stable as $f$
declare n bigint;
begin
  execute format('select count(*) from %s', $1) into n;
  return n;
end $f$;

create or replace view redshift.svv_table_info as
select * from (
  select current_database()::text as database, n.nspname::text as schema, c.oid as table_id, c.relname::text as "table",
    case when t.encodings is not null and t.encodings <> '{}'::jsonb then 'Y' else 'N' end as encoded,
    case coalesce(t.diststyle, 'AUTO') when 'KEY' then 'KEY(' || t.distkey || ')' when 'AUTO' then 'AUTO(EVEN)' else t.diststyle end as diststyle,
    case when t.sortkey is not null then case when t.sortstyle = 'interleaved' then 'INTERLEAVED' else t.sortkey[1] end
      when t.sortstyle = 'none' then null else 'AUTO(SORTKEY)' end as sortkey1,
    (select max(a.atttypmod - 4) from pg_attribute a where a.attrelid = c.oid and a.atttypid = 'varchar'::regtype and a.atttypmod > 0)::integer as max_varchar,
    coalesce(cardinality(t.sortkey), 0) as sortkey_num,
    ceil(pg_total_relation_size(c.oid) / 1048576.0)::bigint as size,
    redshift.table_rows(c.oid) as tbl_rows,
    redshift.table_rows(c.oid) as estimated_visible_rows,
    case when s.last_analyze is null and s.last_autoanalyze is null then 100.00 else 0.00 end::numeric(5, 2) as stats_off,
    case when t.sortkey is null then null else 0.00 end::numeric(5, 2) as unsorted
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  left join redshift.table_attributes t on t.table_oid = c.oid
  left join pg_stat_all_tables s on s.relid = c.oid
  where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'redshift') and n.nspname not like 'pg_toast%'
    and has_table_privilege(c.oid, 'select')
) i where tbl_rows > 0;

create or replace function redshift.analyze_compression(target text, columns text[])
returns table ("Table" text, "Column" text, "Encoding" text, "Est_reduction_pct" numeric(5, 2)) language sql stable as $f$
  select c.relname::text, a.attname::text,
    case
      when t.sortkey[1] = a.attname::text then 'raw'
      when a.atttypid in ('int2'::regtype, 'int4'::regtype, 'int8'::regtype, 'numeric'::regtype, 'date'::regtype,
        'timestamp'::regtype, 'timestamptz'::regtype, 'time'::regtype, 'timetz'::regtype) then 'az64'
      when a.atttypid in ('bool'::regtype, 'float4'::regtype, 'float8'::regtype) then 'raw'
      else 'zstd' end,
    null::numeric(5, 2)
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
  join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  left join redshift.table_attributes t on t.table_oid = c.oid
  where c.relkind in ('r', 'p')
    and (case when target is null then n.nspname = any (current_schemas(false)) and n.nspname <> 'redshift' else c.oid = target::regclass end)
    and (columns is null or a.attname::text = any (columns))
  order by c.relname, a.attnum
$f$;

-- SVV_TABLES and SVV_COLUMNS: information_schema's, without the compatibility schema.
create or replace view redshift.svv_tables as
  select table_catalog::text, table_schema::text, table_name::text, table_type::text, null::text as remarks
  from information_schema.tables where table_schema <> 'redshift';
create or replace view redshift.svv_columns as
  select table_catalog::text, table_schema::text, table_name::text, column_name::text, ordinal_position::int, column_default::text,
    is_nullable::text, data_type::text, character_maximum_length::int, numeric_precision::int, numeric_precision_radix::int,
    numeric_scale::int, datetime_precision::int, interval_type::text, interval_precision::int, null::text as remarks
  from information_schema.columns where table_schema <> 'redshift';
`
