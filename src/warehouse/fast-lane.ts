import net from 'node:net'
import type { CopyInData, Field, Notice, Notification, QueryOptions } from './session.ts'
import { WarehouseError } from './errors.ts'
import { holdReading, startCopyIn } from './copy-data.ts'
import { decodeBytes, parseMessage, queryMessage } from './raw-text.ts'

/** What a simple query's answers are handed to, message by message (pg's "submittable" methods). */
export interface SimpleQueryHandler {
  handleRowDescription(msg: { fields: DescribedColumn[] }): void
  handleDataRow(msg: { fields: (string | null)[] }): void
  handleCommandComplete(msg: { text: string }): void
  handleEmptyQuery(): void
  handleCopyOutResponse(): void
  handleError(err: Error): void
  handleReadyForQuery(): void
}

interface Running {
  handler: SimpleQueryHandler
  onNotice: ((n: Notice) => void) | undefined
  copyIn: (() => CopyInData) | undefined
  copyOut: QueryOptions['copyOut']
  /** The COPY … FROM STDIN whose data is being sent: ended when the server answers (copy-data.ts) */
  copy: { end(): void } | undefined
  error: Error | undefined
  done: (transactionStatus: string) => void
}

/** A statement of a pipeline (QueryOptions.ahead): what the server answered it, kept until it is asked for. */
interface Slot {
  sql: string
  /** Its messages not yet handed to a handler (its own, and a ReadyForQuery the lane adds when it ends). */
  messages: Buffer[]
  /** Asked for: its messages go to the running query as they come. */
  attached: boolean
}

const READ_BUFFER = 64 * 1024

/** A RowDescription's column, its type modifier too (a statement's description gives it: describe-statement.ts). */
type DescribedColumn = Field & { dataTypeModifier: number }

const DESCRIBE_AND_SYNC = Buffer.from([0x44, 0, 0, 0, 6, 0x53, 0, 0x53, 0, 0, 0, 4]) // D: the unnamed statement (S); S: Sync

/**
 * The simple-query fast lane of a pg session on a plain socket. pg opens the connection (startup,
 * authentication, BackendKeyData) and runs COPY; the session's plain Query messages are written and
 * their answers parsed here, straight out of the socket's read buffer (net's `onread`), which skips
 * pg's query queue and the stream machinery (readable `data` events, a Buffer per read). A script of
 * small statements costs a round trip each, and that per-trip overhead is most of what rsql adds to it.
 * While no lane query runs, what the socket reads goes to pg unchanged, through the socket's stream.
 */
export class FastLane {
  readonly socket: net.Socket
  private running: Running | undefined
  /** A message cut by the end of a read, and how many of its bytes are here. */
  private carry: Buffer | undefined
  private carried = 0
  /** Where the NotificationResponses read during a query go (between queries pg reads them). */
  onNotification: ((n: Notification) => void) | undefined
  /** Where the ParameterStatus messages read during a query go at once (pg hears of them too, later). */
  onParameterStatus: ((name: string, value: string) => void) | undefined
  /**
   * The client encoding is not UTF8 (`SET client_encoding`): the server's text is read a byte a character
   * (decodeBytes), so the bytes it sends are measured and printed as psql measures and prints them.
   */
  rawText = false
  /** The statements of the pipeline sent last that were not asked for yet, the running one first. */
  private slots: Slot[] = []
  /** The slot the server's answers are for now, its phase (0 BEGIN, 1 the statement, 2 COMMIT), the one that failed. */
  private receiving = 0
  private phase = 0
  private failed: Slot | undefined
  /**
   * The statement's CommandComplete, held until its COMMIT succeeds: an error at COMMIT (a deferred constraint) is
   * the statement's alone, as a Query message reports it (its transaction ends before its CommandComplete is sent).
   */
  private completed: Buffer | undefined
  /** A pipeline's Sync not answered yet (or the ROLLBACK after it, rollingBack). */
  private inFlight = false
  private rollingBack = false

