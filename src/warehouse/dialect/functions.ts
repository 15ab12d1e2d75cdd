/**
 * Redshift functions and query syntax → PostgreSQL, on PostgreSQL's own parse tree.
 *
 * Functions Postgres lacks and that a SQL function can answer (`GETDATE()`, `NVL2`, `LEN`, `CHARINDEX`,
 * `DATEADD`, `DATEDIFF`, `CONVERT_TIMEZONE`, `DATE_TRUNC` on a date) live in the `redshift` schema
 * (compat-schema.ts) and need no rewrite. The tree is rewritten only where a function cannot do it:
 * - `NVL(a, b, …)` → `COALESCE(a, b, …)` (lazy, any number of arguments);
 * - `DECODE(expr, search, result, …[, default])` → `CASE WHEN expr IS NOT DISTINCT FROM search THEN …`
 *   (Postgres has its own two-argument `decode`, which stays);
 * - `LISTAGG(expr[, delimiter]) [WITHIN GROUP (ORDER BY …)]` → `string_agg(expr::text, delimiter ORDER BY …)`;
 * - `SYSDATE` and `CURRENT_USER_ID` (no parentheses) → `redshift.sysdate()`, `redshift.current_user_id()`;
 * - date part keywords: `DATEADD(day, …)` → `DATEADD('day', …)`;
 * - `TOP n` → `LIMIT n`; `QUALIFY cond` → a subquery filtered on cond;
 * - `REGEXP_REPLACE` replaces every match, as Redshift's does (Postgres' replaces the first unless 'g'),
 *   its replacement defaults to '', and `REGEXP_*` parameters become Postgres flags ('p', PCRE, is
 *   dropped; 'e' asks for the first subexpression);
 * - `EXTRACT(part FROM x)` → `redshift.date_part(part, x)`: an integer for a timestamp, date, time or
 *   interval (Postgres gives a numeric: epoch 1204089256.000000), and `ms`/`us` the fraction of the second only;
 * - `CONCAT(a, b)` is NULL when an argument is (Postgres' concat skips NULLs): `redshift.concat(pg_catalog.concat(a, b),
 *   a IS NULL OR b IS NULL)`;
 * - `AVG` of an integer is a BIGINT, truncated (`redshift.avg(avg(x), min(x))` picks by x's type);
 * - `MEDIAN(x)` → `PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x)`;
 * - `RATIO_TO_REPORT(x) OVER (…)` → x over `SUM(x) OVER (…)`;
 * - `FIRST_VALUE`, `LAST_VALUE`, `NTH_VALUE`, `LAG`, `LEAD` with `IGNORE NULLS` → an `array_agg` of the
 *   non-null values over the window (for LAG/LEAD the rows before/after the current one), indexed.
 * Each keeps the output column name Redshift gives (a function of the same name in the `redshift` schema).
 * `TOP`, `QUALIFY` and `IGNORE NULLS` are not Postgres grammar: a token pass first turns them into markers the
 * parser accepts (`n AS __rsqlflow_top` as the first select item, `WINDOW __rsqlflow_qualify AS
 * (PARTITION BY (cond))`), which the tree pass then finds on the right SELECT.
 */
import { applyEdits, closingParen, type Edit, type Token } from './rewrite-tokens.ts'
import { deparseStatement, parseStatements, type Node } from './parse-tree.ts'
import { syntaxError, unsupported } from './refuse.ts'

const TOP = '__rsqlflow_top'
const QUALIFY = '__rsqlflow_qualify'
const KEEP = '__rsqlflow_keep'
const ROW = '__rsqlflow_row'
const SUBQUERY = '__rsqlflow_q'
const IGNORE_NULLS = '__rsqlflow_ignore_nulls_'
const LISTAGG_DISTINCT = '__rsqlflow_listagg_distinct'
const ignoreNullsFunctions = new Set(['FIRST_VALUE', 'LAST_VALUE', 'NTH_VALUE', 'LAG', 'LEAD'])

