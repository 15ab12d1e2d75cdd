// QueryOptions.ahead on a pg session (the fast lane's pipelines, src/warehouse/fast-lane.ts), against the local
// warehouse: the statements sent ahead run without being asked for, each in its own transaction; the server stops
// at the first failure; each is answered, when asked for, as if it had been sent alone.
import { test, after, before } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connect, stopLocalServer, WarehouseError, type Notice, type Session } from '../../src/warehouse/index.ts'

const root = mkdtempSync(join(tmpdir(), 'rsqlflow-ahead-'))
chmodSync(root, 0o755)
const dir = join(root, 'warehouse')
let s: Session
let observer: Session

before(async () => {
  s = await connect({ type: 'local', dir })
  observer = await connect({ type: 'local', dir })
})
after(async () => { await s.close(); await observer.close(); await stopLocalServer(dir); rmSync(root, { recursive: true, force: true }) })

async function table(name: string): Promise<void> {
  await s.query(`drop table if exists ${name}; create table ${name} (id int primary key, v text)`)
}

async function rows(name: string): Promise<string[]> {
  const [r] = await observer.query(`select id || '=' || v from ${name} order by id`)
  return r.rows.map(row => row[0]!)
}

/** Waits until `check` holds (the server runs what was sent ahead on its own time). */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  assert.fail('the statements sent ahead did not run')
}

test('statements sent ahead run before they are asked for, and each is answered as if sent alone', async () => {
  assert.equal(s.sendsAhead, true)
  await table('ahead_a')
  const ahead = ["insert into ahead_a values (2, 'b') returning id, v", "update ahead_a set v = v || '!'", 'delete from ahead_a where id = 2']
  const [first] = await s.query("insert into ahead_a values (1, 'a')", { ahead })
  assert.equal(first.commandTag, 'INSERT 0 1')
  // the last one ran: a second session sees its effect before anything else was asked for
  await eventually(async () => (await rows('ahead_a')).join() === '1=a!')
  const [returning] = await s.query(ahead[0])
  assert.deepEqual([returning.commandTag, returning.fields.map(f => f.name), returning.rows], ['INSERT 0 1', ['id', 'v'], [['2', 'b']]])
  assert.equal((await s.query(ahead[1]))[0].commandTag, 'UPDATE 2')
  assert.equal((await s.query(ahead[2]))[0].commandTag, 'DELETE 1')
  assert.equal(s.transactionStatus, 'I')
  // the session is free again for anything
  assert.deepEqual((await s.query('select count(*) from ahead_a'))[0].rows, [['1']])
})

test('a failure stops the statements after it: they never run, and are sent again when asked for', async () => {
  await table('ahead_b')
  const ahead = ["insert into ahead_b values (1, 'again')", "insert into ahead_b values (3, 'c')"]
  await s.query("insert into ahead_b values (1, 'a')", { ahead: [...ahead] })
  const err = await s.query(ahead[0]).then(() => undefined, (e: unknown) => e)
  assert.ok(err instanceof WarehouseError)
  assert.equal(err.code, '23505')
  assert.match(err.message, /duplicate key value violates unique constraint "ahead_b_pkey"/)
  assert.equal(s.transactionStatus, 'I') // the statement's own transaction rolled back, as an implicit one is
  assert.deepEqual(await rows('ahead_b'), ['1=a'])
  // the loop goes on (no ON_ERROR_STOP): the next statement is sent then
  assert.equal((await s.query(ahead[1]))[0].commandTag, 'INSERT 0 1')
  assert.deepEqual(await rows('ahead_b'), ['1=a', '3=c'])
})

test("an error's position is in its own statement's text; a syntax error is the failing statement's alone", async () => {
  await table('ahead_c')
  const ahead = ['insert into ahead_c values (2, nosuchcolumn)', "insert into ahead_c values (3, 'c')"]
  await s.query("insert into ahead_c values (1, 'a')", { ahead })
  const err = await s.query(ahead[0]).then(() => undefined, (e: unknown) => e) as WarehouseError
  assert.equal(err.code, '42703')
  assert.equal(err.position, ahead[0].indexOf('nosuchcolumn') + 1)
  await table('ahead_d')
  const bad = ['insert into ahead_d values (2, ', "insert into ahead_d values (3, 'c')"]
  await s.query("insert into ahead_d values (1, 'a')", { ahead: bad })
  const syntax = await s.query(bad[0]).then(() => undefined, (e: unknown) => e) as WarehouseError
  assert.equal(syntax.code, '42601')
  assert.deepEqual(await rows('ahead_d'), ['1=a'])
})

test("a deferred constraint that fails at the statement's COMMIT fails that statement", async () => {
  await s.query('drop table if exists ahead_child, ahead_parent; create table ahead_parent (id int primary key); create table ahead_child (p int references ahead_parent deferrable initially deferred)')
  const ahead = ['insert into ahead_child values (42)', 'insert into ahead_parent values (2)']
  await s.query('insert into ahead_parent values (1)', { ahead })
  const err = await s.query(ahead[0]).then(() => undefined, (e: unknown) => e) as WarehouseError
  assert.equal(err.code, '23503')
  // the error alone, as a Query message of the statement answers (its transaction ends before its CommandComplete)
  assert.deepEqual(err.results ?? [], [])
  assert.equal(s.transactionStatus, 'I')
  assert.deepEqual((await observer.query('select count(*) from ahead_child'))[0].rows, [['0']])
  assert.deepEqual((await observer.query('select count(*) from ahead_parent'))[0].rows, [['1']]) // never ran
})

test("notices and rows of a statement sent ahead reach the options of the query that asks for it", async () => {
  await table('ahead_e')
  await s.query(`create or replace function ahead_e_notice() returns trigger language plpgsql as $$ begin raise notice 'row %', new.id; return new; end $$;
    create trigger ahead_e_t before insert on ahead_e for each row execute function ahead_e_notice()`)
  const ahead = ["insert into ahead_e values (2, 'b')", "insert into ahead_e values (3, 'c')"]
  const heard: string[] = []
  await s.query("insert into ahead_e values (1, 'a')", { ahead, onNotice: (n: Notice) => heard.push(`first ${n.message}`) })
  await eventually(async () => (await rows('ahead_e')).length === 3)
  await s.query(ahead[0], { onNotice: n => heard.push(`second ${n.message}`) })
  await s.query(ahead[1], { onNotice: n => heard.push(`third ${n.message}`) })
  assert.deepEqual(heard, ['first row 1', 'second row 2', 'third row 3'])
})

test('asking for another statement than the one sent ahead is refused, not run', async () => {
  await table('ahead_f')
  await s.query("insert into ahead_f values (1, 'a')", { ahead: ["insert into ahead_f values (2, 'b')"] })
  await assert.rejects(s.query("insert into ahead_f values (9, 'z')"), /internal error/)
  await s.query("insert into ahead_f values (2, 'b')")
  assert.deepEqual(await rows('ahead_f'), ['1=a', '2=b'])
})
