// Sending ahead (src/rsql/send-ahead.ts): a script of statements and `\if` checks runs the same with it as without it
// (`\set SEND_AHEAD off`): output, messages, exit code and the table it leaves, on a plain session and on one that
// speaks Redshift; and it did send ahead (the statements read ahead, counted where the lane is asked for them).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { FastLane } from '../../src/warehouse/fast-lane.ts'
import { connect, redshiftDialectSession, type Session } from '../../src/warehouse/index.ts'
import { openObjectStore } from '../../src/objects/index.ts'
import { runScript } from '../../src/rsql/index.ts'
import { Collect, tempProject } from './helpers.ts'

const project = tempProject('rsqlflow-ahead-')
after(() => project.cleanup())

const checks = Array.from({ length: 30 }, (_, i) => `insert into sa values (${i + 10}, 'row ${i}');\n\\if :ERROR <> 0\n  \\echo stop\n  \\exit 1\n\\endif\n`).join('')
const SCRIPT = `create table sa (id int, v text not null);
insert into sa values (1, 'a');
insert into sa values (2, 'b');
insert into sa values (1, null);
insert into sa values (3, 'c'); insert into sa values (5, 'e;f');
update sa set v = v || '!' where id > 1;
\\echo :ACTIVITYCOUNT :ERROR
delete from sa where id = 3;
\\set x 'it''s'
insert into sa values (4, :'x');
insert into sa
  values (6, 'multi
line');
-- a comment
insert into sa values (7, 1/0);
insert into sa values (8, 'h') returning *;
\\if :ERROR
  \\echo failed
\\else
  \\echo ok
\\endif
${checks}insert into sa values (10, null);
\\if :ERROR <> 0
  \\echo :ERRORCODE
  \\exit 4
\\endif
insert into sa values (99, 'never');
`

/**
 * Runs `fn` with every statement taking no time by rsql's clock (a busy machine cannot make one slow: after a
 * slow statement none is sent ahead), and the lane's queries seen by `spy`.
 */
async function withLane<T>(spy: (lane: FastLane, options: Parameters<FastLane['query']>[2]) => void, fn: () => Promise<T>): Promise<T> {
  const query = FastLane.prototype.query
  const now = performance.now
  FastLane.prototype.query = function (this: FastLane, ...args: Parameters<FastLane['query']>) {
    spy(this, args[2])
    return query.apply(this, args)
  }
  performance.now = () => 0
  try {
    return await fn()
  } finally {
    FastLane.prototype.query = query
    performance.now = now
  }
}

/** Runs the script on a new session; how many statements the lane was asked for that had been sent ahead. */
async function run(session: Session, variables: Record<string, string>) {
  let sentAhead = 0
  const stdout = new Collect()
  const stderr = new Collect()
  try {
    await session.query('drop table if exists sa')
    const r = await withLane(lane => { if (lane.nextAhead !== undefined) sentAhead++ }, () => runScript({ source: SCRIPT, name: 'ahead.sql', session, stdout, stderr, variables }))
    const [table] = await session.query('select id, v from sa order by id')
    return { stdout: stdout.text, stderr: stderr.text, exitCode: r.exitCode, table: table.rows, sentAhead }
  } finally {
    await session.close()
  }
}

for (const [name, open] of [
  ['a plain session', () => connect(project.target)],
  ['a session that speaks Redshift', async () => redshiftDialectSession(await connect(project.target), openObjectStore({ type: 'local' }, project.root))],
] as const) {
  test(`${name}: the same run with and without sending ahead`, async () => {
    const one = await run(await open(), { SEND_AHEAD: 'off' })
    const ahead = await run(await open(), {})
    assert.equal(one.sentAhead, 0)
    assert.ok(ahead.sentAhead > 10, `statements sent ahead: ${ahead.sentAhead}`)
    assert.equal(ahead.exitCode, 4)
    assert.match(ahead.stdout, /^3 false$/m)
    assert.match(ahead.stderr, /ahead\.sql:4: ERROR: {2}null value in column "v"/)
    assert.deepEqual(ahead, { ...one, sentAhead: ahead.sentAhead })
  })
}

