// The project's server lock taken by many starters at once, in one process (fs calls interleave on libuv's
// thread pool): exactly one wins, whether the project is free or a crashed server left a stale file.
import assert from 'node:assert/strict'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'node:test'
import { LOCK_FILE, lockProject, ProjectLocked } from '../../src/api/index.ts'

const STARTERS = 20

/** The pid of a process that has exited (a crashed server's). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' })
  await new Promise(resolve => child.on('exit', resolve))
  assert.throws(() => process.kill(child.pid!, 0), { code: 'ESRCH' })
  return child.pid!
}

/** Starts `STARTERS` lockers at once; checks exactly one holds the lock and the others name its holder. */
async function race(stateDir: string) {
  const results = await Promise.allSettled(Array.from({ length: STARTERS }, () => lockProject(stateDir)))
  const won = results.filter(r => r.status === 'fulfilled')
  const lost = results.filter(r => r.status === 'rejected').map(r => (r as PromiseRejectedResult).reason)
  assert.equal(won.length, 1, `exactly one starter holds the lock, not ${won.length}`)
  for (const err of lost) {
    assert.ok(err instanceof ProjectLocked, String(err))
    assert.equal(err.pid, process.pid)
    assert.equal(err.message, `another rsqlflow server (pid ${process.pid}) is running this project: ${join(stateDir, LOCK_FILE)}`)
  }
  const text = await readFile(join(stateDir, LOCK_FILE), 'utf8')
  assert.equal(text.split('\n')[0], String(process.pid))
  // no temporary or claim file is left behind
  assert.deepEqual(await readdir(stateDir), [LOCK_FILE])
  return won[0]!.value
}

async function withDir(body: (stateDir: string) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), 'rsqlflow-lock-'))
  try {
    await mkdir(join(dir, '.rsqlflow'))
    await body(join(dir, '.rsqlflow'))
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

test('starters racing for a free project: one takes the lock, the others are refused; release frees it', () => withDir(async stateDir => {
  const lock = await race(stateDir)
  await lock.release()
  assert.deepEqual(await readdir(stateDir), [])
  const again = await lockProject(stateDir)
  await again.release()
}))

test('starters racing for a stale lock (its pid does not exist): exactly one takes it over', () => withDir(async stateDir => {
  const pid = await deadPid()
  for (const stale of [`${pid}\n`, `${pid}\n0123456789abcdef\n`]) {
    await writeFile(join(stateDir, LOCK_FILE), stale)
    const lock = await race(stateDir)
    await lock.release()
  }
}))

test('a stale lock with this process pid (pids repeat across container restarts) and an unreadable one are taken over', () => withDir(async stateDir => {
  for (const stale of [`${process.pid}\nfrom-a-previous-run\n`, '', 'not a pid\n']) {
    await writeFile(join(stateDir, LOCK_FILE), stale)
    const lock = await race(stateDir)
    await lock.release()
  }
}))

test('a lock held by a live process is refused naming it, and left alone', () => withDir(async stateDir => {
  const held = `${process.ppid}\n`
  await writeFile(join(stateDir, LOCK_FILE), held)
  await assert.rejects(lockProject(stateDir), (err: unknown) => err instanceof ProjectLocked && err.pid === process.ppid)
  assert.equal(await readFile(join(stateDir, LOCK_FILE), 'utf8'), held)
}))

test('a starter that died while replacing a stale lock does not block the next one', () => withDir(async stateDir => {
  const stale = `${await deadPid()}\nstale-token\n`
  await writeFile(join(stateDir, LOCK_FILE), stale)
  // the claim the dead starter left: named after the stale record, holding the claimant's own record
  const claim = `${join(stateDir, LOCK_FILE)}.${createHash('sha256').update(stale).digest('hex').slice(0, 16)}.claim1`
  await writeFile(claim, `${await deadPid()}\nclaimant-token\n`)
  const lock = await race(stateDir)
  await lock.release()
}))
