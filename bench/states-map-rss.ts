// Peak RSS of a 100,000-item Map (three Pass states per item) with its full history kept in
// memory; items come from an ItemReader and results go to a ResultWriter, as on AWS, where a
// state's input and output stay under 256 KiB.
import { IntegrationRegistry, MemoryHistory, StatesEngine, VirtualClock, type ObjectAccess } from '../src/states/index.ts'

const ITEMS = 100_000
const objects = new Map<string, string>()
const access: ObjectAccess = {
  getObject: async (b, k) => objects.get(`${b}/${k}`) ?? Promise.reject(new Error('NoSuchKey')),
  putObject: async (b, k, body) => void objects.set(`${b}/${k}`, body),
}
objects.set('data/items.jsonl', Array.from({ length: ITEMS }, (_, i) => JSON.stringify({ id: i, name: `item-${i}` })).join('\n'))
const chain = { StartAt: 'P0', States: { P0: { Type: 'Pass', Next: 'P1' }, P1: { Type: 'Pass', Next: 'P2' }, P2: { Type: 'Pass', End: true } } }
const engine = new StatesEngine({ clock: new VirtualClock(0), integrations: new IntegrationRegistry(), objects: access, maxHistoryEvents: Infinity })
const history = new MemoryHistory()
const t = performance.now()
const r = await engine.run({
  stateMachineName: 'Big',
  definition: {
    StartAt: 'M',
    States: {
      M: {
        Type: 'Map',
        ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSONL' }, Parameters: { Bucket: 'data', Key: 'items.jsonl' } },
        ItemProcessor: chain,
        ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'big' } },
        End: true,
      },
    },
  },
  input: {},
  history,
})
const ms = performance.now() - t
const peak = process.resourceUsage().maxRSS / 1024
if (r.status !== 'SUCCEEDED') throw new Error(`the 100,000-item Map did not succeed: ${JSON.stringify(r).slice(0, 300)}`)
const written = JSON.parse(objects.get([...objects.keys()].find((k) => k.endsWith('SUCCEEDED_0.json'))!)!) as unknown[]
if (written.length !== ITEMS) throw new Error(`ResultWriter wrote ${written.length} results`)
console.log(`100,000-item Map (ItemReader → 3 Pass → ResultWriter): ${r.status} in ${(ms / 1000).toFixed(1)} s, ${history.events.length.toLocaleString('en')} events kept in memory, peak RSS ${peak.toFixed(0)} MiB (goal: under 1024 MiB)`)
