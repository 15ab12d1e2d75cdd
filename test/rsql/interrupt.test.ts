// SIGINT during a script, as psql's: the statement the server runs is cancelled ("Cancel request sent", then its
// error), and the script ends with exit 3 (EXIT_USER); what ran before it stays. Also when the cancelled statement was
// sent ahead with others (README: Sending ahead): those after it never run. psql runs the same where it is installed.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { connect, ensureLocalServer, type Session } from '../../src/warehouse/index.ts'
import { psqlMissing } from './output/oracle.ts'
import { tempProject } from './helpers.ts'

const rsqlBin = fileURLToPath(new URL('../../bin/rsql.js', import.meta.url))
const project = tempProject('rsqlflow-interrupt-')
let port: number
let observer: Session
before(async () => {
  port = (await ensureLocalServer(project.dir)).port
  observer = await connect(project.target)
})
after(async () => { await observer.close(); await project.cleanup() })

const SCRIPT = (table: string) => `create table ${table} (n int);
insert into ${table} values (0);
insert into ${table} values (1);
insert into ${table} select 2 from pg_sleep(30);
\\if :ERROR <> 0
  \\echo unreached
\\endif
insert into ${table} values (3);
\\echo after
`

/** Runs a client on the script, interrupts it once its sleep runs on the server. */
async function interrupted(command: string, args: string[], table: string) {
  const dir = mkdtempSync(join(project.root, 'script-'))
  const file = join(dir, 'int.sql')
  writeFileSync(file, SCRIPT(table))
  const child = spawn(command, [...args, '-X', '-h', '127.0.0.1', '-p', String(port), '-U', 'awsuser', '-d', 'dev', '-f', file], { cwd: dir, env: { ...process.env, PGAPPNAME: '' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => { stdout += d })
  child.stderr.on('data', d => { stderr += d })
  const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
  for (let i = 0; ; i++) {
    const [r] = await observer.query(`select count(*) from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid() and state = 'active'`)
    if (r.rows[0][0] !== '0') break
    if (i > 300) assert.fail(`the sleep never ran: ${stderr}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  child.kill('SIGINT')
  const code = await exited
  const [rows] = await observer.query(`select string_agg(n::text, ',' order by n) from ${table}`)
  return { code, stdout, stderr: stderr.replaceAll(file, 'int.sql'), rows: rows.rows[0][0] }
}

test('SIGINT cancels the statement running and ends the script with exit 3, as psql', async t => {
  const rsql = await interrupted(process.execPath, [rsqlBin], 'int_rsql')
  assert.equal(rsql.code, 3)
  assert.equal(rsql.stdout, 'CREATE TABLE\nINSERT 0 1\nINSERT 0 1\n')
  assert.equal(rsql.stderr, 'Cancel request sent\nrsql:int.sql:4: ERROR:  canceling statement due to user request\n')
  assert.equal(rsql.rows, '0,1')
  const one = await interrupted(process.execPath, [rsqlBin, '-v', 'SEND_AHEAD=off'], 'int_one')
  assert.deepEqual(one, rsql)
  if (psqlMissing()) return t.diagnostic('psql is not installed: compared with what psql 15 prints')
  const psql = await interrupted('psql', [], 'int_psql')
  assert.deepEqual({ ...psql, stderr: psql.stderr.replace('psql:', 'rsql:') }, rsql)
})
