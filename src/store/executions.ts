// Rows of state_machines, executions and history_events, as the States engine reads and writes them.
import type Database from 'better-sqlite3'

export interface StateMachineRow {
  name: string
  arn: string
  definition: string
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
  definition: string
  options: string | null
}

export interface EventRow {
  execution_arn: string
  id: number
  type: string
  timestamp: string
  previous_event_id: number
  details: string | null
  key: string
  meta: string | null
}

/** Prepared statements over one database; every method is synchronous. */
export class ExecutionTables {
  private s

  constructor(readonly db: Database.Database) {
    this.s = {
      putMachine: db.prepare(`INSERT INTO state_machines (name, arn, definition, type, role_arn, created_at, updated_at)
        VALUES (@name, @arn, @definition, @type, @role_arn, @created_at, @updated_at)
        ON CONFLICT (name) DO UPDATE SET definition = excluded.definition, type = excluded.type, role_arn = excluded.role_arn, updated_at = excluded.updated_at`),
      getMachine: db.prepare('SELECT * FROM state_machines WHERE name = ?'),
      listMachines: db.prepare('SELECT * FROM state_machines ORDER BY name'),
      deleteMachine: db.prepare('DELETE FROM state_machines WHERE name = ?'),
      insertExecution: db.prepare(`INSERT INTO executions (arn, state_machine, name, status, input, start_date, definition, options)
        VALUES (@arn, @state_machine, @name, @status, @input, @start_date, @definition, @options)`),
      getExecution: db.prepare('SELECT * FROM executions WHERE arn = ?'),
      finishExecution: db.prepare('UPDATE executions SET status = ?, output = ?, error = ?, cause = ?, stop_date = ? WHERE arn = ?'),
      redrive: db.prepare("UPDATE executions SET status = 'RUNNING', output = NULL, error = NULL, cause = NULL, stop_date = NULL, redrive_count = redrive_count + 1, redrive_date = ? WHERE arn = ?"),
      running: db.prepare("SELECT * FROM executions WHERE status = 'RUNNING' ORDER BY start_date"),
      insertEvent: db.prepare(`INSERT INTO history_events (execution_arn, id, type, timestamp, previous_event_id, details, key, meta)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      events: db.prepare('SELECT * FROM history_events WHERE execution_arn = ? ORDER BY id'),
      eventsPage: db.prepare('SELECT * FROM history_events WHERE execution_arn = ? AND id > ? ORDER BY id LIMIT ?'),
      eventsPageReverse: db.prepare('SELECT * FROM history_events WHERE execution_arn = ? AND id < ? ORDER BY id DESC LIMIT ?'),
      lastEventId: db.prepare('SELECT MAX(id) AS id FROM history_events WHERE execution_arn = ?'),
    }
  }

  putStateMachine(row: StateMachineRow): void {
    this.s.putMachine.run(row)
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

  insertExecution(row: Pick<ExecutionRow, 'arn' | 'state_machine' | 'name' | 'status' | 'input' | 'start_date' | 'definition' | 'options'>): void {
    this.s.insertExecution.run(row)
  }

  getExecution(arn: string): ExecutionRow | undefined {
    return this.s.getExecution.get(arn) as ExecutionRow | undefined
  }

  finishExecution(arn: string, status: string, output: string | null, error: string | null, cause: string | null, stopDate: string): void {
    this.s.finishExecution.run(status, output, error, cause, stopDate, arn)
  }

  markRedriven(arn: string, date: string): void {
    this.s.redrive.run(date, arn)
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

  insertEvent(arn: string, id: number, type: string, timestamp: string, previous: number, details: string | null, key: string, meta: string | null): void {
    this.s.insertEvent.run(arn, id, type, timestamp, previous, details, key, meta)
  }

  events(arn: string): EventRow[] {
    return this.s.events.all(arn) as EventRow[]
  }

  eventsPage(arn: string, afterId: number, limit: number, reverse = false): EventRow[] {
    return (reverse ? this.s.eventsPageReverse.all(arn, afterId, limit) : this.s.eventsPage.all(arn, afterId, limit)) as EventRow[]
  }

  lastEventId(arn: string): number {
    return (this.s.lastEventId.get(arn) as { id: number | null }).id ?? 0
  }
}