/** Words that send a statement through the tree pass. */
export const treeWords = new Set(['NVL', 'DECODE', 'LISTAGG', 'SYSDATE', 'DATEADD', 'DATEDIFF', 'DATEPART', 'DATE_PART', 'TOP', 'QUALIFY',
  'REGEXP_REPLACE', 'REGEXP_SUBSTR', 'REGEXP_INSTR', 'REGEXP_COUNT', 'EXTRACT', 'CONCAT', 'AVG', 'MEDIAN', 'RATIO_TO_REPORT', 'IGNORE', 'RESPECT', 'CURRENT_USER_ID'])
const datePartFunctions = new Set(['dateadd', 'datediff', 'datepart', 'date_part'])
const datePartAliases: Record<string, string> = { dayofweek: 'dow', dw: 'dow', weekday: 'dow', dayofyear: 'doy', dy: 'doy', yearday: 'doy' }
const clauseEnd = new Set(['ORDER', 'LIMIT', 'OFFSET', 'FETCH', 'UNION', 'INTERSECT', 'EXCEPT'])

/** The token pass: `TOP n` and `QUALIFY cond` → markers the Postgres grammar accepts. */
export function markRedshiftSyntax(sql: string, toks: Token[]): string {
  const edits: Edit[] = []
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]
    if (t.upper === 'SELECT') {
      let j = k + 1
      if (toks[j]?.upper === 'ALL' || toks[j]?.upper === 'DISTINCT') j++
      if (toks[j]?.upper === 'TOP') {
        const n = toks[j + 1]
        if (n?.kind !== 'number' || !/^\d+$/.test(n.text)) throw syntaxError('TOP takes a positive integer literal', toks[j].start)
        edits.push({ start: toks[j].start, end: n.end, text: `${n.text} AS ${TOP},` })
      }
    } else if ((t.upper === 'IGNORE' || t.upper === 'RESPECT') && toks[k + 1]?.upper === 'NULLS') {
      const nulls = toks[k + 1]
      edits.push({ start: t.start, end: nulls.end, text: '' })
      if (t.upper === 'RESPECT') continue
      // `f(x) IGNORE NULLS OVER …` or `f(x IGNORE NULLS) OVER …`: find f.
      const inside = toks[k + 2]?.text === ')' && toks[k - 1]?.text !== ')'
      let open = k - 1
      if (inside) while (open >= 0 && !(toks[open].text === '(' && toks[open].depth === t.depth - 1)) open--
      else if (toks[k - 1]?.text === ')') while (open >= 0 && !(toks[open].text === '(' && toks[open].depth === toks[k - 1].depth)) open--
      const f = toks[open - 1]
      if (!f || f.kind !== 'word') throw syntaxError('IGNORE NULLS must follow a window function', t.start)
      if (!ignoreNullsFunctions.has(f.upper)) throw unsupported(`IGNORE NULLS in ${f.upper}`, t.start)
      edits.push({ start: f.start, end: f.end, text: IGNORE_NULLS + f.text.toLowerCase() })
      k++
    } else if (t.upper === 'LISTAGG' && toks[k + 1]?.text === '(' && toks[k + 2]?.upper === 'DISTINCT') {
      // Postgres' grammar refuses DISTINCT with WITHIN GROUP: the tree pass puts it back (LISTAGG_DISTINCT).
      const close = closingParen(toks, k + 1)
      if (toks[close + 1]?.upper === 'WITHIN') {
        edits.push({ start: t.start, end: t.end, text: LISTAGG_DISTINCT })
        edits.push({ start: toks[k + 2].start, end: toks[k + 2].end, text: '' })
      }
    } else if (t.upper === 'QUALIFY') {
      let end = k + 1
      while (end < toks.length) {
        const u = toks[end]
        if (u.text === ';' || (u.text === ')' && u.kind === 'punct' && u.depth < t.depth)) break
        if (u.depth === t.depth && clauseEnd.has(u.upper)) break
        end++
      }
      if (end === k + 1) throw syntaxError('QUALIFY needs a condition', t.start)
      edits.push({ start: t.start, end: t.end, text: `WINDOW ${QUALIFY} AS (PARTITION BY (` })
      edits.push({ start: toks[end - 1].end, end: toks[end - 1].end, text: '))' })
    }
  }
  return applyEdits(sql, edits)
}

