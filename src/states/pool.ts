// Runs Map iterations and Parallel branches. Only one unit runs "hot" at a time: the next starts
// when the running one finishes or starts waiting on something outside (a task, a Wait, a retry
// interval). Pure-data branches then produce AWS's history order deterministically, while units
// that wait still overlap up to the concurrency limit.

export interface PoolUnit {
  (index: number, onBlock: () => void): Promise<void>
}

/** Resolves when every started unit settled; stops starting new ones once `stopped()` is true. */
export function runPool(count: number, limit: number, unit: PoolUnit, stopped: () => boolean): Promise<void> {
  const max = limit > 0 ? limit : Infinity
  return new Promise((resolve) => {
    let next = 0
    let active = 0
    let hot = false
    const done = () => {
      if (active === 0 && (next >= count || stopped())) resolve()
    }
    const launch = (): void => {
      while (!hot && active < max && next < count && !stopped()) {
        const i = next++
        active++
        hot = true
        let released = false
        const release = () => {
          if (released) return
          released = true
          hot = false
          launch()
        }
        const settle = () => {
          active--
          if (released) launch()
          else release()
        }
        unit(i, release).then(settle, settle)
      }
      done()
    }
    launch()
  })
}
