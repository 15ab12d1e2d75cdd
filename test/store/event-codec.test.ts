import assert from 'node:assert/strict'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { compile, IntegrationRegistry, StatesEngine, VirtualClock, type EventMeta, type HistoryEvent, type HistorySink } from '../../src/states/index.ts'
import { decodeChunk, encodeChunk, type EventRow } from '../../src/store/index.ts'

const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'conformance', 'asl', 'cases')

/** Captures rows as StoreHistory receives them (keyed). */
class Rows implements HistorySink {
  readonly keyed = true
  readonly rows: EventRow[] = []
  append(event: HistoryEvent, key: string, meta?: EventMeta, visit?: string, seq?: number): void {
    this.rows.push({ event, key, meta, visit, seq })
  }
}

async function history(definition: unknown, input: unknown, clock = new VirtualClock('2024-01-01T00:00:00.000Z')): Promise<EventRow[]> {
  const sink = new Rows()
  const integrations = new IntegrationRegistry()
  integrations.register('arn:aws:lambda:*:*:function:echo', async (t) => t.parameters)
  await new StatesEngine({ clock, integrations }).run({ machine: compile(definition), stateMachineName: 'M', input, history: sink })
  return sink.rows
}

/** A row as it is read back: event, key and meta, without the key's parts. */
const stored = ({ event, key, meta }: EventRow): EventRow => (meta === undefined ? { event, key } : { event, key, meta })

/**
 * Encodes in chunks of `size` and decodes: the same rows, keys in the same order; once with the
 * key's parts as the engine gives them, once with the key alone.
 */
function roundTrip(rows: EventRow[], size: number): void {
  const expected = rows.map(stored)
  for (const given of [rows, expected]) {
    const back: EventRow[] = []
    for (let i = 0; i < given.length; i += size) back.push(...decodeChunk(encodeChunk(given.slice(i, i + size))))
    assert.equal(JSON.stringify(back), JSON.stringify(expected))
    assert.deepEqual(back, expected)
  }
}

const chain = (prefix: string, n: number) => {
  const states: Record<string, unknown> = {}
  for (let i = 0; i < n; i++) states[`${prefix}${i}`] = i < n - 1 ? { Type: 'Pass', Next: `${prefix}${i + 1}` } : { Type: 'Pass', End: true }
  return { StartAt: `${prefix}0`, States: states }
}