/**
 * The tree pass over one or more statements (already marked); returns Postgres SQL. A statement the
 * pass leaves alone keeps the user's text, so server error positions still point into it.
 */
export function rewriteFunctions(sql: string): string {
  const stmts = parseStatements(sql)
  const before = JSON.stringify(stmts)
  const after = stmts.map(visit)
  if (JSON.stringify(after) === before) return sql
  return after.map(deparseStatement).join(';\n')
}

function visit(value: unknown): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  if (Array.isArray(value)) return value.map(visit)
  if (value === null || typeof value !== 'object') return value
  const node = value as Node
  for (const key of Object.keys(node)) node[key] = visit(node[key])
  const keys = Object.keys(node)
  if (keys.length !== 1) return node
  const [type] = keys
  const rule = rules[type]
  return rule ? rule(node[type], node) : node
}

const rules: Record<string, (n: Node, wrapper: Node) => Node> = {
  FuncCall: funcCall,
  ColumnRef: (n, w) => {
    const f = n.fields
    if (f.length === 1 && f[0].String?.sval === 'sysdate') return fn(['redshift', 'sysdate'], [], n.location)
    if (f.length === 1 && f[0].String?.sval === 'current_user_id') return fn(['redshift', 'current_user_id'], [], n.location)
    return w
  },
  SelectStmt: (n, w) => {
    topToLimit(n)
    return qualify(n) ?? w
  },
}

function funcCall(n: Node, wrapper: Node): Node {
  const names: string[] = n.funcname.map((s: Node) => s.String?.sval)
  if (names.length > 1 && names[0] !== 'pg_catalog') return wrapper
  const name = names[names.length - 1]
  const args: Node[] = n.args ?? []
  if (name === 'nvl' && !n.over && !n.agg_order) {
    if (args.length < 2) throw syntaxError('NVL takes at least two arguments', n.location)
    return { CoalesceExpr: { args, location: n.location } }
  }
  if (name === 'decode' && args.length >= 3) return decode(args, n.location)
  if (name === 'listagg' || name === LISTAGG_DISTINCT) return listagg(n, name === LISTAGG_DISTINCT)
  if (name.startsWith('regexp_')) regexp(name, n)
  if (name === 'avg' && !n.agg_star && args.length === 1) return fn(['redshift', 'avg'], [wrapper, { FuncCall: { ...n, funcname: [{ String: { sval: 'min' } }] } }], n.location)
  if (name === 'extract' && names[0] === 'pg_catalog' && n.funcformat === 'COERCE_SQL_SYNTAX') return fn(['redshift', 'date_part'], args, n.location)
  if (name === 'concat' && args.length > 0 && !n.over && !n.agg_star) {
    const nulls = args.map(a => ({ NullTest: { arg: a, nulltesttype: 'IS_NULL', location: -1 } }))
    const anyNull = nulls.length === 1 ? nulls[0] : { BoolExpr: { boolop: 'OR_EXPR', args: nulls, location: -1 } }
    return fn(['redshift', 'concat'], [{ FuncCall: { ...n, funcname: [{ String: { sval: 'pg_catalog' } }, { String: { sval: 'concat' } }] } }, anyNull], n.location)
  }
  if (name === 'median') return median(n)
  if (name === 'ratio_to_report') return ratioToReport(n)
  if (name.startsWith(IGNORE_NULLS)) return ignoreNulls(name.slice(IGNORE_NULLS.length), n)
  if (datePartFunctions.has(name) && args[0]?.ColumnRef?.fields?.length === 1 && args[0].ColumnRef.fields[0].String) {
    args[0] = { A_Const: { sval: { sval: args[0].ColumnRef.fields[0].String.sval }, location: args[0].ColumnRef.location } }
    if (name === 'datepart') n.funcname = [{ String: { sval: 'date_part' } }]
  }
  // DATE_PART takes Redshift's names Postgres lacks for the day of the week and of the year.
  if ((name === 'date_part' || name === 'datepart') && args[0]?.A_Const?.sval) {
    const part = datePartAliases[args[0].A_Const.sval.sval.trim().toLowerCase()]
    if (part) args[0] = { A_Const: { sval: { sval: part }, location: args[0].A_Const.location } }
  }
  return wrapper
}

