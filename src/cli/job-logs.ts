import type { Batch, LogEvent } from '../batch/index.ts'

/** The last non-empty log line of each job, read incrementally from the Batch store. */
export function logTail(batch: Batch): { last(jobId: string): string | undefined; lines(jobId: string, count: number): LogEvent[] } {
  const seen = new Map<string, { after?: { attempt: number; seq: number }; last?: string }>()
  return {
    last(jobId) {
      const s = seen.get(jobId) ?? {}
      for (;;) {
        const batchOf = batch.store.logs(jobId, { after: s.after, limit: 500 })
        for (const e of batchOf) if (e.message.trim()) s.last = e.message.trim()
        if (batchOf.length) s.after = { attempt: batchOf[batchOf.length - 1].attempt, seq: batchOf[batchOf.length - 1].seq }
        if (batchOf.length < 500) break
      }
      seen.set(jobId, s)
      return s.last
    },
    lines(jobId, count) {
      const all = batch.store.logs(jobId)
      return all.slice(-count)
    },
  }
}
