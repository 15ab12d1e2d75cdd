// `rsqlflow jobs --queue` as ListJobs' jobQueue: a name or an ARN; a queue the project does not have is a usage error.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/rsqlflow.js', import.meta.url))
const root = mkdtempSync(join(tmpdir(), 'rsqlflow-cli-jobs-'))
after(() => rmSync(root, { recursive: true, force: true }))
const rsqlflow = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, RSQLFLOW_DEBUG: '' } })
  return { out: r.stdout, err: r.stderr, code: r.status }
}

test('jobs --queue takes a queue name or ARN; an unknown queue exits 2 naming the project\'s queues', () => {
  assert.equal(rsqlflow(root, 'init', 'jq').code, 0)
  const dir = join(root, 'jq')
  const unknown = rsqlflow(dir, 'jobs', '--queue', 'etl-queu')
  // was: "no jobs", exit 0, as if the queue existed and were empty
  assert.equal(unknown.code, 2)
  assert.equal(unknown.err, 'rsqlflow: error: --queue: no job queue "etl-queu" (the project\'s queues: "etl-queue")\n')
  assert.equal(unknown.out, '')
  for (const queue of ['etl-queue', 'arn:aws:batch:us-east-1:000000000000:job-queue/etl-queue']) {
    const known = rsqlflow(dir, 'jobs', '--queue', queue, '--json')
    assert.equal(known.code, 0, known.err)
    assert.deepEqual(JSON.parse(known.out), { jobs: [] })
  }
})
