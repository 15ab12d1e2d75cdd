// The text of one history chunk. A chunk used to be the JSON array of its rows; most of those bytes
// repeat (`"inputDetails":{"truncated":false}`, ISO timestamps, keys, names), and writing them was
// most of a persisted run's cost. Now a chunk is a header line and one tab-separated line per row:
//
//   #2 <tab> [[type, detailsMember], …]                     the chunk's dictionary (JSON)
//   idΔ  prevΔ  msΔ  typeIndex  visit  seq  next  payload   one row
//
// idΔ is the id minus the previous row's id, prevΔ the id minus previousEventId, msΔ the timestamp
// minus the previous row's (each '' when 1, 1, 0); `visit` is the key before `|type|seq` ('' when the
// previous row's); `next` is meta.next ('' for no meta); the payload is '' (no details), `i<text>` or
// `o<text>` for a state's entered/exited details {name, input|output, …Details: {truncated: false}}
// whose name ends the visit key, or `j<JSON>` for any other details. A row of any other shape is
// written as `{` + its JSON. Decoding gives back rows deep-equal to the ones encoded, keys in order.
import type { EventRow } from './executions.ts'

const VERSION = '#2'
const EPOCH = new Date(0).toISOString()

interface Cursor {
  id: number
  ms: number
  ts: string
  visit: string
  /** a name checked to be the one decoding derives from `visit` */
  name: string | undefined
  /** strings already checked for line and field breaks (state names, types) */
  safe: Set<string>
  /** dictionary index by type, then by details member */
  dict: Map<string, Map<string, number>>
  entries: Array<[string, string]>
}

/**
 * Builds one chunk's text row by row (in id order). A row holds `event`, `key` and `meta.next`,
 * nothing else; `addState` takes a state's entered/exited event as its parts, without the objects.
 */
export class ChunkWriter {
  private readonly out: string[] = ['']
  private readonly c: Cursor = { id: 0, ms: 0, ts: EPOCH, visit: '', name: undefined, safe: new Set(), dict: new Map(), entries: [] }
  count = 0
  firstId = 0

  get lastId(): number {
    return this.c.id
  }

  add(row: EventRow): void {
    if (!encodeRow(row, this.c, this.out)) {
      this.out.push('\n{', JSON.stringify(row.meta === undefined ? { event: row.event, key: row.key } : { event: row.event, key: row.key, meta: row.meta }))
    }
    this.added(row.event.id)
  }

  /**
   * A `<Type>StateEntered` (`entered`) or `…Exited` event whose details are `{name, input|output,
   * …Details: {truncated: false}}`, keyed `<visit>|<type>|<seq>`, with meta `{next}` when `next` is given.
   */
  addState(id: number, previousEventId: number, timestamp: string, type: string, visit: string, seq: number, entered: boolean, name: string, text: string, next: string | undefined): void {
    const c = this.c
    const sameVisit = visit === c.visit
    let ok = sameVisit || (visit !== '' && !hasBreak(visit))
    if (!sameVisit) c.name = undefined
    if (ok && name !== c.name) {
      ok = nameMatches(visit, name)
      c.name = ok ? name : undefined
    }
    let ms = c.ms
    if (ok && timestamp !== c.ts) {
      ms = Date.parse(timestamp)
      ok = Number.isFinite(ms) && new Date(ms).toISOString() === timestamp
    }
    ok = ok && !text.includes('\n') && (next === undefined || (next !== '' && !hasBreak(next)))
    const member = entered ? 'stateEnteredEventDetails' : 'stateExitedEventDetails'
    if (ok && writeLine(c, this.out, id, previousEventId, ms, timestamp, type, member, visit, sameVisit, seq, next ?? '', entered ? KIND_INPUT : KIND_OUTPUT, text)) {
      this.added(id)
      return
    }
    const details = entered ? { name, input: text, inputDetails: { truncated: false } } : { name, output: text, outputDetails: { truncated: false } }
    const row: EventRow = { event: { id, previousEventId, timestamp, type, [member]: details }, key: `${visit}|${type}|${seq}` }
    if (next !== undefined) row.meta = { next }
    this.add(row)
  }

  private added(id: number): void {
    if (this.count++ === 0) this.firstId = id
    this.c.id = id
  }

  /** The chunk's text (the writer is spent). */
  text(): string {
    this.out[0] = VERSION + '\t' + JSON.stringify(this.c.entries)
    // few, long pieces: joining is most of the cost
    return this.out.join('')
  }
}

/** Encodes rows (in id order) as a chunk's text. */
export function encodeChunk(rows: readonly EventRow[]): string {
  const w = new ChunkWriter()
  for (const row of rows) w.add(row)
  return w.text()
}

