// The engine's only source of time. Tests and `states exec` use a virtual clock that never sleeps.

export interface Clock {
  now(): number
  /** Marks real work in progress (an integration call): a virtual clock does not jump ahead meanwhile. */
  hold?(): () => void
  /** Resolves after `ms` (of this clock's time); rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }, Math.max(0, ms))
      const onAbort = () => {
        clearTimeout(timer)
        reject(signal!.reason)
      }
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  },
}

interface Timer {
  at: number
  seq: number
  resolve: () => void
}

/**
 * Virtual time. With `autoAdvance` (the default) time jumps to the earliest pending sleep once the
 * process has nothing else to do this turn (checked with setImmediate), so Wait states and retry
 * intervals take no real time; while an integration call holds the clock it waits up to `graceMs`
 * of real time first. Without auto-advance, time moves only through `advance(ms)`.
 */
export class VirtualClock implements Clock {
  private time: number
  private timers: Timer[] = []
  private seq = 0
  private scheduled = false
  private readonly autoAdvance: boolean
  private readonly graceMs: number
  private holds = 0

  constructor(start: number | string = 0, options: { autoAdvance?: boolean; graceMs?: number } = {}) {
    this.time = typeof start === 'string' ? Date.parse(start) : start
    this.autoAdvance = options.autoAdvance ?? true
    this.graceMs = options.graceMs ?? 100
  }

  now(): number {
    return this.time
  }

  hold(): () => void {
    this.holds++
    let released = false
    return () => {
      if (released) return
      released = true
      this.holds--
      if (this.holds === 0 && this.timers.length > 0 && !this.scheduled) this.schedule()
    }
  }

  get pending(): number {
    return this.timers.length
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason)
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve: () => {} }
      const onAbort = () => {
        this.timers = this.timers.filter((t) => t !== timer)
        reject(signal!.reason)
      }
      timer.resolve = () => {
        signal?.removeEventListener('abort', onAbort)
        resolve()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      this.timers.push(timer)
      this.schedule()
    })
  }

  /** Moves time forward, waking every sleeper due by then in deadline order. */
  advance(ms: number): void {
    const until = this.time + ms
    for (;;) {
      const next = this.earliest()
      if (!next || next.at > until) break
      this.fire(next)
    }
    this.time = Math.max(this.time, until)
  }

  private earliest(): Timer | undefined {
    let best: Timer | undefined
    for (const t of this.timers) if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t
    return best
  }

  private fire(t: Timer): void {
    this.timers = this.timers.filter((x) => x !== t)
    this.time = Math.max(this.time, t.at)
    t.resolve()
  }

  private schedule(): void {
    if (!this.autoAdvance || this.scheduled) return
    this.scheduled = true
    const tick = () => {
      this.scheduled = false
      const next = this.earliest()
      if (!next) return
      this.fire(next)
      if (this.timers.length > 0) this.schedule()
    }
    // While an integration call is in flight time waits for it, but only for a grace period of
    // real time: a call that never returns must still meet its TimeoutSeconds.
    if (this.holds > 0) setTimeout(tick, this.graceMs)
    else setImmediate(tick)
  }
}
