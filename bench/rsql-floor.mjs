// The floor for any Node.js client in bench:rsql: the same INSERTs, one simple-protocol Query at a time
// over a bare net.Socket (no driver, no interpreter), each waiting for ReadyForQuery and checking for
// an ErrorResponse. It reads with `onread` into one reused buffer and chains statements by callback, the
// cheapest way Node offers. What rsql costs above this is its own; what this costs above psql is Node's.
// Usage: node bench/rsql-floor.mjs PORT STATEMENTS  (user awsuser, database dev, trust authentication)
import net from 'node:net'

const port = Number(process.argv[2])
const statements = Number(process.argv[3])
let pending = null
let next
let failed = false

function onRead(n, buf) {
  let chunk = buf.subarray(0, n)
  if (pending) { chunk = Buffer.concat([pending, chunk]); pending = null }
  let at = 0
  while (chunk.length - at >= 5) {
    const type = chunk[at]
    const length = chunk.readInt32BE(at + 1)
    if (chunk.length - at < length + 1) break
    if (type === 0x45 /* E */) failed = true
    if (type === 0x5a /* Z */) next()
    at += length + 1
  }
  if (at < chunk.length) pending = Buffer.from(chunk.subarray(at))
}

const socket = net.connect({ host: '127.0.0.1', port, noDelay: true, onread: { buffer: Buffer.allocUnsafe(65536), callback: onRead } })
socket.on('error', err => { console.error(err.message); process.exitCode = 1 })

let i = 0
next = () => {
  if (failed) { process.exitCode = 1; socket.end(); return }
  if (++i > statements) { socket.end(Buffer.from([0x58, 0, 0, 0, 4])); return } // Terminate
  const sql = Buffer.from(`insert into bench_t values (${i}, 'row ${i}');\0`)
  const message = Buffer.allocUnsafe(5 + sql.length)
  message[0] = 0x51 // Q
  message.writeInt32BE(4 + sql.length, 1)
  sql.copy(message, 5)
  socket.write(message)
}

const params = Buffer.from('user\0awsuser\0database\0dev\0application_name\0rsql-floor\0\0')
const startup = Buffer.alloc(8 + params.length)
startup.writeInt32BE(startup.length, 0)
startup.writeInt32BE(196608, 4) // protocol 3.0
params.copy(startup, 8)
socket.write(startup) // its ReadyForQuery sends the first statement
