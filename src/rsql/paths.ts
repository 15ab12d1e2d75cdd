import { homedir } from 'node:os'
import { resolve } from 'node:path'

/** `resolve(cwd, path)`, except that an empty path names no file, as for the C library's fopen and chdir (ENOENT). */
export function resolvePath(cwd: string, path: string): string {
  if (path === '') throw Object.assign(new Error('No such file or directory'), { code: 'ENOENT' })
  return resolve(cwd, path)
}

/** psql's expand_tilde: `~` and `~/…` in the home folder (HOME, else the user's home as the system has it). */
export function expandTilde(path: string, home: string | undefined): string {
  if (path !== '~' && !path.startsWith('~/')) return path
  return (home || homedir()) + path.slice(1)
}

/** `No such file or directory`, as strerror words it. */
export function describeIoError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code
  switch (code) {
    case 'ENOENT': return 'No such file or directory'
    case 'EACCES': return 'Permission denied'
    case 'EISDIR': return 'Is a directory'
    case 'ENOTDIR': return 'Not a directory'
    case 'ENOSPC': return 'No space left on device'
    case 'EPIPE': return 'Broken pipe'
    case 'EIO': return 'Input/output error'
    case 'EFBIG': return 'File too large'
    case 'EDQUOT': return 'Disk quota exceeded'
    default: return (e as Error).message
  }
}