  constructor() {
    this.socket = new net.Socket({ onread: { buffer: Buffer.allocUnsafe(READ_BUFFER), callback: (n: number, buf: Buffer) => this.read(buf, n) } } as net.SocketConstructorOpts)
    this.socket.on('close', () => this.fail(new WarehouseError('Connection terminated unexpectedly', { code: '08006', connectionLost: true }), true))
  }

  get usable(): boolean {
    return !this.running && !this.inFlight && !this.socket.destroyed && this.socket.writable
  }

  /** A query is waiting for its ReadyForQuery, or a pipeline for its answers. */
  get busy(): boolean {
    return this.running !== undefined || this.inFlight
  }

  /** The statements sent ahead not asked for yet (with the running one while it runs). */
  get aheadCount(): number {
    return this.slots.length
  }

  /** The statement sent ahead that must be asked for next, if any. */
  get nextAhead(): string | undefined {
    return this.slots[0]?.sql
  }

  /**
   * Sends one Query message; the handler gets its answers (an error at the end, with ReadyForQuery), then
   * `done` gets ReadyForQuery's transaction status (I, T or E), or I when the connection was lost.
   */
  query(sql: string, handler: SimpleQueryHandler, options: Pick<QueryOptions, 'onNotice' | 'copyIn' | 'copyOut' | 'ahead'> | undefined, done: (transactionStatus: string) => void): void {
    this.running = { handler, onNotice: options?.onNotice, copyIn: options?.copyIn, copyOut: options?.copyOut, copy: undefined, error: undefined, done }
    if (this.slots.length > 0) return this.attach(sql)
    const statements = options?.ahead && pipelined(sql, options.ahead)
    if (statements) this.sendPipeline(statements)
    else this.socket.write(queryMessage(sql))
  }

  /**
   * QueryOptions.ahead: the statements go in one write, each in a transaction of its own (BEGIN, the statement,
   * COMMIT: what a Query message of one statement does implicitly), and one Sync after the last. After an error
   * the server skips the rest up to the Sync, so a statement runs only when all before it succeeded.
   */
  private sendPipeline(statements: string[]): void {
    this.slots = statements.map((sql, i) => ({ sql, messages: [], attached: i === 0 }))
    this.receiving = 0
    this.phase = 0
    this.failed = undefined
    this.completed = undefined
    this.inFlight = true
    this.socket.write(pipelineMessage(statements))
  }

  /** The running query is the statement sent ahead next: what the server answered it so far goes to its handler. */
  private attach(sql: string): void {
    const slot = this.slots[0]
    if (slot.sql !== sql) {
      this.running = undefined
      throw new Error(`internal error: ${JSON.stringify(sql.slice(0, 60))} asked for where ${JSON.stringify(slot.sql.slice(0, 60))} was sent ahead`)
    }
    slot.attached = true
    const messages = slot.messages
    slot.messages = []
    for (const m of messages) this.deliver(m, 0, m.length)
  }

  /** A message read for a slot: to the running query if the slot was asked for, else kept (a copy: the read buffer is reused). */
  private toSlot(slot: Slot, buf: Buffer, start: number, end: number): void {
    if (slot.attached) this.deliver(buf, start, end)
    else slot.messages.push(Buffer.from(buf.subarray(start, end)))
  }

  /** A message of the lane's own for a slot (its held CommandComplete, its ReadyForQuery): kept as it is. */
  private toSlotOwned(slot: Slot, message: Buffer): void {
    if (slot.attached) this.deliver(message, 0, message.length)
    else slot.messages.push(message)
  }

  /** A message of the slot asked for (the first) to the running query; its ReadyForQuery ends the slot. */
  private deliver(buf: Buffer, start: number, end: number): void {
    if (buf[start] === 0x5a) {
      this.slots.shift()
      if (this.receiving > 0) this.receiving--
    }
    this.message(buf, start, end)
  }

