// What a server says at start about the project it serves.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { rm } from 'node:fs/promises'
import { createApp } from '../../src/app.ts'
import { loadProject } from '../../src/project/index.ts'
import { pass, writeProject } from './helpers.ts'

test('a workflow file that cannot be loaded is named in a warning at start, and the others are served', async () => {
  const dir = await writeProject({ name: 'warns' }, { ok: pass, broken: { StartAt: 'x', States: {} } })
  const warnings: string[] = []
  const app = await createApp(await loadProject({ dir }), { logger: { warn: m => warnings.push(m) } })
  try {
    assert.deepEqual(warnings, ['workflows/broken.asl.json:1:25: /States: States must be a non-empty object (not loaded)'])
    assert.deepEqual(app.states.listStateMachines().map(m => m.name), ['ok'])
  } finally {
    await app.close()
    await rm(dir, { recursive: true, force: true })
  }
})
