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
