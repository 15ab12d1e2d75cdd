// How the CLI renders errors of the rooms below it (src/cli/ui.ts).
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openStore } from '../../src/store/index.ts'
import { EXIT, reportError, shellWord, type Terminal } from '../../src/cli/ui.ts'

const root = await mkdtemp(join(tmpdir(), 'rsqlflow-ui-'))
after(() => rm(root, { recursive: true, force: true }))

function captured(): Terminal & { text: () => string } {
  let err = ''
  return { out: () => {}, err: t => { err += t }, tty: false, columns: 100, text: () => err }
}

test('an unreadable store is named with how to move it aside, quoted for a POSIX shell when its path needs it', async () => {
  const dir = join(root, "it's a project")
  await mkdir(dir)
  const path = join(dir, 'store.db')
  await writeFile(path, 'garbage\n'.repeat(200))
  let err: unknown
  try { openStore(path) } catch (e) { err = e }
  const term = captured()
  assert.equal(reportError(term, err), EXIT.ERROR)
  const quoted = `'${path.replace(/'/g, `'\\''`)}'`
  assert.equal(term.text(), `rsqlflow: error: ${path}: the store is not a SQLite database (file is not a database): move it aside ` +
    `(mv ${quoted} ${quoted.slice(0, -1)}.bad') and the next command creates an empty one; nothing was deleted (SQLITE_NOTADB)\n`)
  assert.equal(shellWord(path), quoted)
})

test('an error of another kind gets no such advice', () => {
  const term = captured()
  reportError(term, Object.assign(new Error('no such file'), { code: 'SQLITE_CANTOPEN', location: '/x/store.db' }))
  assert.equal(term.text(), 'rsqlflow: error: /x/store.db: no such file (SQLITE_CANTOPEN)\n')
})
