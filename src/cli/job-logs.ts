import type { Batch, LogEvent } from '../batch/index.ts'

// An error's first line as psql/rsql print it (`rsql:file:34: ERROR:  …`), or a fatal message of the tool.
const ERROR_HEADER = /\b(ERROR|FATAL|PANIC):\s|^(rsql: error:|fetch-and-run:)/

/** The last non-empty log line of each job (and its last error line), read incrementally from the Batch store. */
export function logTail(batch: Batch): { last(jobId: string): string | undefined; lastError(jobId: string): string | undefined; lines(jobId: string, count: number): LogEvent[] } {
  const seen = new Map<string, { after?: { attempt: number; seq: number }; last?: string; error?: string }>()
  const read = (jobId: string) => {
    const s = seen.get(jobId) ?? {}
    for (;;) {
      const page = batch.store.logs(jobId, { after: s.after, limit: 500 })
      for (const e of page) {
        const text = e.message.trim()
        if (text) s.last = text
        if (e.stream === 'stderr' && ERROR_HEADER.test(text)) s.error = text.replace(/^rsql:\S+:\d+: /, '')
      }
      if (page.length) s.after = { attempt: page[page.length - 1].attempt, seq: page[page.length - 1].seq }
      if (page.length < 500) break
    }
    seen.set(jobId, s)
    return s
  }
  return {
    last: jobId => read(jobId).last,
    lastError: jobId => { const s = read(jobId); return s.error ?? s.last },
    lines(jobId, count) {
      const all = batch.store.logs(jobId)
      return all.slice(-count)
    },
  }
}