  /** A message while a pipeline is answered: routed to its statement's slot (the BEGIN's and COMMIT's dropped). */
  private pipelineMessage(buf: Buffer, start: number, end: number): void {
    const slot = this.slots[this.receiving]
    switch (buf[start]) {
      case 0x31: case 0x32: case 0x6e: // ParseComplete, BindComplete, NoData
        return
      case 0x53: case 0x41: // ParameterStatus, NotificationResponse: as outside a pipeline
        return this.message(buf, start, end)
      case 0x43: { // CommandComplete: the BEGIN's, the statement's or the COMMIT's
        if (this.rollingBack) return
        const phase = this.phase
        this.phase = (phase + 1) % 3
        if (phase === 1) this.completed = Buffer.from(buf.subarray(start, end))
        else if (phase === 2) {
          this.toSlotOwned(slot, this.completed!)
          this.completed = undefined
          this.receiving++
          this.toSlotOwned(slot, READY_IDLE)
        }
        return
      }
      case 0x45: // ErrorResponse: the server skips what follows up to the Sync
        if (this.rollingBack) return
        this.failed = slot
        this.completed = undefined
        return this.toSlot(slot, buf, start, end)
      case 0x5a: { // ReadyForQuery: the Sync's (a failure inside a statement's transaction leaves it open: rolled back first)
        if (buf[start + 5] === 0x45 && !this.rollingBack) {
          this.rollingBack = true
          this.socket.write(ROLLBACK)
          return
        }
        this.inFlight = false
        this.rollingBack = false
        const failed = this.failed
        if (!failed) return
        this.failed = undefined
        // the statements after the failed one never ran
        this.slots.length = this.slots.indexOf(failed) + 1
        this.receiving = this.slots.length - 1
        return this.toSlotOwned(failed, READY_IDLE)
      }
      default: // the statement's rows, notices…
        return this.toSlot(slot, buf, start, end)
    }
  }

  /**
   * Parses `sql` as the unnamed prepared statement and describes it (psql's \gdesc), answered as a query is: a
   * RowDescription (NoData: none), or an error, then ReadyForQuery.
   */
  describe(sql: string, handler: SimpleQueryHandler, done: (transactionStatus: string) => void): void {
    this.running = { handler, onNotice: undefined, copyIn: undefined, copyOut: undefined, copy: undefined, error: undefined, done }
    this.socket.write(Buffer.concat([parseMessage(sql), DESCRIBE_AND_SYNC]))
  }

  /** What the socket read; false stops reading until the socket's reader wants more (backpressure). */
  private read(buf: Buffer, n: number): boolean {
    try {
      return this.take(buf, n)
    } catch (err) {
      // a misread (or a throwing row or notice callback): the connection cannot be trusted any more
      this.fail(err as Error)
      this.socket.destroy(err as Error)
      return false
    }
  }

  private take(buf: Buffer, n: number): boolean {
    let at = 0
    if (this.carry) {
      at = this.fillCarry(buf, n)
      if (!this.carry || this.carried < this.carry.length) return true
      const message = this.carry
      this.carry = undefined
      if (this.inFlight) this.pipelineMessage(message, 0, message.length)
      else this.message(message, 0, message.length)
    }
    while (at < n) {
      // pg's reads, as net would hand them over without `onread` (a copy: the read buffer is reused)
      if (!this.running && !this.inFlight) return this.socket.push(Buffer.from(buf.subarray(at, n)))
      const end = n - at < 5 ? Infinity : at + messageSize(buf, at)
      if (end > n) {
        this.carry = Buffer.allocUnsafe(end === Infinity ? 5 : end - at)
        this.carried = buf.copy(this.carry, 0, at, n)
        return true
      }
      if (this.inFlight) this.pipelineMessage(buf, at, end)
      else this.message(buf, at, end)
      at = end
    }
    return true
  }

  /** Adds the start of `buf` to the carried message (its 5-byte header first); returns the bytes used. */
  private fillCarry(buf: Buffer, n: number): number {
    let carry = this.carry!
    let at = 0
    if (this.carried < 5) {
      at = buf.copy(carry, this.carried, 0, Math.min(n, 5 - this.carried))
      this.carried += at
      if (this.carried < 5) return at
      const size = messageSize(carry, 0)
      if (size > carry.length) {
        carry = Buffer.allocUnsafe(size)
        this.carry!.copy(carry, 0, 0, 5)
        this.carry = carry
      }
    }
    const used = buf.copy(carry, this.carried, at, Math.min(n, at + carry.length - this.carried))
    this.carried += used
    return at + used
  }

