// A local warehouse in a temp folder for the dialect tests: statements go through the rewrite, as
// executeRedshift sends them, and come back as rows of text.
import { after } from 'node:test'
import { mkdtempSync, rmSync, chmodSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, stopLocalServer, type Session } from '../../../src/warehouse/index.ts'
import { ensureRedshiftCompat, rewriteStatement } from '../../../src/warehouse/dialect/rewrite.ts'

export interface RedshiftRunner {
  session: Session
  /** Rewrites and runs one statement; returns the rows of its (last) result. */
  run(sql: string): Promise<(string | null)[][]>
  /** Rewrites and runs one statement; returns the first column of the first row. */
  value(sql: string): Promise<string | null>
}

export function localWarehouse(): (database?: string) => Promise<RedshiftRunner> {
  const root = mkdtempSync(join(tmpdir(), 'rsqlflow-dialect-'))
  chmodSync(root, 0o755)
  const dir = join(root, 'warehouse')
  const sessions: Session[] = []
  after(async () => {
    for (const s of sessions) await s.close()
    await stopLocalServer(dir)
    rmSync(root, { recursive: true, force: true })
  })
  return async (database?: string) => {
    const session = await connect({ type: 'local', dir, database })
    sessions.push(session)
    await ensureRedshiftCompat(session)
    const run = async (sql: string) => {
      const results = await session.query(rewriteStatement(sql))
      return results[results.length - 1].rows
    }
    return { session, run, value: async sql => (await run(sql))[0]?.[0] ?? null }
  }
}
