/** `\!` and RSQL's `\os`: run an operating-system command; its output goes where rsql's goes. */
import { spawn } from 'node:child_process'
import { reportError } from '../messages.ts'
import type { MetaCommand } from './types.ts'

export const shell: MetaCommand = async (args, ctx) => {
  const command = args.rest()
  if (command.trim() === '') return
  ctx.out.flush()
  const code = await new Promise<number>(resolve => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: ctx.cwd, env: ctx.env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.setEncoding('utf8').on('data', (s: string) => ctx.out.write(s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => { ctx.out.flush(); ctx.err.write(s); ctx.err.flush() })
    child.on('error', () => resolve(127))
    child.on('close', (status, signal) => resolve(status ?? (signal ? 128 : 1)))
  })
  ctx.out.flush()
  ctx.vars.setStatus('SHELL_EXIT_CODE', String(code))
  ctx.vars.setStatus('SHELL_ERROR', code === 0 ? 'false' : 'true')
  if (code === 127) { reportError(ctx, `\\!: command failed: ${command}`); return 'error' }
}
