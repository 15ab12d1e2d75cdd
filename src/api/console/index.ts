// The door of the console: its JSON API and server-sent events under /console/api, and the built
// React app (web/dist) at `/` and `/assets/*`. The server mounts these routes behind its auth.
import { Hono } from 'hono'
import type { App } from '../../app.ts'
import { apiRoutes, errorResponse } from './api.ts'
import { eventRoutes, type EventsOptions } from './events.ts'
import { LiveJobs } from './live-jobs.ts'
import { serveConsole } from './static.ts'

export { deriveStates, type StateStatus, type StateView } from './status.ts'
export { layoutDefinition, type Graph, type GraphNode, type GraphEdge } from './graph.ts'
export { GraphCache, GRAPH_CACHE_SIZE } from './graph-cache.ts'
export { DIST_DIR } from './static.ts'

export interface ConsoleOptions extends EventsOptions {
  /** where the built console is (default: the package's web/dist) */
  distDir?: string
}

export function consoleRoutes(app: App, options: ConsoleOptions = {}): Hono {
  const routes = new Hono()
  const jobs = new LiveJobs(app)
  options.signal?.addEventListener('abort', () => jobs.close(), { once: true })
  routes.onError((err, c) => errorResponse(c, err))
  apiRoutes(routes, app, jobs)
  eventRoutes(routes, app, jobs, options)
  routes.all('/console/api/*', c => c.json({ code: 'UnknownOperationException', message: `no such console operation: ${c.req.method} ${c.req.path}` }, 404))
  serveConsole(routes, options.distDir)
  return routes
}
