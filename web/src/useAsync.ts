import { useCallback, useEffect, useState } from 'react'

/** Loads once (and on `reload`), keeping the last value while reloading; errors are shown, never thrown. */
export function useAsync<T>(load: () => Promise<T>, deps: unknown[]): { data?: T; error?: Error; reload: () => void } {
  const [state, setState] = useState<{ data?: T; error?: Error }>({})
  const [tick, setTick] = useState(0)
  useEffect(() => {
    let live = true
    load().then(data => { if (live) setState({ data }) }, error => { if (live) setState(s => ({ ...s, error })) })
    return () => { live = false }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick])
  const reload = useCallback(() => setTick(t => t + 1), [])
  return { ...state, reload }
}

/** Calls `fn` every `ms` while the page is shown. */
export function useInterval(fn: () => void, ms: number): void {
  useEffect(() => {
    const t = setInterval(fn, ms)
    return () => clearInterval(t)
  }, [fn, ms])
}
