// Shared by the psql-oracle tests: a local warehouse in a temp folder and psql pointed at it.
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, ensureLocalServer, stopLocalServer, type Session } from '../../../src/warehouse/index.ts'

/** Why psql cannot be the oracle here, or undefined when it can. */
export function psqlMissing(): string | undefined {
  const r = spawnSync('psql', ['--version'], { encoding: 'utf8' })
  return r.status === 0 ? undefined : 'psql is not installed (Debian: apt-get install postgresql-client); the psql oracle tests are skipped'
}

export interface Oracle {
  root: string
  port: number
  session: Session
  /** Runs a script through `psql -X -f`; stdout, stderr and the exit code. */
  psql(script: string, args?: string[]): { stdout: string; stderr: string; status: number }
  stop(): Promise<void>
}

export async function startOracle(): Promise<Oracle> {
  const root = mkdtempSync(join(tmpdir(), 'rsqlflow-out-'))
  chmodSync(root, 0o755)
  const dir = join(root, 'warehouse')
  const server = await ensureLocalServer(dir)
  const session = await connect({ type: 'local', dir })
  let n = 0
  return {
    root,
    port: server.port,
    session,
    psql(script, args = []) {
      const file = join(root, `script-${++n}.sql`)
      writeFileSync(file, script)
      const r = spawnSync('psql', ['-X', '-h', '127.0.0.1', '-p', String(server.port), '-U', 'awsuser', '-d', 'dev', ...args, '-f', file], {
        encoding: 'utf8', env: { ...process.env, PGCLIENTENCODING: 'UTF8', COLUMNS: '', PAGER: '' }, maxBuffer: 1 << 28,
      })
      return { stdout: r.stdout, stderr: r.stderr, status: r.status ?? -1 }
    },
    async stop() {
      await session.close()
      await stopLocalServer(dir)
      rmSync(root, { recursive: true, force: true })
    },
  }
}

/** A psql string literal for `\pset name 'value'`. */
export function psqlQuote(value: string): string {
  return "'" + value.replaceAll('\\', '\\\\').replaceAll("'", "\\'").replaceAll('\n', '\\n') + "'"
}
