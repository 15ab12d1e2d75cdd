import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { IntegrationRegistry, MemoryHistory, StatesEngine, TaskError, VirtualClock, type ObjectAccess } from '../../src/states/index.ts'

function setup() {
  const objects = new Map<string, string>()
  const access: ObjectAccess = {
    getObject: async (b, k) => {
      const v = objects.get(`${b}/${k}`)
      if (v === undefined) throw new Error(`NoSuchKey: ${k}`)
      return v
    },
    putObject: async (b, k, body) => void objects.set(`${b}/${k}`, body),
    listObjects: async (b, prefix) => [...objects.keys()].filter((k) => k.startsWith(`${b}/${prefix}`)).map((k) => ({ Key: k.slice(b.length + 1), Size: objects.get(k)!.length })),
  }
  const integrations = new IntegrationRegistry()
  const engine = new StatesEngine({ clock: new VirtualClock('2024-01-01T00:00:00Z'), integrations, objects: access })
  return { objects, engine, integrations }
}

const pass = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }
const map = (fields: Record<string, unknown>) => ({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: pass, End: true, ...fields } } })

describe('Map: ItemReader, ItemBatcher, tolerated failures, ResultWriter', () => {
  it('reads CSV (header row, given headers, delimiters), JSONL, JSON and object listings', async () => {
    const { objects, engine } = setup()
    objects.set('data/a.csv', 'id,name\n1,"Smith, J"\n2,"say ""hi"""\n')
    objects.set('data/b.psv', '3|x\n4|y\n')
    objects.set('data/c.jsonl', '{"n":1}\n\n{"n":2}\n')
    objects.set('data/d.json', '[1,2,3]')
    const reader = (Key: string, ReaderConfig: unknown) => ({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig, Parameters: { Bucket: 'data', Key } } })
    const run = async (fields: Record<string, unknown>) => (await engine.run({ stateMachineName: 'M', definition: map(fields) })).output
    assert.deepEqual(await run(reader('a.csv', { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' })), [{ id: '1', name: 'Smith, J' }, { id: '2', name: 'say "hi"' }])
    assert.deepEqual(await run(reader('b.psv', { InputType: 'CSV', CSVHeaderLocation: 'GIVEN', CSVHeaders: ['n', 'v'], CSVDelimiter: 'PIPE' })), [{ n: '3', v: 'x' }, { n: '4', v: 'y' }])
    assert.deepEqual(await run(reader('c.jsonl', { InputType: 'JSONL' })), [{ n: 1 }, { n: 2 }])
    assert.deepEqual(await run(reader('d.json', { InputType: 'JSON', MaxItems: 2 })), [1, 2])
    const listed = (await run({ ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'data', Prefix: 'c' } } })) as Array<{ Key: string }>
    assert.deepEqual(listed.map((o) => o.Key), ['c.jsonl'])
    const missing = await engine.run({ stateMachineName: 'M', definition: map(reader('nope.json', { InputType: 'JSON' })) })
    assert.equal(missing.error, 'States.ItemReaderFailed')
  })

  it('batches items with ItemBatcher', async () => {
    const { engine } = setup()
    const r = await engine.run({ stateMachineName: 'M', input: { items: [1, 2, 3, 4, 5] }, definition: map({ ItemsPath: '$.items', ItemBatcher: { MaxItemsPerBatch: 2, BatchInput: { job: 'j' } } }) })
    assert.deepEqual(r.output, [
      { BatchInput: { job: 'j' }, Items: [1, 2] },
      { BatchInput: { job: 'j' }, Items: [3, 4] },
      { BatchInput: { job: 'j' }, Items: [5] },
    ])
  })

  it('tolerates failures up to ToleratedFailureCount, then fails with States.ExceedToleratedFailureThreshold', async () => {
    const { engine, integrations } = setup()
    integrations.register('arn:aws:states:::lambda:invoke', async (t) => {
      if ((t.parameters as number) < 0) throw new TaskError('Negative', 'below zero')
      return t.parameters
    })
    const processor = { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true } } }
    const def = (count: number) => ({ StartAt: 'M', States: { M: { Type: 'Map', ToleratedFailureCount: count, MaxConcurrency: 1, ItemProcessor: processor, End: true } } })
    const ok = await engine.run({ stateMachineName: 'M', input: [1, -1, 2], definition: def(1) })
    assert.equal(ok.status, 'SUCCEEDED')
    assert.deepEqual((ok.output as unknown[])[0], 1)
    const bad = await engine.run({ stateMachineName: 'M', input: [1, -1, -2, 3], definition: def(1) })
    assert.equal(bad.error, 'States.ExceedToleratedFailureThreshold')
  })

  it('writes results with ResultWriter and returns where they are', async () => {
    const { engine, objects } = setup()
    const history = new MemoryHistory()
    const r = await engine.run({
      stateMachineName: 'M', input: [1, 2, 3], history,
      definition: map({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'runs' } } }),
    })
    const result = r.output as { ResultWriterDetails: { Bucket: string; Key: string } }
    assert.equal(result.ResultWriterDetails.Bucket, 'out')
    const manifest = JSON.parse(objects.get(`out/${result.ResultWriterDetails.Key}`)!) as { ResultFiles: { SUCCEEDED: Array<{ Key: string }> } }
    const records = JSON.parse(objects.get(`out/${manifest.ResultFiles.SUCCEEDED[0]!.Key}`)!) as Array<Record<string, unknown>>
    assert.deepEqual(records.map((x) => [x.Status, x.Input, x.Output]), [['SUCCEEDED', '1', '1'], ['SUCCEEDED', '2', '2'], ['SUCCEEDED', '3', '3']])
    const flat = await engine.run({
      stateMachineName: 'M', input: [[1, 2], 3],
      definition: map({ ResultWriter: { WriterConfig: { Transformation: 'FLATTEN', OutputType: 'JSONL' }, Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'out', Prefix: 'flat' } } }),
    })
    const key = (flat.output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails.Key.replace('manifest.json', 'SUCCEEDED_0.jsonl')
    assert.equal(objects.get(`out/${key}`), '1\n2\n3\n')
  })

  it('runs DISTRIBUTED iterations as child runs: Map Run events instead of iteration events', async () => {
    const { engine } = setup()
    const history = new MemoryHistory()
    const r = await engine.run({
      stateMachineName: 'M', input: [1, 2], history,
      definition: map({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, ...pass } }),
    })
    assert.deepEqual(r.output, [1, 2])
    assert.deepEqual(history.events.map((e) => e.type), ['ExecutionStarted', 'MapStateEntered', 'MapStateStarted', 'MapRunStarted', 'MapRunSucceeded', 'MapStateSucceeded', 'MapStateExited', 'ExecutionSucceeded'])
  })
})
