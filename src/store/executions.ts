// Rows of state_machines, executions and history_events, as the States engine reads and writes them.
import type Database from 'better-sqlite3'
import { ChunkWriter, decodeChunk, encodeChunk } from './event-codec.ts'
import { thisProcess } from './owner.ts'

export interface StateMachineRow {
  name: string
  arn: string
  definition: string
  definition_hash: string
  type: string
  role_arn: string | null
  created_at: string
  updated_at: string
}

export interface ExecutionRow {
  arn: string
  state_machine: string
  name: string
  status: string
  input: string
  output: string | null
  error: string | null
  cause: string | null
  start_date: string
  stop_date: string | null
  redrive_count: number
  redrive_date: string | null
  definition_hash: string
  options: string | null
  /** the process that drives the execution while it is RUNNING (`<pid>@<start time>`, see owner.ts) */
  owner: string | null
  /** a stop asked by another process, `{error, cause}` as JSON, for the owner to carry out */
  stop_request: string | null
}

export interface StopRequest { arn: string; error?: string; cause?: string }

/** One stored event: AWS's event plus the engine's key and meta (recovery and redrive). */
export interface EventRow {
  event: { id: number; type: string; timestamp: string; previousEventId: number; [details: string]: unknown }
  key: string
  meta?: { next?: string }
  /** the key's parts when the writer has them (the key is then `<visit>|<type>|<seq>`): saves parsing it */
  visit?: string
  seq?: number
}

/** Prepared statements over one database; every method is synchronous. */
export class ExecutionTables {
  private s

  constructor(readonly db: Database.Database) {
    this.s = {
      putMachine: db.prepare(`INSERT INTO state_machines (name, arn, definition, definition_hash, type, role_arn, created_at, updated_at)
        VALUES (@name, @arn, @definition, @definition_hash, @type, @role_arn, @created_at, @updated_at)
        ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, definition_hash = excluded.definition_hash, type = excluded.type, role_arn = excluded.role_arn, updated_at = excluded.updated_at`),
      putDefinition: db.prepare('INSERT OR IGNORE INTO definitions (hash, text) VALUES (?, ?)'),
      getDefinition: db.prepare('SELECT text FROM definitions WHERE hash = ?'),
      getMachine: db.prepare('SELECT * FROM state_machines WHERE name = ?'),
      listMachines: db.prepare('SELECT * FROM state_machines ORDER BY name'),
      deleteMachine: db.prepare('DELETE FROM state_machines WHERE name = ?'),
      insertExecution: db.prepare(`INSERT INTO executions (arn, state_machine, name, status, input, start_date, definition_hash, options, owner)
        VALUES (@arn, @state_machine, @name, @status, @input, @start_date, @definition_hash, @options, @owner)`),
      getExecution: db.prepare('SELECT * FROM executions WHERE arn = ?'),
      finishExecution: db.prepare('UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ?, stop_request = NULL WHERE arn = ?'),
      // only from a status a redrive starts from: of two processes redriving at once, one wins
      redrive: db.prepare(`UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, stop_date = NULL, redrive_count = redrive_count + 1,
        redrive_date = ?, owner = ?, stop_request = NULL WHERE arn = ? AND status IN ('FAILED', 'TIMED_OUT', 'ABORTED')`),
      claim: db.prepare('UPDATE executions SET owner = ? WHERE arn = ?'),
      requestStop: db.prepare("UPDATE executions SET stop_request = ? WHERE arn = ? AND status = 'RUNNING'"),
      stopRequests: db.prepare("SELECT arn, stop_request FROM executions WHERE status = 'RUNNING' AND owner = ? AND stop_request IS NOT NULL"),
      running: db.prepare("SELECT * FROM executions WHERE status = 'RUNNING' ORDER BY start_date"),
      insertChunk: db.prepare('INSERT INTO history_chunks (execution_arn, first_id, last_id, events) VALUES (?, ?, ?, ?)'),
      chunks: db.prepare('SELECT events FROM history_chunks WHERE execution_arn = ? ORDER BY first_id'),
      chunksAfter: db.prepare('SELECT events FROM history_chunks WHERE execution_arn = ? AND last_id > ? ORDER BY first_id'),
      chunksBefore: db.prepare('SELECT events FROM history_chunks WHERE execution_arn = ? AND first_id < ? ORDER BY first_id DESC'),
      lastEventId: db.prepare('SELECT MAX(last_id) AS id FROM history_chunks WHERE execution_arn = ?'),
    }
  }

  /** Stores the machine and its definition (once per content hash). */
  putStateMachine(row: StateMachineRow): void {
    this.db.transaction(() => {
      this.s.putDefinition.run(row.definition_hash, row.definition)
      this.s.putMachine.run(row)
    })()
  }

