/** Time as the scheduler sees it: injected so tests run on virtual time and never sleep. */
export interface Clock {
  now(): number
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(handle: unknown): void
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => { const t = setTimeout(fn, ms); t.unref?.(); return t },
  clearTimeout: h => clearTimeout(h as NodeJS.Timeout),
}

interface Timer { at: number; seq: number; fn: () => void }

/** A clock that moves only when told: `advance(ms)` fires every timer due, in order. */
export class VirtualClock implements Clock {
  private timers = new Map<number, Timer>()
  private seq = 0
  constructor(private time = Date.UTC(2024, 0, 1)) {}
  now(): number { return this.time }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = ++this.seq
    this.timers.set(id, { at: this.time + Math.max(0, ms), seq: id, fn })
    return id
  }
  clearTimeout(handle: unknown): void { this.timers.delete(handle as number) }
  /** Moves time forward, firing due timers; awaits a macrotask between timers so their effects settle. */
  async advance(ms: number): Promise<void> {
    const end = this.time + ms
    for (;;) {
      const next = [...this.timers.entries()].sort((a, b) => a[1].at - b[1].at || a[1].seq - b[1].seq)[0]
      if (!next || next[1].at > end) break
      this.timers.delete(next[0])
      this.time = next[1].at
      next[1].fn()
      await new Promise(r => setImmediate(r))
    }
    this.time = end
    await new Promise(r => setImmediate(r))
  }
  get pending(): number { return this.timers.size }
}

/** The states engine's clock shape (`sleep`); adapted so one clock can drive every room. */
export interface SleepClock { now(): number; sleep(ms: number, signal?: AbortSignal): Promise<void> }

export function toTimerClock(c: Clock | SleepClock): Clock {
  if ('setTimeout' in c) return c
  return {
    now: () => c.now(),
    setTimeout: (fn, ms) => { const ac = new AbortController(); c.sleep(ms, ac.signal).then(fn, () => {}); return ac },
    clearTimeout: h => { (h as AbortController | undefined)?.abort?.() },
  }
}
