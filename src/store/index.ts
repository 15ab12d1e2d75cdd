// The door of the durable store (SQLite, WAL): opening, migrations other rooms append to, and the
// tables of the States engine.
export { openStore, UnreadableStore } from './db.ts'
export type { OpenOptions, Store } from './db.ts'
export { migrate, registerMigration, registeredMigrations } from './migrations.ts'
export type { Migration } from './migrations.ts'
export { ExecutionTables } from './executions.ts'
export { ChunkWriter, decodeChunk, encodeChunk } from './event-codec.ts'
export { definitionHash } from './schema/states.ts'
export type { EventRow, ExecutionRow, StateMachineRow, StopRequest } from './executions.ts'
export { storeSecret } from './secrets.ts'
export { ownerAlive, ownerPid, pidAlive, processStart, thisProcess } from './owner.ts'
