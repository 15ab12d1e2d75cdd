// LISTEN/NOTIFY on a real server: a session keeps the notifications it receives, its own NOTIFY's during the
// statement (the fast lane reads them) and another session's between statements (pg reads them), for the caller
// to take after each command as psql prints them.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { connect } from '../../src/warehouse/index.ts'
import { tempProject } from '../rsql/helpers.ts'

const project = tempProject('rsqlflow-notify-')
after(() => project.cleanup())

test('a session takes the notifications of its own NOTIFY and of another session, oldest first, once', async () => {
  const listener = await connect(project.target)
  const notifier = await connect(project.target)
  try {
    const pid = (await listener.query('listen "Jobs"; select pg_backend_pid()'))[1]!.rows[0]![0]
    assert.deepEqual(listener.takeNotifications!(), [])
    await listener.query(`notify "Jobs", 'own é'; notify "Jobs"`)
    assert.deepEqual(listener.takeNotifications!(), [
      { channel: 'Jobs', payload: 'own é', processId: Number(pid) },
      { channel: 'Jobs', payload: '', processId: Number(pid) },
    ])
    assert.deepEqual(listener.takeNotifications!(), [], 'taken once')
    const other = (await notifier.query(`notify "Jobs", 'from elsewhere'; select pg_backend_pid()`))[1]!.rows[0]![0]
    // delivered while the listener is idle or during one of its next statements
    const got = []
    for (let i = 0; i < 200 && got.length === 0; i++) {
      await listener.query('select 1')
      got.push(...listener.takeNotifications!())
      if (got.length === 0) await new Promise(resolve => setTimeout(resolve, 25))
    }
    assert.deepEqual(got, [{ channel: 'Jobs', payload: 'from elsewhere', processId: Number(other) }])
  } finally {
    await listener.close()
    await notifier.close()
  }
})