  private message(buf: Buffer, start: number, end: number): void {
    const q = this.running!
    const body = start + 5
    switch (buf[start]) {
      case 0x44: // D: DataRow
        q.handler.handleDataRow({ fields: dataRow(buf, body, this.rawText) })
        break
      case 0x43: // C: CommandComplete
        q.copy?.end()
        q.handler.handleCommandComplete({ text: buf.toString('utf8', body, end - 1) })
        break
      case 0x54: // T: RowDescription
        q.handler.handleRowDescription({ fields: rowDescription(buf, body, this.rawText) })
        break
      case 0x49: // I: EmptyQueryResponse
        q.handler.handleEmptyQuery()
        break
      case 0x45: { // E: ErrorResponse (the query ends at ReadyForQuery)
        q.copy?.end()
        const f = errorFields(buf, body, end, this.rawText)
        q.error ??= new WarehouseError(f.M ?? '', { code: f.C ?? 'XX000', severity: f.S, detail: f.D, hint: f.H, position: f.P ? Number(f.P) : undefined, where: f.W, serverFields: f })
        break
      }
      case 0x4e: { // N: NoticeResponse
        const f = errorFields(buf, body, end, this.rawText)
        q.onNotice?.({ severity: f.S ?? 'NOTICE', code: f.C, message: f.M ?? '', detail: f.D, hint: f.H, where: f.W, serverFields: f })
        break
      }
      case 0x47: // G: CopyInResponse: a COPY … FROM STDIN wants its data (the server answers after CopyDone or CopyFail)
        q.copy = startCopyIn(this.socket, q.copyIn?.())
        break
      case 0x5a: { // Z: ReadyForQuery
        q.copy?.end()
        this.running = undefined
        if (q.error) q.handler.handleError(q.error)
        else q.handler.handleReadyForQuery()
        q.done(String.fromCharCode(buf[body]))
        break
      }
      case 0x41: // A: NotificationResponse (LISTEN/NOTIFY)
        this.onNotification?.(notification(buf, body))
        break
      case 0x53: { // S: ParameterStatus: pg's, as if it had read it
        const nul = buf.indexOf(0, body)
        this.onParameterStatus?.(buf.toString('utf8', body, nul), buf.toString('utf8', nul + 1, end - 1))
        this.socket.push(Buffer.from(buf.subarray(start, end)))
        break
      }
      case 0x48: // H: CopyOutResponse: a COPY … TO STDOUT starts (CopyData messages, then CopyDone)
        q.handler.handleCopyOutResponse()
        break
      case 0x64: { // d: CopyData
        const wait = q.copyOut?.(buf.subarray(body, end))
        if (wait) holdReading(this.socket, wait)
        break
      }
    }
  }

  private fail(err: Error, closed = false): void {
    // what was answered before stays to be asked for; the statements not answered are lost with the connection
    this.inFlight = false
    this.slots = this.slots.filter(s => s.messages.some(m => m[0] === 0x5a))
    const q = this.running
    if (!q) return
    this.running = undefined
    this.carry = undefined
    q.copy?.end()
    // the server's error (a FATAL) when one came before the socket closed
    if (closed && q.error instanceof WarehouseError) q.error.connectionLost = true
    q.handler.handleError(q.error ?? err)
    q.done('I')
  }
}

/**
 * The statement and those ahead of it, up to one that a Parse message reads otherwise than a Query message: `$1` is
 * a parameter to Parse (its Bind then fails), where a Query reports "there is no parameter $1" with its position.
 */
function pipelined(sql: string, ahead: readonly string[]): string[] | undefined {
  if (PARAMETER.test(sql)) return undefined
  const n = ahead.findIndex(s => PARAMETER.test(s))
  const statements = [sql, ...(n < 0 ? ahead : ahead.slice(0, n))]
  return statements.length > 1 ? statements : undefined
}

const PARAMETER = /\$[0-9]/

/** A frontend message of `type` with `body`. */
function frontend(type: string, body: Buffer): Buffer {
  const m = Buffer.allocUnsafe(5 + body.length)
  m[0] = type.charCodeAt(0)
  m.writeInt32BE(4 + body.length, 1)
  body.copy(m, 5)
  return m
}

