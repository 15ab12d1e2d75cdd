import type { HistoryEvent } from '../states/index.ts'
import { formatDuration, type Terminal } from './ui.ts'

type Status = 'RUNNING' | 'SUCCEEDED' | 'FAILED'

interface Row {
  name: string
  status: Status
  started: number
  ended?: number
  jobId?: string
  tail?: string
  /** The tail was read after the state ended. */
  tailFinal?: boolean
  error?: string
}

/** A job's last log line, or with `failed` its last error line (from the Batch store). */
export type LogTail = (jobId: string, failed: boolean) => string | undefined

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const MARK: Record<Status, string> = { RUNNING: '', SUCCEEDED: '✔', FAILED: '✖' }

/**
 * Live progress of one execution, fed with its history events: on a terminal a block of lines redrawn in
 * place (each state with its status, elapsed time and its job's last log line); otherwise one plain
 * line per state transition, for logs and CI.
 */
export class Progress {
  private rows: Row[] = []
  private byName = new Map<string, Row>()
  // Each event's previousEventId chains it to the events of the same state: event id → that state's row.
  private byEvent = new Map<number, Row>()
  private drawn = 0
  private frame = 0
  private timer?: NodeJS.Timeout
  private readonly started = Date.now()
  private finished = false

  constructor(private readonly term: Terminal, private readonly tail: LogTail, private readonly now: () => number = Date.now) {
    if (term.tty) {
      this.timer = setInterval(() => this.draw(), 120)
      this.timer.unref()
    }
  }

  /** A Batch job was submitted for a state. */
  job(stateName: string, jobId: string): void {
    const row = this.byName.get(stateName)
    if (row) row.jobId = jobId
    if (!this.term.tty) this.line(`${stateName}: job ${jobId} submitted`)
  }

  event(e: HistoryEvent): void {
    if (this.finished) return
    const t = Date.parse(e.timestamp) || this.now()
    const entered = e.stateEnteredEventDetails as { name?: string } | undefined
    if (e.type.endsWith('StateEntered') && entered?.name) {
      const row: Row = { name: entered.name, status: 'RUNNING', started: t }
      this.rows.push(row)
      this.byName.set(row.name, row)
      this.byEvent.set(e.id, row)
      if (!this.term.tty) this.line(`${row.name}: started`)
    } else {
      const row = this.byEvent.get(e.previousEventId)
      if (row) {
        this.byEvent.set(e.id, row)
        if (e.type.endsWith('StateExited') && row.status === 'RUNNING') {
          row.status = 'SUCCEEDED'
          row.ended = t
          if (!this.term.tty) this.line(`${row.name}: succeeded in ${formatDuration(row.ended - row.started)}`)
        } else if (/(Failed|TimedOut|Aborted)$/.test(e.type) && row.status === 'RUNNING') {
          const key = Object.keys(e).find(k => k.endsWith('EventDetails'))
          const d = key ? e[key] as { error?: string } : undefined
          row.status = 'FAILED'
          row.ended = t
          row.error = d?.error ?? e.type
          if (!this.term.tty) this.line(`${row.name}: failed after ${formatDuration(row.ended - row.started)} (${row.error})`)
        }
      }
    }
    if (this.term.tty) this.draw()
  }

  /** Stops redrawing and leaves the final picture on screen. */
  finish(): void {
    if (this.finished) return
    if (this.timer) clearInterval(this.timer)
    if (this.term.tty) this.draw()
    this.finished = true
  }

  private safeTail(jobId: string, failed: boolean): string | undefined {
    try { return this.tail(jobId, failed) } catch { return undefined }
  }

  private line(text: string): void {
    const elapsed = ((this.now() - this.started) / 1000).toFixed(1).padStart(6)
    this.term.out(`${elapsed}s  ${text}\n`)
  }

  private draw(): void {
    if (this.finished) return
    this.frame++
    const width = Math.max(40, this.term.columns - 1)
    const nameWidth = Math.min(28, Math.max(...this.rows.map(r => r.name.length), 4))
    const lines = this.rows.map(r => {
      const mark = r.status === 'RUNNING' ? SPINNER[this.frame % SPINNER.length] : MARK[r.status]
      const elapsed = formatDuration((r.ended ?? this.now()) - r.started).padStart(7)
      if (r.jobId && (r.status === 'RUNNING' || !r.tailFinal)) {
        r.tail = this.safeTail(r.jobId, r.status === 'FAILED') ?? r.tail
        r.tailFinal = r.status !== 'RUNNING'
      }
      const detail = r.status === 'FAILED' ? (r.error ?? '') + (r.tail ? `  ${r.tail}` : '') : r.status === 'RUNNING' ? (r.tail ?? '') : ''
      const text = ` ${mark} ${r.name.padEnd(nameWidth)}  ${r.status.padEnd(9)} ${elapsed}  ${detail}`
      return text.length > width ? text.slice(0, width - 1) + '…' : text
    })
    let out = this.drawn ? `\x1b[${this.drawn}A` : ''
    for (const l of lines) out += `\r\x1b[2K${l}\n`
    this.drawn = lines.length
    this.term.out(out)
  }
}

