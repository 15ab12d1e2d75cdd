// The differential suite: the same script files through the real psql and through `rsql`
// against the same server; stdout must be byte-identical and the exit codes equal.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureLocalServer, stopLocalServer } from '../../../src/warehouse/index.ts'
import { psqlMissing } from '../output/oracle.ts'

const here = dirname(fileURLToPath(import.meta.url))
const scripts = join(here, 'scripts')
const rsqlBin = join(here, '../../../bin/rsql.js')

// Each script with the command-line variants it runs under (formats come from flags: RSQL defers `\pset`).
const CASES: Record<string, string[][]> = {
  'types.sql': [[], ['-A'], ['--csv'], ['-H'], ['-x'], ['-t'], ['-A', '-t'], ['-x', '-A'], ['-P', 'border=2'], ['-P', 'null=<null>'],
    ['-F', ';', '-A'], ['-P', 'format=wrapped', '-P', 'columns=40'], ['-P', 'linestyle=unicode', '-P', 'border=2']],
  'variables.sql': [[], ['-v', 'n=7']],
  'conditionals.sql': [[]],
  'failures.sql': [[], ['-q']],
  'stop.sql': [[]],
  'dml.sql': [[], ['-q'], ['-H']],
  'toggles.sql': [[]],
  'fetch-count.sql': [[], ['-A']],
  'autocommit.sql': [[]],
}

interface Run { stdout: string; stderr: string; status: number | null }

function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: scripts, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', d => { stdout += d })
    child.stderr.setEncoding('utf8').on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', status => resolve({ stdout, stderr, status }))
  })
}

describe('rsql and psql print the same', { skip: psqlMissing(), concurrency: 2 }, () => {
  let root: string
  let dir: string
  let connection: string[]
  const env = { PGCLIENTENCODING: 'UTF8', PAGER: '', COLUMNS: '' }

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'rsqlflow-diff-'))
    chmodSync(root, 0o755)
    dir = join(root, 'warehouse')
    const server = await ensureLocalServer(dir)
    connection = ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'awsuser', '-d', 'dev']
  })
  after(async () => {
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  })

  for (const [file, variants] of Object.entries(CASES)) {
    for (const flags of variants) {
      test(`${file} ${flags.join(' ')}`.trim(), async () => {
        const args = [...connection, ...flags, '-f', file]
        const [theirs, ours] = await Promise.all([
          runProgram('psql', args, env),
          runProgram(process.execPath, [rsqlBin, ...args], env),
        ])
        assert.ok(theirs.stdout.length > 0, 'psql printed something')
        assert.equal(ours.stdout, theirs.stdout)
        assert.equal(ours.status, theirs.status, `exit codes: rsql ${ours.status}, psql ${theirs.status}; rsql stderr:\n${ours.stderr}`)
      })
    }
  }
})