// The argument that holds Redshift's regular expression parameters (c, i, e, p), by function and arity.
const regexpParameters: Record<string, number> = { regexp_replace: 4, regexp_substr: 4, regexp_instr: 5, regexp_count: 3 }

function regexp(name: string, n: Node): void {
  const args: Node[] = n.args ?? []
  const str = (sval: string): Node => ({ A_Const: { sval: { sval }, location: -1 } })
  const isString = (a: Node | undefined) => a?.A_Const?.sval !== undefined
  // Postgres-style flags in the fourth argument ('g', 'i'…) are left alone: Redshift's is a position.
  if (name === 'regexp_replace' && isString(args[3])) return
  const at = regexpParameters[name]
  let subexpression = false
  if (at !== undefined && args[at]) {
    const p = args[at]
    if (isString(p)) {
      const text: string = p.A_Const.sval.sval
      subexpression = name !== 'regexp_replace' && name !== 'regexp_count' && text.includes('e')
      args[at] = str(text.replace(/[pe]/g, ''))
    } else {
      args[at] = fn(['pg_catalog', 'translate'], [p, str('pe'), str('')], -1)
    }
  }
  if (name === 'regexp_replace') {
    if (args.length === 2) args.push(str(''))
    if (args.length === 3) args.push(str('g'))
    else args.splice(4, 0, int(0)) // at a position: N = 0, every match from there
  }
  if (subexpression) args.push(int(1))
  n.args = args
}

const int = (ival: number): Node => ({ A_Const: { ival: ival ? { ival } : {}, location: -1 } })

function median(n: Node): Node {
  const args: Node[] = n.args ?? []
  if (args.length !== 1) throw syntaxError('MEDIAN takes one argument', n.location)
  if (n.over) throw unsupported('MEDIAN as a window function (OVER)', n.location, 'compute PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY …) grouped by the partition, and join it')
  const sortBy = { SortBy: { node: args[0], sortby_dir: 'SORTBY_DEFAULT', sortby_nulls: 'SORTBY_NULLS_DEFAULT', location: -1 } }
  const call: Node = {
    funcname: [{ String: { sval: 'percentile_cont' } }], args: [{ A_Const: { fval: { fval: '0.5' }, location: -1 } }],
    agg_order: [sortBy], agg_within_group: true, funcformat: 'COERCE_EXPLICIT_CALL', location: n.location,
  }
  if (n.agg_filter) call.agg_filter = n.agg_filter
  return fn(['redshift', 'median'], [{ FuncCall: call }], n.location)
}

function ratioToReport(n: Node): Node {
  const args: Node[] = n.args ?? []
  if (args.length !== 1 || !n.over) throw syntaxError('RATIO_TO_REPORT takes one argument and an OVER clause', n.location)
  if (n.over.orderClause) throw syntaxError('RATIO_TO_REPORT does not take ORDER BY in its OVER clause', n.location)
  const sum = { FuncCall: { funcname: [{ String: { sval: 'sum' } }], args, over: n.over, funcformat: 'COERCE_EXPLICIT_CALL', location: n.location } }
  return fn(['redshift', 'ratio_to_report'], [args[0], sum], n.location)
}

// ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING, and ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING (parsenodes.h).
const ROWS_BEFORE = 0x1 | 0x4 | 0x10 | 0x20 | 0x1000
const ROWS_AFTER = 0x1 | 0x4 | 0x10 | 0x100 | 0x2000

function ignoreNulls(name: string, n: Node): Node {
  const args: Node[] = n.args ?? []
  if (!n.over || n.over.refname || n.over.name) throw unsupported(`${name.toUpperCase()} … IGNORE NULLS without its own OVER (…)`, n.location)
  const [x, offset] = args
  let over: Node = n.over
  if (name === 'lag' || name === 'lead') {
    over = { ...over, frameOptions: name === 'lag' ? ROWS_BEFORE : ROWS_AFTER }
    delete over.startOffset
    delete over.endOffset
    over[name === 'lag' ? 'endOffset' : 'startOffset'] = int(1)
  }
  const values: Node = {
    FuncCall: {
      funcname: [{ String: { sval: 'array_agg' } }], args: [x], over, funcformat: 'COERCE_EXPLICIT_CALL', location: n.location,
      agg_filter: { NullTest: { arg: x, nulltesttype: 'IS_NOT_NULL', location: -1 } },
    },
  }
  const rest = name === 'first_value' || name === 'last_value' ? [] : [offset ?? int(1)]
  return fn(['redshift', name], [values, ...rest], n.location)
}

function decode(args: Node[], location: number): Node {
  const [expr, ...rest] = args
  const whens: Node[] = []
  for (let k = 0; k + 1 < rest.length; k += 2) {
    whens.push({ CaseWhen: { expr: { A_Expr: { kind: 'AEXPR_NOT_DISTINCT', name: [{ String: { sval: '=' } }], lexpr: expr, rexpr: rest[k], location } }, result: rest[k + 1], location } })
  }
  const defresult = rest.length % 2 === 1 ? rest[rest.length - 1] : undefined
  return { CaseExpr: { args: whens, ...(defresult ? { defresult } : {}), location } }
}

function listagg(n: Node, distinct: boolean): Node {
  const args: Node[] = n.args ?? []
  if (args.length < 1 || args.length > 2) throw syntaxError('LISTAGG takes an expression and an optional delimiter', n.location)
  if (n.over && n.agg_order) throw unsupported('LISTAGG … WITHIN GROUP (ORDER BY …) as a window function (OVER)', n.location, 'order the rows in a subquery, or drop WITHIN GROUP')
  const asText = (arg: Node): Node => ({ TypeCast: { arg, typeName: { names: [{ String: { sval: 'text' } }], typemod: -1, location: -1 }, location: -1 } })
  const delimiter = args[1] ?? { A_Const: { sval: { sval: '' }, location: -1 } }
  const call: Node = { ...n, funcname: [{ String: { sval: 'string_agg' } }], args: [asText(args[0]), delimiter] }
  delete call.agg_within_group
  if (distinct) {
    // With DISTINCT, Postgres wants the ORDER BY expression among the arguments: order by the text too.
    call.agg_distinct = true
    const same = (a: Node) => JSON.stringify(strip(a)) === JSON.stringify(strip(args[0]))
    call.agg_order = (n.agg_order ?? []).map((o: Node) => same(o.SortBy.node) ? { SortBy: { ...o.SortBy, node: asText(o.SortBy.node) } } : o)
  }
  return { FuncCall: call }
}

/** A node without its source locations, to compare two expressions. */
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'location').map(([k, v]) => [k, strip(v)]))
}

function fn(names: string[], args: Node[], location: number): Node {
  return { FuncCall: { funcname: names.map(sval => ({ String: { sval } })), args, funcformat: 'COERCE_EXPLICIT_CALL', location } }
}

