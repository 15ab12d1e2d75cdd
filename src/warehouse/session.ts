import type { Readable, Writable } from 'node:stream'

/** A column of a result, as the server described it. */
export interface Field {
  name: string
  /** The type's OID (`pg_type.oid`): output formats align numeric types to the right. */
  dataTypeID: number
}

/** A result column as a statement's description gives it (libpq's PQftype and PQfmod). */
export interface DescribedField extends Field {
  /** The type modifier (`atttypmod`: `varchar(10)`'s length…), -1 for none. */
  typeModifier: number
}

/** The result of one SQL statement: rows are the server's text output, NULL as `null`. */
export interface StatementResult {
  /** The command tag's verb: `SELECT`, `INSERT`, `CREATE TABLE`… */
  command: string
  /** The whole command tag as psql prints it: `INSERT 0 3`, `CREATE TABLE`… */
  commandTag: string
  /** Rows affected or returned, from the command tag; a decimal string so 64-bit counts stay exact. */
  rowCount: string | null
  fields: Field[]
  rows: (string | null)[][]
  /**
   * The server described rows (a RowDescription, psql's PGRES_TUPLES_OK), even none or with no columns:
   * `CREATE TABLE … AS SELECT` has a SELECT tag and no rows to print. Absent when a session cannot tell.
   */
  tuples?: boolean
  /** A `COPY … TO STDOUT`: its data went to QueryOptions.copyOut (the tag still counts the rows). */
  copyOut?: boolean
}

/** A message the server sent beside a result (`NOTICE`, `WARNING`, `INFO`…). */
export interface Notice {
  severity: string
  code?: string
  message: string
  detail?: string
  hint?: string
  /** CONTEXT: where it was raised (a PL/pgSQL line…) */
  where?: string
  /** the other fields by their protocol codes, as WarehouseError.serverFields */
  serverFields?: Readonly<Record<string, string>>
}

export interface QueryOptions {
  /** Called for each notice while the statement runs. */
  onNotice?: (notice: Notice) => void
  /**
   * Rows handed over as they arrive (with the result they belong to) instead of kept in `result.rows`,
   * so a caller can hold a large result compactly. Sessions that cannot stream ignore it and fill `rows`.
   */
  onRow?: (row: (string | null)[], result: StatementResult) => void
  /**
   * The data for a `COPY … FROM STDIN` among the statements, asked for when the server wants it (as psql
   * reads it from the script then): all of it, or chunks sent as they come (a program's own stdin, read while
   * the COPY runs; a chunk source that throws fails the COPY with its message); without it such a COPY fails.
   */
  copyIn?: () => CopyInData
  /**
   * Where the data of a `COPY … TO STDOUT` among the statements goes, a message (a row, in text formats) at a
   * time; the bytes are valid only during the call. A promise says the destination is behind: the session reads
   * no more from the server until it settles. Without it the data is dropped and the COPY still succeeds.
   */
  copyOut?: (data: Buffer) => void | Promise<void>
  /**
   * Called when a `COPY … TO STDOUT` among the statements starts, before its data, with the results of the
   * statements before it (all of them, from the first): psql prints each result as it comes, so a caller that
   * prints the results at the end prints these first, and the COPY's data after them.
   */
  onCopyOut?: (completed: StatementResult[]) => void
  /**
   * The statements that will be asked for next, in order, each only if all before it succeeded (rsql reads them
   * ahead in its script). A session may send them with this one (a pipeline) and answer each from what the server
   * sent when it is asked for, with the same text and before anything else; each single statement in autocommit.
   * Sessions that cannot ignore it.
   */
  ahead?: readonly string[]
}

/** A `COPY … FROM STDIN`'s data (QueryOptions.copyIn). */
export type CopyInData = string | AsyncIterable<string | Uint8Array>

/** A NOTIFY on a channel this session LISTENs to (the protocol's NotificationResponse). */
export interface Notification {
  channel: string
  payload: string
  /** The notifying server process. */
  processId: number
}

/** Where a warehouse is and who connects to it. */
export interface ConnectionInfo {
  host: string
  port: number
  database: string
  user: string
}

/** One connection to a warehouse: the interface every target implements. */
export interface Session {
  readonly info: ConnectionInfo
  /** Runs SQL text (one or more statements) with the simple query protocol. */
  query(sql: string, options?: QueryOptions): Promise<StatementResult[]>
  /** Starts `COPY … FROM STDIN`; write the data, then end the stream; it finishes when the server has it all. */
  copyFrom(sql: string): Writable
  /** Starts `COPY … TO STDOUT` and streams what the server sends. */
  copyTo(sql: string): Readable
  /** Asks the server to cancel the statement running now, if any. */
  cancel(): Promise<void>
  close(): Promise<void>
  /** True while the session is inside a transaction block (BEGIN without COMMIT/ROLLBACK yet). */
  readonly inTransaction: boolean
  /** The protocol's transaction status after the last statement: I (idle), T (in a block), E (a failed block); absent when the target cannot tell. */
  readonly transactionStatus?: 'I' | 'T' | 'E'
  /** The notifications received since the last call, oldest first (psql prints them after each command). */
  takeNotifications?(): Notification[]
  /**
   * Parses a statement as the unnamed prepared statement, without running it, and describes its result
   * columns (the extended protocol's Parse and Describe, as psql's \gdesc): none for a statement without
   * rows. Absent when the target cannot.
   */
  describe?(sql: string): Promise<DescribedField[]>
  /**
   * `server_version` as the server reported it when the session started (its ParameterStatus, where
   * libpq and psql read it too); absent when the session cannot tell without asking.
   */
  readonly serverVersion?: string
  /** QueryOptions.ahead is acted on: the statements are sent with the one asked for. */
  readonly sendsAhead?: boolean
  /** How many statements sent ahead were not asked for yet (none after a failure: the server ran none after it). */
  readonly sentAhead?: number
  /** A setting as the server last reported it (ParameterStatus: standard_conforming_strings…); absent when the session cannot tell. */
  parameter?(name: string): string | undefined
}
