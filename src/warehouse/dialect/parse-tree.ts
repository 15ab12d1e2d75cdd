/**
 * PostgreSQL's own parser (libpg-query compiled to WASM, through pgsql-parser) for the rewrites that
 * need a statement's structure. The module loads once, when the dialect is first imported.
 */
import { loadModule, parseSync, deparseSync } from 'pgsql-parser'
import { WarehouseError } from '../errors.ts'

await loadModule()

// The parse tree is plain JSON: a node is `{ NodeType: { …fields } }`.
export type Node = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

export function parseStatements(sql: string): Node[] {
  try {
    return (parseSync(sql) as { stmts: Node[] }).stmts
  } catch (err) {
    const e = err as { message?: string; sqlDetails?: { cursorPosition?: number } }
    const at = e.sqlDetails?.cursorPosition
    throw new WarehouseError(e.message ?? String(err), { code: '42601', position: at === undefined ? undefined : at + 1, cause: err })
  }
}

export function deparseStatement(stmt: Node): string {
  return deparseSync({ version: 180004, stmts: [stmt] } as never, { pretty: false }).replace(/;\s*$/, '')
}