function topToLimit(s: Node): void {
  const first = s.targetList?.[0]?.ResTarget
  if (first?.name !== TOP) return
  if (s.limitCount) throw syntaxError('TOP and LIMIT cannot be used in the same query', first.location)
  s.targetList = s.targetList.slice(1)
  s.limitCount = first.val
  s.limitOption = 'LIMIT_OPTION_COUNT'
}

/** `SELECT … QUALIFY cond` → `SELECT <names> FROM (SELECT …, cond AS keep …) q WHERE keep [LIMIT …]`. */
function qualify(s: Node): Node | undefined {
  const windows: Node[] = s.windowClause ?? []
  const at = windows.findIndex(w => w.WindowDef?.name === QUALIFY)
  if (at < 0) return undefined
  const cond = windows[at].WindowDef.partitionClause[0]
  const inner: Node = { ...s, windowClause: windows.filter((_, k) => k !== at) }
  if (inner.windowClause.length === 0) delete inner.windowClause
  for (const key of ['limitCount', 'limitOffset', 'limitOption', 'distinctClause']) delete inner[key]
  const targets: Node[] = inner.targetList
  const outerTargets: Node[] = []
  const isStar = (t: Node) => t.ResTarget?.val?.ColumnRef?.fields?.some((f: Node) => f.A_Star)
  if (targets.some(isStar)) {
    const from: Node[] = inner.fromClause ?? []
    const rel = from.length === 1 ? from[0].RangeVar : undefined
    if (targets.length !== 1 || !rel) throw unsupported('QUALIFY with * over more than one table', cond.location ?? -1, 'list the columns in the select list')
    inner.targetList = [{ ResTarget: { name: ROW, val: colRef([rel.alias?.aliasname ?? rel.relname]), location: -1 } }]
    outerTargets.push({ ResTarget: { val: { A_Indirection: { arg: colRef([SUBQUERY, ROW]), indirection: [{ A_Star: {} }] } }, location: -1 } })
  } else {
    inner.targetList = targets.map((t, k) => {
      const name = t.ResTarget.name ?? `__rsqlflow_c${k + 1}`
      outerTargets.push({ ResTarget: { name: t.ResTarget.name ?? columnName(t.ResTarget.val), val: colRef([SUBQUERY, name]), location: -1 } })
      return { ResTarget: { ...t.ResTarget, name } }
    })
  }
  inner.targetList.push({ ResTarget: { name: KEEP, val: cond, location: -1 } })
  const outer: Node = {
    targetList: outerTargets,
    fromClause: [{ RangeSubselect: { subquery: { SelectStmt: inner }, alias: { aliasname: SUBQUERY } } }],
    whereClause: colRef([SUBQUERY, KEEP]),
    limitOption: s.limitOption ?? 'LIMIT_OPTION_DEFAULT',
    op: 'SETOP_NONE',
  }
  if (s.limitCount) outer.limitCount = s.limitCount
  if (s.limitOffset) outer.limitOffset = s.limitOffset
  if (s.distinctClause) outer.distinctClause = s.distinctClause
  return { SelectStmt: outer }
}

function colRef(names: string[]): Node {
  return { ColumnRef: { fields: names.map(sval => ({ String: { sval } })), location: -1 } }
}

/** The output name Postgres gives an unnamed select item (its FigureColname). */
function columnName(val: Node): string {
  const [type] = Object.keys(val)
  const n = val[type]
  switch (type) {
    case 'ColumnRef': {
      const last = n.fields[n.fields.length - 1]
      return last.String?.sval ?? '?column?'
    }
    case 'FuncCall': return n.funcname[n.funcname.length - 1].String.sval
    case 'TypeCast': {
      const inner = columnName(n.arg)
      return inner !== '?column?' ? inner : n.typeName.names[n.typeName.names.length - 1].String.sval
    }
    case 'CaseExpr': return 'case'
    case 'CoalesceExpr': return 'coalesce'
    case 'MinMaxExpr': return n.op === 'IS_GREATEST' ? 'greatest' : 'least'
    case 'A_ArrayExpr': return 'array'
    default: return '?column?'
  }
}