describe('history chunk text', () => {
  it('gives back every event of the ASL corpus, whatever the chunk size', { skip: existsSync(corpus) ? false : 'the shared ASL corpus (../shared/conformance/asl) is not present' }, async () => {
    let events = 0
    for (const f of readdirSync(corpus).filter((x) => x.endsWith('.json'))) {
      const c = JSON.parse(readFileSync(join(corpus, f), 'utf8'))
      let rows: EventRow[]
      try {
        rows = await history(c.definition, c.input)
      } catch {
        continue // a definition compile rejects: no history
      }
      for (const size of [1, 7, 1000]) roundTrip(rows, size)
      events += rows.length
    }
    assert.ok(events > 2000, `${events} events`)
  })

  it('gives back Parallel, Map, Task, Assign and Fail histories, and is several times smaller than JSON', async () => {
    const par = await history({ StartAt: 'P', States: { P: { Type: 'Parallel', Branches: Array.from({ length: 5 }, (_, b) => chain(`B${b}S`, 20)), End: true } } }, { x: 1 })
    roundTrip(par, 1000)
    const json = JSON.stringify(par.map(stored)).length
    const text = encodeChunk(par).length
    assert.ok(text * 4 < json, `encoded ${text} bytes, JSON ${json}`)
    const map = await history({ StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: chain('I', 2), Next: 'T' }, T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:echo', Parameters: { 'v.$': '$' }, Assign: { got: 1 }, Next: 'F' }, F: { Type: 'Fail', Error: 'E', Cause: 'tab\there\nnewline' } } }, { items: [1, 'two', { three: 3 }] })
    for (const size of [1, 3, 1000]) roundTrip(map, size)
    assert.ok(map.some((r) => r.event.type === 'TaskSucceeded') && map.some((r) => r.event.type === 'ExecutionFailed'))
  })

  it('keeps rows of unusual shape: odd state names, epoch times, gaps, extra members', async () => {
    const odd = await history({ StartAt: 'a}/b#c', States: { 'a}/b#c': { Type: 'Pass', Next: 'tab\tname' }, 'tab\tname': { Type: 'Pass', Next: 'new\nline' }, 'new\nline': { Type: 'Succeed' } } }, 'plain', new VirtualClock(0))
    roundTrip(odd, 1000)
    const rows: EventRow[] = [
      { event: { id: 5, previousEventId: 0, timestamp: '1970-01-01T00:00:00.000Z', type: 'ExecutionStarted' }, key: 'exec|ExecutionStarted|0' },
      { event: { id: 9, previousEventId: 2, timestamp: '2024-02-29T23:59:59.999Z', type: 'PassStateEntered', stateEnteredEventDetails: { input: '{}', name: 'X' } }, key: '/X#1|PassStateEntered|0', meta: { next: 'Y' } },
      { event: { id: 10, previousEventId: 9, timestamp: '2024-02-29T23:59:59.999Z', type: 'PassStateExited', stateExitedEventDetails: { name: 'X', output: '1', outputDetails: { truncated: true } } }, key: '/X#1|PassStateExited|1' },
      { event: { id: 11, previousEventId: 10, timestamp: '2024-01-01T00:00:00Z', type: 'WaitStateEntered' }, key: '/W#1|WaitStateEntered|0' },
      { event: { id: 12, previousEventId: 11, timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionAborted', extra: 1, executionAbortedEventDetails: {} }, key: 'exec|ExecutionAborted|stop' },
      { event: { id: 13, previousEventId: 12, timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionRedriven', executionRedrivenEventDetails: { redriveCount: 1 } }, key: 'exec|ExecutionRedriven|1', meta: {} },
      { event: { id: 14, previousEventId: 13, timestamp: '2024-01-01T00:00:00.000Z', type: 'TaskScheduled', taskScheduledEventDetails: ['not', 'an', 'object'] }, key: '|TaskScheduled|0' },
    ]
    roundTrip(rows, 1000)
    roundTrip(rows, 2)
  })

  it('gives back state names full of the key separators, whatever frame they sit in', () => {
    let seed = 7
    const pick = (chars: string, max: number) => {
      let out = ''
      for (let n = (seed = (seed * 1103515245 + 12345) % 2 ** 31) % max; n > 0; n--) out += chars[(seed = (seed * 1103515245 + 12345) % 2 ** 31) % chars.length]
      return out
    }
    const rows: EventRow[] = []
    for (let i = 1; i <= 2000; i++) {
      const frame = ['', '/P#1{0}', '/M#2[3]', '/P#1{0}/M#1[10]', pick('/#}]{[a', 6)][i % 5]!
      const name = pick('/#}]{[ab|', 8) || 'x'
      const visit = `${frame}/${name}#${1 + (i % 3)}`
      const type = i % 2 ? 'PassStateEntered' : 'PassStateExited'
      const details = i % 2 ? { name, input: '{}', inputDetails: { truncated: false } } : { name, output: '[]', outputDetails: { truncated: false } }
      rows.push({ event: { id: i, previousEventId: i - 1, timestamp: '2024-01-01T00:00:00.000Z', type, [i % 2 ? 'stateEnteredEventDetails' : 'stateExitedEventDetails']: details }, key: `${visit}|${type}|${i % 2}`, visit, seq: i % 2 })
    }
    roundTrip(rows, 1000)
  })

  it('reads chunks written as a JSON array (stores from before this format)', () => {
    const rows: EventRow[] = [{ event: { id: 1, previousEventId: 0, timestamp: '2024-01-01T00:00:00.000Z', type: 'ExecutionStarted', executionStartedEventDetails: { input: '{}' } }, key: 'exec|ExecutionStarted|0' }]
    assert.deepEqual(decodeChunk(JSON.stringify(rows)), rows)
  })
})