/** Pushes the row's line onto `out`; false (nothing pushed) when the row needs the JSON form. */
function encodeRow(row: EventRow, c: Cursor, out: string[]): boolean {
  const e = row.event
  const type = e.type
  const key = row.key
  if (!Number.isSafeInteger(e.id) || !Number.isSafeInteger(e.previousEventId) || typeof e.timestamp !== 'string' || typeof type !== 'string' || typeof key !== 'string') return false
  let next = ''
  const meta = row.meta
  if (meta !== undefined) {
    next = meta.next as string
    if (typeof next !== 'string' || next === '' || hasBreak(next)) return false
  }
  // the key: `<visit>|<type>|<seq>`
  let visit: string
  let seq: string | number
  if (row.visit !== undefined && row.seq !== undefined) {
    visit = row.visit
    seq = row.seq
  } else {
    const s2 = key.lastIndexOf('|')
    const s1 = s2 - type.length - 1
    if (s1 <= 0 || key.charCodeAt(s1) !== 124 || !key.startsWith(type, s1 + 1)) return false
    visit = key.slice(0, s1)
    seq = key.slice(s2 + 1)
    if (hasBreak(seq)) return false
  }
  const sameVisit = visit === c.visit
  if (!sameVisit) {
    if (visit === '' || hasBreak(visit)) return false
    c.name = undefined
  }
  // the event: the four base members and at most one details member
  let member = ''
  let n = 0
  for (const k in e) {
    n++
    if (k !== 'id' && k !== 'previousEventId' && k !== 'timestamp' && k !== 'type') {
      if (member !== '') return false
      member = k
    }
  }
  if (n !== (member === '' ? 4 : 5)) return false
  const details = member === '' ? undefined : e[member]
  if (member !== '' && details === undefined) return false
  // the timestamp must come back as the same text
  let ms: number
  if (e.timestamp === c.ts) ms = c.ms
  else {
    ms = Date.parse(e.timestamp)
    if (!Number.isFinite(ms) || new Date(ms).toISOString() !== e.timestamp) return false
  }
  let kind = KIND_NONE
  let payload = ''
  if (details !== undefined) {
    const text = enteredOrExited(member, details, visit, c)
    if (text !== undefined) (kind = member === 'stateEnteredEventDetails' ? KIND_INPUT : KIND_OUTPUT), (payload = text)
    else {
      const json = JSON.stringify(details)
      if (json === undefined) return false
      ;(kind = KIND_JSON), (payload = json)
    }
  }
  return writeLine(c, out, e.id, e.previousEventId, ms, e.timestamp, type, member, visit, sameVisit, seq, next, kind, payload)
}

/** Pushes one row's line (its checks done); false when its type cannot go in the dictionary. */
function writeLine(
  c: Cursor, out: string[], id: number, previousEventId: number, ms: number, timestamp: string, type: string, member: string,
  visit: string, sameVisit: boolean, seq: string | number, next: string, kind: string, payload: string,
): boolean {
  let members = c.dict.get(type)
  let t = members?.get(member)
  if (t === undefined) {
    if (!isSafe(c, type) || !isSafe(c, member)) return false
    if (members === undefined) c.dict.set(type, (members = new Map()))
    t = c.entries.length
    members.set(member, t)
    c.entries.push([type, member])
  }
  const idDelta = id - c.id
  const prevDelta = id - previousEventId
  const msDelta = ms - c.ms
  c.ms = ms
  c.ts = timestamp
  c.visit = visit
  // '\n' idΔ '\t' prevΔ '\t' msΔ '\t' type '\t' — one constant piece in the usual case
  const head = idDelta === 1 && prevDelta === 1 && msDelta === 0 && t < HEADS.length
    ? HEADS[t]!
    : '\n' + (idDelta === 1 ? '' : idDelta) + '\t' + (prevDelta === 1 ? '' : prevDelta) + '\t' + (msDelta === 0 ? '' : msDelta) + '\t' + t + '\t'
  const seqTab = typeof seq === 'number' && seq < SEQS.length ? SEQS[seq]! : seq + '\t'
  if (sameVisit) out.push(head, '\t', seqTab, next, kind, payload)
  else out.push(head, visit, '\t', seqTab, next, kind, payload)
  return true
}

const KIND_NONE = '\t'
const KIND_INPUT = '\ti'
const KIND_OUTPUT = '\to'
const KIND_JSON = '\tj'
const HEADS = Array.from({ length: 64 }, (_, t) => `\n\t\t\t${t}\t`)
const SEQS = Array.from({ length: 16 }, (_, s) => `${s}\t`)

function isSafe(c: Cursor, s: string): boolean {
  if (c.safe.has(s)) return true
  if (hasBreak(s)) return false
  c.safe.add(s)
  return true
}

