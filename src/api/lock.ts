// One server per project: the server owns the runtime (it resumes RUNNING executions and fires schedules), so a
// second one on the same project would run them twice. `.rsqlflow/server.pid` holds the owner's pid; a file left
// by a dead process is taken over.
import { mkdir, open, readFile, unlink } from 'node:fs/promises'
import { join } from 'node:path'

export const LOCK_FILE = 'server.pid'

export class ProjectLocked extends Error {
  override name = 'ProjectLocked'
  readonly code = 'ProjectLocked'
  constructor(readonly pid: number, readonly path: string) {
    super(`another rsqlflow server (pid ${pid}) is running this project: ${path}`)
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Takes the project's server lock in `stateDir`, or throws ProjectLocked naming the process that holds it. */
export async function lockProject(stateDir: string): Promise<{ release(): Promise<void> }> {
  await mkdir(stateDir, { recursive: true })
  const path = join(stateDir, LOCK_FILE)
  for (let attempt = 0; ; attempt++) {
    try {
      const file = await open(path, 'wx')
      await file.writeFile(`${process.pid}\n`)
      await file.close()
      return {
        async release() {
          const owner = await readFile(path, 'utf8').catch(() => '')
          if (Number(owner.trim()) === process.pid) await unlink(path).catch(() => {})
        },
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err
      const pid = Number((await readFile(path, 'utf8').catch(() => '')).trim())
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new ProjectLocked(pid, path)
      await unlink(path).catch(() => {})
    }
  }
}
