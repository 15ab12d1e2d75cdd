// The HTTP server: the routes of every protocol on one Node listener. Loopback by default; any other
// address needs a token. `close()` also ends open event streams, so a stop never waits on a browser tab.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import type { Hono } from 'hono'
import type { App } from '../app.ts'
import { bindProblem } from './auth.ts'
import { apiRoutes } from './routes.ts'

export interface ServerOptions {
  /** The access token (`--token`, `RSQLFLOW_TOKEN`): required to bind other than loopback. */
  token?: string
  /** Mount the console (`src/api/console`) when it is installed; default true. */
  console?: boolean
  /**
   * How often, while listening, deliveries another process left RETRYING are taken over (a `run` that ended
   * while a webhook was down); default 5 s.
   */
  resumeDeliveriesMs?: number
}

export interface RsqlflowServer {
  /** The routes, for in-process requests (`server.hono.request('/…')`). */
  hono: Hono
  /** Whether the console is served; `failed` carries why it could not be loaded (the APIs are served anyway). */
  console: { state: 'mounted' | 'off' } | { state: 'failed'; reason: string }
  fetch(request: Request): Promise<Response>
  /** Listens on host (default 127.0.0.1) and port (0: any free port); resolves with the address. */
  listen(port?: number, host?: string): Promise<{ url: string; host: string; port: number }>
  close(): Promise<void>
}

/** A problem that stops the server from starting (the CLI exits 2): non-loopback without a token, a port in use. */
export class ServerStartError extends Error {
  override name = 'ServerStartError'
  constructor(readonly code: 'TokenRequired' | 'AddressInUse' | 'AddressNotAvailable', message: string) {
    super(message)
  }
}

type ConsoleRoutes = typeof import('./console/index.ts').consoleRoutes

// The console (src/api/console, with elkjs and the built pages) loads only when mounted: `console: false`
// keeps an API-only server (tests, benchmarks) light.
async function loadConsole(): Promise<ConsoleRoutes | RsqlflowServer['console']> {
  try {
    const mod = await import('./console/index.ts')
    return mod.consoleRoutes
  } catch (err) {
    return { state: 'failed', reason: `the console could not be loaded: ${(err as Error).message}` }
  }
}

export async function createServer(app: App, options: ServerOptions = {}): Promise<RsqlflowServer> {
  const loaded = options.console === false ? { state: 'off' as const } : await loadConsole()
  const consoleRoutes = typeof loaded === 'function' ? loaded : undefined
  const consoleState: RsqlflowServer['console'] = typeof loaded === 'function' ? { state: 'mounted' } : loaded
  // ends the console's event streams when the server closes
  const closing = new AbortController()
  const hono = apiRoutes(app, {
    token: options.token,
    console: consoleRoutes ? site => { site.route('/', consoleRoutes(app, { signal: closing.signal })) } : undefined,
  })
  let server: Server | undefined
  let resuming: NodeJS.Timeout | undefined
  return {
    hono,
    console: consoleState,
    fetch: async request => hono.fetch(request),
    async listen(port = 0, host = '127.0.0.1') {
      const problem = bindProblem(host, options.token)
      if (problem) throw new ServerStartError('TokenRequired', problem)
      if (server) throw new Error('the server is already listening')
      const s = createAdaptorServer({ fetch: hono.fetch, hostname: host }) as Server
      s.keepAliveTimeout = 65_000
      await new Promise<void>((resolve, reject) => {
        s.once('error', (err: NodeJS.ErrnoException) => {
          if (err.code === 'EADDRINUSE') reject(new ServerStartError('AddressInUse', `address already in use: ${host}:${port}`))
          else if (err.code === 'EADDRNOTAVAIL') reject(new ServerStartError('AddressNotAvailable', `cannot listen on ${host}: the address is not available on this machine`))
          else reject(err)
        })
        s.listen(port, host, () => resolve())
      })
      server = s
      // a busy or closing store is tried again at the next tick
      resuming = setInterval(() => { try { app.notify.resumeDeliveries() } catch { /* next tick */ } }, options.resumeDeliveriesMs ?? 5_000)
      resuming.unref()
      const address = s.address() as AddressInfo
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address
      return { url: `http://${shown}:${address.port}`, host: address.address, port: address.port }
    },
    async close() {
      closing.abort()
      clearInterval(resuming)
      const s = server
      server = undefined
      if (!s) return
      await new Promise<void>(resolve => {
        s.close(() => resolve())
        s.closeAllConnections()
      })
    },
  }
}