  /** A stored definition's text by its hash. */
  getDefinition(hash: string): string | undefined {
    return (this.s.getDefinition.get(hash) as { text: string } | undefined)?.text
  }

  getStateMachine(name: string): StateMachineRow | undefined {
    return this.s.getMachine.get(name) as StateMachineRow | undefined
  }

  listStateMachines(): StateMachineRow[] {
    return this.s.listMachines.all() as StateMachineRow[]
  }

  deleteStateMachine(name: string): void {
    this.s.deleteMachine.run(name)
  }

  /** Inserts a RUNNING execution owned by this process. */
  insertExecution(row: Pick<ExecutionRow, 'arn' | 'state_machine' | 'name' | 'status' | 'input' | 'start_date' | 'definition_hash' | 'options'>): void {
    this.s.insertExecution.run({ ...row, owner: thisProcess() })
  }

  /** This process drives the execution from now on (it resumes it after its owner died). */
  claimExecution(arn: string): void {
    this.s.claim.run(thisProcess(), arn)
  }

  /** Asks the owner of a RUNNING execution to stop it; false when it is not RUNNING (any more). */
  requestStop(arn: string, o: { error?: string; cause?: string }): boolean {
    return this.s.requestStop.run(JSON.stringify(o), arn).changes > 0
  }

  /** The stops other processes asked of the RUNNING executions this process owns. */
  stopRequests(): StopRequest[] {
    return (this.s.stopRequests.all(thisProcess()) as Array<{ arn: string; stop_request: string }>).map((r) => ({ arn: r.arn, ...JSON.parse(r.stop_request) as object }))
  }

  getExecution(arn: string): ExecutionRow | undefined {
    return this.s.getExecution.get(arn) as ExecutionRow | undefined
  }

  finishExecution(arn: string, status: string, output: string | null, error: string | null, cause: string | null, stopDate: string): void {
    this.s.finishExecution.run(status, output, error, cause, stopDate, arn)
  }

  /** Marks a FAILED, TIMED_OUT or ABORTED execution RUNNING again, owned by this process; false when its status is another. */
  markRedriven(arn: string, date: string): boolean {
    return this.s.redrive.run(date, thisProcess(), arn).changes > 0
  }

  runningExecutions(): ExecutionRow[] {
    return this.s.running.all() as ExecutionRow[]
  }

  /** Executions newest first, optionally of one machine and/or status, paged by start date. */
  listExecutions(o: { stateMachine?: string; status?: string; limit: number; before?: string }): ExecutionRow[] {
    const where: string[] = []
    const args: unknown[] = []
    if (o.stateMachine) where.push('state_machine = ?'), args.push(o.stateMachine)
    if (o.status) where.push('status = ?'), args.push(o.status)
    if (o.before) where.push('(start_date || arn) < ?'), args.push(o.before)
    const sql = `SELECT * FROM executions ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY start_date DESC, arn DESC LIMIT ?`
    return this.db.prepare(sql).all(...args, o.limit) as ExecutionRow[]
  }

  /** Stores events (in id order) as one chunk; call inside the commit's transaction. */
  insertEvents(arn: string, rows: EventRow[]): void {
    if (rows.length === 0) return
    this.s.insertChunk.run(arn, rows[0]!.event.id, rows[rows.length - 1]!.event.id, encodeChunk(rows))
  }

  /** Stores the chunk a ChunkWriter built (and spends it); call inside the commit's transaction. */
  insertChunk(arn: string, chunk: ChunkWriter): void {
    if (chunk.count === 0) return
    this.s.insertChunk.run(arn, chunk.firstId, chunk.lastId, chunk.text())
  }

  events(arn: string): EventRow[] {
    return (this.s.chunks.all(arn) as Array<{ events: string }>).flatMap((c) => decodeChunk(c.events))
  }

  /** Up to `limit` events after id `from` (or before it, newest first, when `reverse`). */
  eventsPage(arn: string, from: number, limit: number, reverse = false): EventRow[] {
    const out: EventRow[] = []
    if (!reverse) {
      for (const c of this.s.chunksAfter.iterate(arn, from) as Iterable<{ events: string }>) {
        for (const r of decodeChunk(c.events)) if (r.event.id > from && out.length < limit) out.push(r)
        if (out.length >= limit) break
      }
    } else {
      for (const c of this.s.chunksBefore.iterate(arn, from) as Iterable<{ events: string }>) {
        const rows = decodeChunk(c.events)
        for (let i = rows.length - 1; i >= 0; i--) if (rows[i]!.event.id < from && out.length < limit) out.push(rows[i]!)
        if (out.length >= limit) break
      }
    }
    return out
  }

  lastEventId(arn: string): number {
    return (this.s.lastEventId.get(arn) as { id: number | null }).id ?? 0
  }
}
