// The built console (web/dist, committed): index.html at `/`, hashed assets under `/assets/`.
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Hono } from 'hono'

export const DIST_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url))

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8', svg: 'image/svg+xml', png: 'image/png',
  ico: 'image/x-icon', map: 'application/json', html: 'text/html; charset=utf-8',
}
const SECURITY = {
  'content-security-policy': "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

export function serveConsole(routes: Hono, dir = DIST_DIR): void {
  routes.get('/', async c => {
    const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => undefined)
    if (html === undefined) return c.text('the console is not built: run npm run build:web', 404)
    return c.body(html, 200, { 'content-type': TYPES.html!, 'cache-control': 'no-cache', ...SECURITY })
  })
  // browsers ask for it on their own; the console has none, and a 404 shows as an error in the browser's console
  routes.get('/favicon.ico', c => c.body(null, 204, { 'cache-control': 'public, max-age=86400' }))
  routes.get('/assets/:file', async c => {
    const file = c.req.param('file')
    // one plain file name: no path of any other folder can be asked for
    if (!/^[\w.-]+$/.test(file) || file.startsWith('.')) return c.text('not found', 404)
    const body = await readFile(join(dir, 'assets', file)).catch(() => undefined)
    if (!body) return c.text('not found', 404)
    const type = TYPES[file.slice(file.lastIndexOf('.') + 1)] ?? 'application/octet-stream'
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=31536000, immutable', ...SECURITY })
  })
}
