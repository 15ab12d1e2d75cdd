#!/usr/bin/env node
import { exitQuietlyOnBrokenPipe, load, pick } from './launch.js'

exitQuietlyOnBrokenPipe()

// On Node 20, pg probes for Cloudflare Workers when it loads by building a fetch Response if there is
// no `navigator`: that loads Node's fetch implementation (~75 ms, ~10 MB) for nothing. Node 21+
// defines `navigator`; pg sees the same here while it loads, and the global is removed again. The
// bundle (scripts/build.mjs) holds its own pg, built to see such a `navigator` without the global.
const how = pick('cli/rsql')
if (how !== 'bundle' && typeof globalThis.navigator === 'undefined') {
  globalThis.navigator = { userAgent: `Node.js/${process.versions.node}` }
  try { await import('pg') } finally { delete globalThis.navigator }
}
const { main } = await load('cli/rsql', how)
process.exitCode = await main(process.argv.slice(2))
