import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { execCase, type ExecCase } from '../../src/states/index.ts'

const root = join(import.meta.dirname, '..', '..')
const cli = join(root, 'bin', 'rsqlflow.js')
const corpus = join(root, '..', 'shared', 'conformance', 'asl', 'cases')
const dir = mkdtempSync(join(tmpdir(), 'rsqlflow-exec-'))
after(() => rmSync(dir, { recursive: true, force: true }))

describe('rsqlflow states exec --jsonl', () => {
  it('answers one line per case, a broken case included, on the fixed virtual clock', () => {
    const lines = [
      { id: 'wait', definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 86400, Next: 'P' }, P: { Type: 'Pass', Parameters: { 'at.$': '$$.State.EnteredTime' }, End: true } } }, input: {} },
      { id: 'fail', definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } } }, input: {} },
      { id: 'broken', definition: 'not a definition', input: {} },
    ].map((l) => JSON.stringify(l)).join('\n') + '\n'
    const r = spawnSync(process.execPath, [cli, 'states', 'exec', '--jsonl'], { input: lines, encoding: 'utf8', env: { ...process.env, ASL_FIXED_CLOCK: '2024-01-01T00:00:00.000Z' } })
    assert.equal(r.status, 0, r.stderr)
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l))
    assert.deepEqual(out[0], { id: 'wait', status: 'SUCCEEDED', output: { at: '2024-01-02T00:00:00.000Z' }, events: ['ExecutionStarted', 'WaitStateEntered', 'WaitStateExited', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded'] })
    assert.deepEqual(out[1], { id: 'fail', status: 'FAILED', error: 'E', cause: 'C', events: ['ExecutionStarted', 'FailStateEntered', 'ExecutionFailed'] })
    assert.equal(out[2].id, 'broken')
    assert.notEqual(out[2].status, 'SUCCEEDED')
  })

  it('matches AWS on the recorded corpus (in process)', { skip: existsSync(corpus) ? false : 'the shared ASL corpus (../shared/conformance/asl) is not present' }, async () => {
    const floor = JSON.parse(readFileSync(join(root, 'conformance', 'asl-floor.json'), 'utf8')) as { tier1: number }
    const { normalise, deepEqual } = (await import(join(corpus, '..', 'normalise.mjs'))) as {
      normalise: (v: unknown, kind: string, rules: unknown) => unknown
      deepEqual: (a: unknown, b: unknown) => boolean
    }
    let passed = 0
    const failures: string[] = []
    for (const f of readdirSync(corpus).filter((x) => x.endsWith('.json'))) {
      const c = JSON.parse(readFileSync(join(corpus, f), 'utf8')) as ExecCase & { expect: Record<string, unknown>; normalise?: unknown }
      const r = await execCase(c, '2024-01-01T00:00:00.000Z')
      const e = c.expect
      let ok = r.status === e.status
      if (ok && r.status === 'SUCCEEDED') ok = deepEqual(normalise(r.output ?? null, 'output', c.normalise ?? {}), e.output)
      else if (ok) {
        for (const k of ['error', 'cause'] as const) {
          const got = r[k] === undefined ? undefined : normalise(r[k], k, c.normalise ?? {})
          if (e[k] === undefined ? got !== undefined : !deepEqual(got, e[k])) ok = false
        }
      }
      if (ok && Array.isArray(e.events)) ok = deepEqual(r.events, e.events)
      if (ok) passed++
      else failures.push(c.id)
    }
    assert.ok(passed >= floor.tier1, `only ${passed} cases pass (floor ${floor.tier1}); failing: ${failures.slice(0, 5).join(', ')}`)
  })
})

describe('rsqlflow validate FILE', () => {
  it('lists every problem with its JSON pointer and exits 1; a valid file exits 0', () => {
    const bad = join(dir, 'bad.asl.json')
    writeFileSync(bad, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' }, B: { Type: 'Wait', End: true, Bogus: 1 } } }))
    const r = spawnSync(process.execPath, [cli, 'validate', bad, '--json'], { encoding: 'utf8' })
    assert.equal(r.status, 1, r.stderr)
    const problems = JSON.parse(r.stdout) as Array<{ pointer: string; message: string }>
    const pointers = problems.map((p) => p.pointer)
    assert.ok(pointers.includes('/States/A/Next'), JSON.stringify(problems))
    assert.ok(pointers.includes('/States/B/Bogus'), JSON.stringify(problems))
    assert.ok(problems.length >= 3, 'unreachable B is reported too')
    const good = join(dir, 'good.asl.json')
    writeFileSync(good, JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Succeed' } } }))
    const ok = spawnSync(process.execPath, [cli, 'validate', good], { encoding: 'utf8' })
    assert.equal(ok.status, 0)
    assert.match(ok.stdout, /valid/)
    const syntax = join(dir, 'syntax.asl.json')
    writeFileSync(syntax, '{\n  "StartAt": "A",\n  "States": {,}\n}')
    const s = spawnSync(process.execPath, [cli, 'validate', syntax], { encoding: 'utf8' })
    assert.equal(s.status, 1)
    assert.match(s.stdout, /syntax\.asl\.json:3:14: invalid JSON: /)
    assert.doesNotMatch(s.stdout + s.stderr, /at .*\.ts:\d+/, 'no stack trace')
  })
})
