/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same rows on every machine. */
export class Random {
  private state: number

  constructor(seed: number) {
    // Spread small seeds (1, 2, 3…) over the state space.
    this.state = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) >>> 0
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0)
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** An integer in [low, high], both included, as dbgen's RANDOM(low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]
  }
}

/** Derives a per-table seed so tables do not share a stream. */
export function tableSeed(seed: number, table: string): number {
  let h = seed >>> 0
  for (let i = 0; i < table.length; i++) h = Math.imul(h ^ table.charCodeAt(i), 0x01000193) >>> 0
  return h
}
