import { homedir } from 'node:os'

/** psql's expand_tilde: `~` and `~/…` in the home folder (HOME, else the user's home as the system has it). */
export function expandTilde(path: string, home: string | undefined): string {
  if (path !== '~' && !path.startsWith('~/')) return path
  return (home || homedir()) + path.slice(1)
}
