/** `\!` and RSQL's `\os`: run an operating-system command; its output goes where rsql's goes. */
import { spawn } from 'node:child_process'
import { reportError, writeErr } from '../messages.ts'
import { decodeRaw } from '../../warehouse/raw-text.ts'
import type { MetaCommand } from './types.ts'

export const shell: MetaCommand = async (args, ctx) => {
  const command = args.rest()
  if (command.trim() === '') return
  ctx.out.flush()
  const code = await new Promise<number>(resolve => {
    // as psql's system(): the shell is `sh` in its own messages (`sh: 1: x: not found`)
    const child = spawn('/bin/sh', ['-c', command], { argv0: 'sh', cwd: ctx.cwd, env: ctx.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    // its bytes as they are (a chunk may end inside a character: decodeRaw keeps the bytes of the parts)
    child.stdout.on('data', (b: Buffer) => ctx.out.writeBytes(b))
    child.stderr.on('data', (b: Buffer) => writeErr(ctx, decodeRaw(b)))
    child.on('error', () => resolve(-1))
    child.on('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)))
  })
  ctx.out.flush()
  ctx.vars.setStatus('SHELL_EXIT_CODE', String(code))
  ctx.vars.setStatus('SHELL_ERROR', code === 0 ? 'false' : 'true')
  // as psql 15's system(): a command that ran and failed says so itself (`sh: 1: x: not found`); only a
  // shell that could not start is rsql's error
  if (code === -1) { reportError(ctx, '\\!: failed'); return 'error' }
}
