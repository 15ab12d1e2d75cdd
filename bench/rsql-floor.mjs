// The floor for any Node.js client in bench:rsql: the same INSERTs, one simple-protocol Query at a time
// over a bare net.Socket (no driver, no interpreter), each waiting for ReadyForQuery and checking for
// an ErrorResponse. What rsql costs above this is its own; what this costs above psql is Node's.
// Usage: node bench/rsql-floor.mjs PORT STATEMENTS  (user awsuser, database dev, trust authentication)
import net from 'node:net'

const port = Number(process.argv[2])
const statements = Number(process.argv[3])
const socket = net.connect({ host: '127.0.0.1', port, noDelay: true })
await new Promise((resolve, reject) => socket.once('connect', resolve).once('error', reject))

let pending = Buffer.alloc(0)
let waiting
let failed = false
socket.on('data', chunk => {
  pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk
  let at = 0
  while (pending.length - at >= 5) {
    const type = pending[at]
    const length = pending.readInt32BE(at + 1)
    if (pending.length - at < length + 1) break
    if (type === 0x45 /* E */) failed = true
    if (type === 0x5a /* Z */ && waiting) { const w = waiting; waiting = undefined; w() }
    at += length + 1
  }
  pending = pending.subarray(at)
})
const ready = () => new Promise(resolve => { waiting = resolve })

const params = Buffer.from('user\0awsuser\0database\0dev\0application_name\0rsql-floor\0\0')
const startup = Buffer.alloc(8 + params.length)
startup.writeInt32BE(startup.length, 0)
startup.writeInt32BE(196608, 4) // protocol 3.0
params.copy(startup, 8)
let r = ready()
socket.write(startup)
await r

for (let i = 1; i <= statements; i++) {
  const sql = Buffer.from(`insert into bench_t values (${i}, 'row ${i}');\0`)
  const message = Buffer.alloc(5 + sql.length)
  message[0] = 0x51 // Q
  message.writeInt32BE(4 + sql.length, 1)
  sql.copy(message, 5)
  r = ready()
  socket.write(message)
  await r
  if (failed) { process.exitCode = 1; break }
}
socket.end(Buffer.from([0x58, 0, 0, 0, 4])) // Terminate
