// rsql inside a project uses the warehouse rsqlflow.json names; a DSN it cannot resolve fails (exit 2), never the local one.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../../bin/rsql.js', import.meta.url))
const root = await mkdtemp(join(tmpdir(), 'rsqlflow-rsql-project-'))
after(() => rm(root, { recursive: true, force: true }))

function rsql(cwd: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve, reject) => {
    // HOME and ODBCINI point nowhere useful: only the project's own odbc.ini names DSNs
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, HOME: root, ODBCINI: '', RSPASSWORD: '' } })
    let stdout = '', stderr = ''
    child.stdout.on('data', d => { stdout += d })
    child.stderr.on('data', d => { stderr += d })
    child.on('error', reject)
    child.on('close', code => resolve({ stdout, stderr, code: code ?? -1 }))
    child.stdin.end()
  })
}

async function project(name: string, warehouse: object, ini?: string): Promise<string> {
  const dir = join(root, name)
  await mkdir(join(dir, 'scripts'), { recursive: true })
  await writeFile(join(dir, 'rsqlflow.json'), JSON.stringify({ name, warehouse }))
  if (ini !== undefined) await writeFile(join(dir, 'odbc.ini'), ini)
  return dir
}

test('a warehouse.dsn missing from the project\'s odbcIni: exit 2 naming the DSN and the file, and no local warehouse started', async () => {
  const dir = await project('missing-dsn', { dsn: 'etl', odbcIni: 'odbc.ini' }, '[other]\nHost=local\n')
  const r = await rsql(join(dir, 'scripts'), ['-c', 'select 1']) // from a subfolder too
  assert.equal(r.code, 2, r.stderr)
  assert.equal(r.stdout, '')
  assert.equal(r.stderr, `rsql: error: rsqlflow.json: warehouse.dsn: data source name "etl" not found in ${join(dir, 'odbc.ini')}\n`)
  assert.ok(!existsSync(join(dir, '.rsqlflow', 'warehouse')), 'the local warehouse was not created')
})

test('a warehouse.dsn with no odbcIni and no ~/.odbc.ini: exit 2 naming the DSN and the file looked in', async () => {
  const dir = await project('no-ini', { dsn: 'etl' })
  const r = await rsql(dir, ['-c', 'select 1'])
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /^rsql: error: rsqlflow\.json: warehouse\.dsn: data source name "etl" not found: cannot read .*\.odbc\.ini: No such file or directory\n$/)
  assert.ok(r.stderr.includes(join(root, '.odbc.ini')), r.stderr)
  assert.ok(!existsSync(join(dir, '.rsqlflow', 'warehouse')))
})

test('a warehouse.dsn that resolves is the one rsql connects to (a closed port: a connection failure, exit 2); -D still wins', async () => {
  const dir = await project('tcp-dsn', { dsn: 'etl', odbcIni: 'odbc.ini' }, '[etl]\nHost=127.0.0.1\nPort=1\nDatabase=dev\nUID=loader\n')
  const r = await rsql(dir, ['-c', 'select 1'])
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /127\.0\.0\.1.*\b1\b|ECONNREFUSED|refused/i, r.stderr)
  assert.ok(!existsSync(join(dir, '.rsqlflow', 'warehouse')))
  const other = await rsql(dir, ['-D', 'nope', '-c', 'select 1'])
  assert.equal(other.code, 2)
  assert.match(other.stderr, /^rsql: error: data source name "nope" not found/)
})

test('a warehouse.target URL is the one rsql connects to when no -d, -U or -p is given', async () => {
  const dir = await project('url-target', { target: 'postgres://loader@127.0.0.1:1/dev' })
  const r = await rsql(dir, ['-c', 'select 1'])
  assert.equal(r.code, 2, r.stderr)
  assert.match(r.stderr, /refused|127\.0\.0\.1/i, r.stderr)
  assert.ok(!existsSync(join(dir, '.rsqlflow', 'warehouse')), 'the local warehouse was not created')
})
