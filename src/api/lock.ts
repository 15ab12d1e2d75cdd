// One server per project: the server owns the runtime (it resumes RUNNING executions and fires schedules), so a
// second one on the same project would run them twice. `.rsqlflow/server.pid` holds the owner's pid (first line)
// and a token naming this hold; a file left by a dead process (a crash) is stale and is taken over.
//
// Taking the lock is atomic: the record is written whole to a temporary file, then hard-linked to the lock's
// name, which fails when the name exists, so a reader never sees a half-written file. Replacing a stale file is
// where two starters race: both read the same stale record, and a plain unlink-then-create would let the slower
// one delete the file the faster one had just created. So only the starter that claims the stale record (an
// exclusive create of a claim file named after it) may delete it; a claimant that died mid-replacement is
// superseded by the next generation of claim.
import { createHash, randomBytes } from 'node:crypto'
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pidAlive } from '../store/index.ts'

export const LOCK_FILE = 'server.pid'

/** How long a starter waits for another live one to finish replacing a stale lock before it names that one. */
const CLAIM_WAIT_MS = 5_000

export class ProjectLocked extends Error {
  override name = 'ProjectLocked'
  readonly code = 'ProjectLocked'
  constructor(readonly pid: number, readonly path: string) {
    super(`another rsqlflow server (pid ${pid}) is running this project: ${path}`)
  }
}

interface Owner { pid: number; token: string }

/** Tokens of this process's holds and attempts: a record with this process's pid is live only when its token is here. */
const ours = new Set<string>()

/** The owner a record names: the pid on its first line, the token on its second (absent in older files). */
function parse(text: string): Owner | undefined {
  const [pid = '', token = ''] = text.split('\n')
  const n = Number(pid.trim())
  return pid.trim() !== '' && Number.isInteger(n) && n > 0 ? { pid: n, token: token.trim() } : undefined
}

// a pid equal to ours in a file we do not hold is a previous run's (pids repeat across container restarts)
const alive = (o: Owner | undefined): o is Owner => o !== undefined && (o.pid === process.pid ? ours.has(o.token) : pidAlive(o.pid))

const code = (err: unknown) => (err as NodeJS.ErrnoException).code

/** The file's text, or undefined when it does not exist. */
async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8')
  } catch (err) {
    if (code(err) === 'ENOENT') return undefined
    throw err
  }
}

/** Creates `path` holding `text`, all at once; false when it already exists. */
async function createExclusive(path: string, text: string): Promise<boolean> {
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(tmp, text, { flag: 'wx' })
  try {
    await link(tmp, path)
    return true
  } catch (err) {
    if (code(err) === 'EEXIST') return false
    throw err
  } finally {
    await unlink(tmp).catch(() => {})
  }
}

type Replaced = { done: true } | { done: false; claimant: Owner }

/** Deletes the stale record at `path` if this starter wins its claim; otherwise names the live claimant. */
async function replaceStale(path: string, stale: string, record: string): Promise<Replaced> {
  const base = `${path}.${createHash('sha256').update(stale).digest('hex').slice(0, 16)}.claim`
  let gen = 1
  for (; !(await createExclusive(`${base}${gen}`, record)); gen++) {
    const holder = await readText(`${base}${gen}`)
    // the claims are gone once the stale file is: start over
    if (holder === undefined) return { done: true }
    const claimant = parse(holder)
    if (alive(claimant)) return { done: false, claimant }
  }
  try {
    // no one else deletes a record this claim covers, so reading then deleting cannot remove another's lock
    if ((await readText(path)) === stale) await unlink(path).catch(err => { if (code(err) !== 'ENOENT') throw err })
  } finally {
    // the stale record is gone for good (tokens do not repeat): a late starter that claims it again finds
    // another file and gives up
    for (let g = 1; g <= gen; g++) await unlink(`${base}${g}`).catch(() => {})
  }
  return { done: true }
}

/** Takes the project's server lock in `stateDir`, or throws ProjectLocked naming the process that holds it. */
export async function lockProject(stateDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(stateDir, { recursive: true })
  const path = join(stateDir, LOCK_FILE)
  const token = randomBytes(8).toString('hex')
  const record = `${process.pid}\n${token}\n`
  ours.add(token)
  try {
    const waitUntil = Date.now() + CLAIM_WAIT_MS
    for (;;) {
      if (await createExclusive(path, record)) break
      const text = await readText(path)
      if (text === undefined) continue
      const owner = parse(text)
      if (alive(owner)) throw new ProjectLocked(owner.pid, path)
      const replaced = await replaceStale(path, text, record)
      if (replaced.done) continue
      // another starter is replacing the stale file and will hold the lock in a moment
      if (Date.now() > waitUntil) throw new ProjectLocked(replaced.claimant.pid, path)
      await new Promise(resolve => setTimeout(resolve, 10))
    }
  } catch (err) {
    ours.delete(token)
    throw err
  }
  return {
    async release() {
      if ((await readText(path).catch(() => undefined)) === record) await unlink(path).catch(() => {})
      ours.delete(token)
    },
  }
}
