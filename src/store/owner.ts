// Which process drives (owns) a RUNNING execution: `<pid>@<start time>`. The start time tells a live owner from
// a process that got the dead owner's pid later; a stop from another process must not write into a history
// that a live owner still writes.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

/** The process's start time as the system tells it (undefined: no such process, or one that has exited). */
export function processStart(pid: number): string | undefined {
  if (process.platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // after the command name in parentheses: field 3 (state) onwards; field 22 is starttime (clock ticks after boot)
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[0] === 'Z' || fields[0] === 'X') return undefined // exited, not reaped yet
      return fields[19]
    } catch {
      return undefined
    }
  }
  if (process.platform === 'win32') return pidAlive(pid) ? '' : undefined // no start time at hand: the pid alone
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return out || undefined
  } catch {
    return undefined
  }
}

/**
 * Whether process `pid` exists (one this process may not signal exists too). By the pid alone: a process that got a
 * dead one's pid passes; an owner recorded as `<pid>@<start time>` is checked by `ownerAlive` instead.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let self: string | undefined

/** This process as an owner: `<pid>@<start time>`. */
export function thisProcess(): string {
  return (self ??= `${process.pid}@${processStart(process.pid) ?? ''}`)
}

/** The pid an owner names. */
export function ownerPid(owner: string): number {
  const at = owner.indexOf('@')
  return Number(at < 0 ? owner : owner.slice(0, at))
}

/**
 * Whether the owner still runs: the same pid, started at the same time (not a later process given its pid). An
 * owner recorded before start times were (a bare pid: batch jobs of an older store) is judged by its pid alone.
 */
export function ownerAlive(owner: string | null | undefined): boolean {
  if (!owner) return false
  if (owner === thisProcess()) return true
  const pid = ownerPid(owner)
  if (!Number.isInteger(pid) || pid <= 0) return false
  if (!owner.includes('@')) return pidAlive(pid)
  const start = processStart(pid)
  return start !== undefined && start === owner.slice(owner.indexOf('@') + 1)
}