/** The input/output text of a state's entered/exited details in their usual shape, else undefined. */
function enteredOrExited(member: string, d: unknown, visit: string, c: Cursor): string | undefined {
  const entered = member === 'stateEnteredEventDetails'
  if ((!entered && member !== 'stateExitedEventDetails') || typeof d !== 'object' || d === null) return undefined
  const o = d as Record<string, unknown>
  const text = entered ? o.input : o.output
  const name = o.name
  if (typeof text !== 'string' || typeof name !== 'string') return undefined
  if (name !== c.name) {
    if (!nameMatches(visit, name)) return undefined
    c.name = name
  }
  if (!hasKeys(o, entered ? ENTERED : EXITED) || !isUntruncated(entered ? o.inputDetails : o.outputDetails) || text.includes('\n')) return undefined
  return text
}

const ENTERED = ['name', 'input', 'inputDetails']
const EXITED = ['name', 'output', 'outputDetails']

/** Whether `o` has exactly these own keys, in this order (the order decoding gives back). */
function hasKeys(o: object, keys: readonly string[]): boolean {
  let i = 0
  for (const k in o) if (k !== keys[i++]) return false
  return i === keys.length
}

function isUntruncated(flags: unknown): boolean {
  if (typeof flags !== 'object' || flags === null || (flags as { truncated?: unknown }).truncated !== false) return false
  let n = 0
  for (const _ in flags) n++
  return n === 1
}

/** The state's name in a visit key `…/<name>#<n>` (names may hold '/' and '#'). */
function stateName(visit: string): string | undefined {
  const hash = visit.lastIndexOf('#')
  if (hash < 0) return undefined
  // the name starts after the '/' that follows the frame key; frame keys end with '}' or ']' or are empty
  let slash = visit.lastIndexOf('/', hash)
  while (slash > 0 && visit[slash - 1] !== '}' && visit[slash - 1] !== ']') slash = visit.lastIndexOf('/', slash - 1)
  return slash < 0 ? undefined : visit.slice(slash + 1, hash)
}

/** Whether decoding derives `name` from `visit` (see stateName), without slicing it out. */
function nameMatches(visit: string, name: string): boolean {
  const hash = visit.lastIndexOf('#')
  const start = hash - name.length
  if (start < 1 || visit.charCodeAt(start - 1) !== 47 /* / */ || !visit.startsWith(name, start)) return false
  if (start > 1) {
    const ch = visit.charCodeAt(start - 2)
    if (ch !== 125 /* } */ && ch !== 93 /* ] */) return false
  }
  // stateName stops at the last '/' that follows '}' or ']': the name must hold none
  return !name.includes('/') || (!name.includes('}/') && !name.includes(']/'))
}

const hasBreak = (s: string) => s.includes('\n') || s.includes('\t')

/** Decodes a chunk's text (this format, or the older JSON array) into its rows. */
export function decodeChunk(text: string): EventRow[] {
  if (!text.startsWith(VERSION)) return JSON.parse(text) as EventRow[]
  const lines = text.split('\n')
  const head = lines[0]!
  const entries = JSON.parse(head.slice(head.indexOf('\t') + 1)) as Array<[string, string]>
  const rows: EventRow[] = new Array(lines.length - 1)
  const c: ReadCursor = { id: 0, ms: 0, ts: EPOCH, visit: '' }
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!
    let row: EventRow
    if (line.charCodeAt(0) === 123 /* { */) row = JSON.parse(line.slice(1)) as EventRow
    else row = decodeRow(line, c, entries)
    c.id = row.event.id
    rows[i - 1] = row
  }
  return rows
}

type ReadCursor = Pick<Cursor, 'id' | 'ms' | 'ts' | 'visit'>

function decodeRow(line: string, c: ReadCursor, entries: Array<[string, string]>): EventRow {
  const f: string[] = []
  let from = 0
  for (let k = 0; k < 7; k++) {
    const tab = line.indexOf('\t', from)
    f.push(line.slice(from, tab))
    from = tab + 1
  }
  const payload = line.slice(from)
  const id = c.id + (f[0] === '' ? 1 : Number(f[0]))
  const previousEventId = id - (f[1] === '' ? 1 : Number(f[1]))
  if (f[2] !== '') {
    c.ms += Number(f[2])
    c.ts = new Date(c.ms).toISOString()
  }
  const [type, member] = entries[Number(f[3])]!
  if (f[4] !== '') c.visit = f[4]!
  const event: EventRow['event'] = { id, previousEventId, timestamp: c.ts, type }
  if (member !== '') event[member] = decodeDetails(payload, c.visit)
  const row: EventRow = { event, key: c.visit + '|' + type + '|' + f[5] }
  if (f[6] !== '') row.meta = { next: f[6] }
  return row
}

function decodeDetails(payload: string, visit: string): unknown {
  const kind = payload.charCodeAt(0)
  if (kind === 105 /* i */) return { name: stateName(visit), input: payload.slice(1), inputDetails: { truncated: false } }
  if (kind === 111 /* o */) return { name: stateName(visit), output: payload.slice(1), outputDetails: { truncated: false } }
  return JSON.parse(payload.slice(1))
}
