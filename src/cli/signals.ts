// The signals that stop a command's execution as Ctrl-C does: SIGTERM (kill, a service manager) and SIGHUP (the
// terminal closed) too, so no execution is left RUNNING with no process behind it.

export type StopSignal = 'SIGINT' | 'SIGTERM' | 'SIGHUP'

const STOP_SIGNALS: readonly StopSignal[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

/** The exit code shells report for a process the signal ended: 128 + its number. */
export const SIGNAL_EXIT: Record<StopSignal, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 }

/** The cause an execution stopped by the signal ends ABORTED with. */
export function interruptCause(signal: StopSignal): string {
  return signal === 'SIGINT' ? 'interrupted (Ctrl-C)' : signal === 'SIGHUP' ? 'interrupted (SIGHUP: the terminal closed)' : 'interrupted (SIGTERM)'
}

/**
 * Calls `listener` once, on the first stop signal; the handlers then go, so a second signal ends the process
 * as it would without them. Returns the function that removes the handlers.
 */
export function onStopSignal(listener: (signal: StopSignal) => void): () => void {
  const handlers = STOP_SIGNALS.map(signal => [signal, () => { remove(); listener(signal) }] as const)
  const remove = () => { for (const [signal, handler] of handlers) process.off(signal, handler) }
  for (const [signal, handler] of handlers) process.on(signal, handler)
  return remove
}