test('what is read ahead: up to a command that would run, a count the statement sets, or another kind of statement', async () => {
  const session = await connect(project.target)
  const stdout = new Collect()
  const seen: (string[] | undefined)[] = []
  const spy = (lane: FastLane, options: Parameters<FastLane['query']>[2]) => {
    if (lane.nextAhead === undefined) seen.push(options?.ahead ? [...options.ahead] : undefined)
  }
  try {
    await withLane(spy, () => runScript({
      source: `create temp table t (n int);
insert into t values (1);
insert into t values (2);
insert into t values (3);
\\if :ACTIVITYCOUNT = 1
\\endif
insert into t values (4);
insert into t values (:v);
select 1;
insert into t values (5);
\\echo x
insert into t values (6);
insert into t values (7) \\; insert into t values (8);
`, name: 'read.sql', session, stdout, stderr: new Collect(), variables: { v: '42' } }))
  } finally {
    await session.close()
  }
  assert.deepEqual(seen, [
    undefined, // CREATE: only INSERT, UPDATE and DELETE go ahead
    ['insert into t values (2);', 'insert into t values (3);'], // then \if reads the count 3 sets
    ['insert into t values (42);'], // a variable is read as the loop will read it; SELECT does not go ahead
    undefined, // select 1
    undefined, // 5: \echo follows
    undefined, // 6: \; joins the next two
    undefined, // 7 and 8, one Query as psql sends them
  ])
})

/** A script on a new session, without and with sending ahead: what it printed, its exit code, `final`'s rows after it. */
async function both(open: () => Promise<Session>, source: string, final: string) {
  const go = async (variables: Record<string, string>) => {
    const session = await open()
    let sentAhead = 0
    const stdout = new Collect()
    const stderr = new Collect()
    try {
      const r = await withLane(lane => { if (lane.nextAhead !== undefined) sentAhead++ }, () => runScript({ source, name: 'both.sql', session, stdout, stderr, variables }))
      const [rows] = await session.query(final)
      return { stdout: stdout.text, stderr: stderr.text, exitCode: r.exitCode, rows: rows.rows, sentAhead }
    } finally {
      await session.close()
    }
  }
  return { one: await go({ SEND_AHEAD: 'off' }), ahead: await go({}) }
}

test('Redshift: a statement the rewrite refuses fails when the loop sends it, not the one it was read ahead of', async () => {
  const open = async () => redshiftDialectSession(await connect(project.target), openObjectStore({ type: 'local' }, project.root))
  const { one, ahead } = await both(open, `create temp table rw (a int);
insert into rw values (1);
insert into rw values (2);
insert into rw select median(a) over () from rw;
insert into rw values (3);
`, 'select a from rw order by a')
  assert.ok(ahead.sentAhead > 0)
  assert.match(ahead.stderr, /^rsql:both\.sql:4: ERROR: {2}MEDIAN as a window function/m)
  assert.deepEqual(ahead, { ...one, sentAhead: ahead.sentAhead })
})

test("after LISTEN nothing is sent ahead: each statement's notifications print after it, as one by one", async () => {
  const { one, ahead } = await both(() => connect(project.target), `create temp table nt (id int);
create function pg_temp.nt_notify() returns trigger language plpgsql as $$ begin perform pg_notify('nt_ch', new.id::text); return new; end $$;
create trigger nt_t after insert on nt for each row execute function pg_temp.nt_notify();
insert into nt values (0);
insert into nt values (1);
listen nt_ch;
insert into nt values (2);
insert into nt values (3);
insert into nt values (4);
`, 'select count(*) from nt')
  assert.ok(ahead.sentAhead > 0) // before the LISTEN
  const pids = (text: string) => text.replace(/PID \d+/g, 'PID n')
  assert.match(ahead.stdout, /^INSERT 0 1\nAsynchronous notification "nt_ch" with payload "2" received from server process with PID \d+\.\nINSERT 0 1\n/m)
  assert.deepEqual({ ...ahead, stdout: pids(ahead.stdout) }, { ...one, stdout: pids(one.stdout), sentAhead: ahead.sentAhead })
})