// the unnamed statement and portal; no parameters, text results, every row
const BIND = frontend('B', Buffer.alloc(8))
const EXECUTE = frontend('E', Buffer.alloc(5))
const BIND_DESCRIBE_EXECUTE = Buffer.concat([BIND, frontend('D', Buffer.from('P\0')), EXECUTE])
const BEGIN = Buffer.concat([parseMessage('BEGIN'), BIND, EXECUTE])
const COMMIT = Buffer.concat([parseMessage('COMMIT'), BIND, EXECUTE])
const SYNC = frontend('S', Buffer.alloc(0))
const ROLLBACK = queryMessage('ROLLBACK')
/** The end of a slot, as a query's: ReadyForQuery, idle. */
const READY_IDLE = Buffer.from([0x5a, 0, 0, 0, 5, 0x49])

/** The messages of a pipeline (sendPipeline), in one buffer. */
function pipelineMessage(statements: string[]): Buffer {
  const parts: Buffer[] = []
  for (const sql of statements) parts.push(BEGIN, parseMessage(sql), BIND_DESCRIBE_EXECUTE, COMMIT)
  parts.push(SYNC)
  return Buffer.concat(parts)
}

const MAX_MESSAGE = 1 << 30 // the server's own limit on a message (MaxAllocSize)
const MESSAGE_TYPES = new Set([...'DCTIENGZASHdcWst123nKRv'].map(c => c.charCodeAt(0)))

/** The size of the message at `at` (type byte and length); throws on what cannot be a backend message. */
function messageSize(buf: Buffer, at: number): number {
  const length = buf.readInt32BE(at + 1)
  if (!MESSAGE_TYPES.has(buf[at]) || length < 4 || length > MAX_MESSAGE) {
    throw new Error(`lost track of the server's messages (type 0x${buf[at].toString(16)}, length ${length})`)
  }
  return length + 1
}

/** A NotificationResponse's body: the process, then the channel and the payload (C strings). */
function notification(buf: Buffer, at: number): Notification {
  const processId = buf.readInt32BE(at)
  const channelEnd = buf.indexOf(0, at + 4)
  const payloadEnd = buf.indexOf(0, channelEnd + 1)
  return { processId, channel: buf.toString('utf8', at + 4, channelEnd), payload: buf.toString('utf8', channelEnd + 1, payloadEnd) }
}

function dataRow(buf: Buffer, at: number, raw: boolean): (string | null)[] {
  const count = buf.readInt16BE(at)
  const fields = new Array<string | null>(count)
  at += 2
  for (let i = 0; i < count; i++) {
    const length = buf.readInt32BE(at)
    at += 4
    if (length < 0) fields[i] = null
    else {
      fields[i] = raw ? decodeBytes(buf, at, at + length) : buf.toString('utf8', at, at + length)
      at += length
    }
  }
  return fields
}

function rowDescription(buf: Buffer, at: number, raw: boolean): DescribedColumn[] {
  const count = buf.readInt16BE(at)
  const fields: DescribedColumn[] = []
  at += 2
  for (let i = 0; i < count; i++) {
    const nul = buf.indexOf(0, at)
    const name = raw ? decodeBytes(buf, at, nul) : buf.toString('utf8', at, nul)
    at = nul + 1
    // after the table OID and column number; the type's size, then its modifier
    fields.push({ name, dataTypeID: buf.readInt32BE(at + 6), dataTypeModifier: buf.readInt32BE(at + 12) })
    at += 18
  }
  return fields
}

/** An ErrorResponse's or NoticeResponse's fields by their one-letter codes (M message, C SQLSTATE…). */
function errorFields(buf: Buffer, at: number, end: number, raw: boolean): Record<string, string> {
  const fields: Record<string, string> = {}
  while (at < end && buf[at] !== 0) {
    const nul = buf.indexOf(0, at + 1)
    fields[String.fromCharCode(buf[at])] = raw ? decodeBytes(buf, at + 1, nul) : buf.toString('utf8', at + 1, nul)
    at = nul + 1
  }
  return fields
}
