import { Writable } from 'node:stream'
import { mkdtempSync, chmodSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { stopLocalServer, type WarehouseTarget } from '../../src/warehouse/index.ts'
import { runScript } from '../../src/rsql/index.ts'

export class Collect extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString()
    done()
  }
}

/** A temp project folder with its own local warehouse (started on first use). */
export function tempProject(prefix = 'rsqlflow-rsql-') {
  const root = mkdtempSync(join(tmpdir(), prefix))
  chmodSync(root, 0o755)
  const dir = join(root, '.rsqlflow', 'warehouse')
  const target: WarehouseTarget = { type: 'local', dir }
  return {
    root, dir, target,
    async cleanup() { await stopLocalServer(dir); rmSync(root, { recursive: true, force: true }) },
  }
}

export interface Ran { stdout: string; stderr: string; exitCode: number }

export async function rsql(target: WarehouseTarget, source: string, opts: { name?: string; cwd?: string; variables?: Record<string, string>; env?: Record<string, string> } = {}): Promise<Ran> {
  const stdout = new Collect()
  const stderr = new Collect()
  const r = await runScript({ source, name: opts.name ?? 'test.sql', target, stdout, stderr, cwd: opts.cwd, variables: opts.variables, env: opts.env })
  return { stdout: stdout.text, stderr: stderr.text, exitCode: r.exitCode }
}
