import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Executor } from '../../src/batch/index.ts'

/** How one executor spells each behaviour the shared cases need. */
export interface Commands {
  image?: string
  print(out: string, err: string): string[]
  exit(code: number): string[]
  printEnv(name: string): string[]
  /** Runs until SIGTERM, then exits. */
  sleep(): string[]
  /** Ignores SIGTERM. */
  stubborn(): string[]
}

const spec = (command: string[], lines: [string, string][], image?: string, env: Record<string, string> = {}) => ({
  jobId: 'job-1', attempt: 1, image, command, environment: { AWS_BATCH_JOB_ID: 'job-1', ...env }, declared: Object.keys(env), vcpus: 1,
  onLine: (stream: 'stdout' | 'stderr', line: string) => lines.push([stream, line]),
})

/** The executor suite: every executor runs it; `skip` says why it cannot run here. */
export function executorCases(name: string, make: () => Executor, c: Commands, skip?: () => Promise<string | undefined>): void {
  const t = (title: string, fn: (ex: Executor) => Promise<void>) => test(`${name}: ${title}`, async ctx => {
    const why = await skip?.()
    if (why) { ctx.diagnostic(`skipped: ${why}`); ctx.skip(why); return }
    await fn(make())
  })
  t('lines written to stdout and stderr are captured per stream', async ex => {
    const lines: [string, string][] = []
    const run = ex.start(spec(c.print('to out', 'to err'), lines, c.image))
    await run.started
    assert.deepEqual(await run.exit, { exitCode: 0 })
    assert.deepEqual(lines.sort(), [['stderr', 'to err'], ['stdout', 'to out']])
  })
  t('the exit code is the attempt exit code', async ex => {
    assert.equal((await ex.start(spec(c.exit(3), [], c.image)).exit).exitCode, 3)
  })
  t('the job environment is visible to the program', async ex => {
    const lines: [string, string][] = []
    await ex.start(spec(c.printEnv('STAGE'), lines, c.image, { STAGE: 'prod' })).exit
    assert.deepEqual(lines, [['stdout', 'prod']])
  })
  t('SIGTERM stops a running attempt with exit code 143', async ex => {
    const run = ex.start(spec(c.sleep(), [], c.image))
    await run.started
    await new Promise(r => setTimeout(r, 50))
    run.kill('SIGTERM')
    assert.equal((await run.exit).exitCode, 143)
  })
  t('SIGKILL ends an attempt that ignores SIGTERM, exit code 137', async ex => {
    const run = ex.start(spec(c.stubborn(), [], c.image))
    await run.started
    await new Promise(r => setTimeout(r, 100))
    run.kill('SIGTERM')
    const early = await Promise.race([run.exit, new Promise(r => setTimeout(() => r('still running'), 200))])
    assert.equal(early, 'still running')
    run.kill('SIGKILL')
    assert.equal((await run.exit).exitCode, 137)
  })
}
