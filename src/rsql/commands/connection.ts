/**
 * Sessions: `\c` / `\connect [db [user [host [port]]]]` or a conninfo string, RSQL's
 * `\logon db user host port [password]` (`-` keeps a value), `\logoff`, `\conninfo`.
 */
import { connectionMessage, NOT_CONNECTED, reportError } from '../messages.ts'
import type { ConnectRequest, ScriptContext } from '../context.ts'
import type { MetaCommand, Outcome } from './types.ts'

/** DBNAME, USER, HOST, PORT follow the session, as psql's SyncVariables. */
export function syncConnectionVariables(ctx: ScriptContext): void {
  const info = ctx.session?.info
  if (!info) return
  ctx.vars.setStatus('DBNAME', info.database)
  ctx.vars.setStatus('USER', info.user)
  ctx.vars.setStatus('HOST', info.host)
  ctx.vars.setStatus('PORT', String(info.port))
}

const keep = (v: string | null | undefined) => (v === null || v === undefined || v === '-' || v === '' ? undefined : v)

async function reconnect(ctx: ScriptContext, request: ConnectRequest): Promise<Outcome> {
  if (!ctx.connector) { reportError(ctx, 'cannot connect: no warehouse target is configured'); return 'error' }
  const before = ctx.session?.info
  try {
    const session = await ctx.connector.connect(request)
    await ctx.session?.close().catch(() => {})
    ctx.session = session
  } catch (e) {
    // a script goes on without a connection, as psql does outside interactive mode
    reportError(ctx, connectionMessage(e))
    await ctx.session?.close().catch(() => {})
    ctx.session = null
    return 'error'
  }
  syncConnectionVariables(ctx)
  const info = ctx.session.info
  if (!ctx.settings.quiet) {
    const same = before && before.host === info.host && before.port === info.port
    ctx.out.write(same
      ? `You are now connected to database "${info.database}" as user "${info.user}".\n`
      : `You are now connected to database "${info.database}" as user "${info.user}" on host "${info.host}" at port "${info.port}".\n`)
  }
}

function portOf(ctx: ScriptContext, text: string | undefined): number | undefined | 'bad' {
  if (text === undefined) return undefined
  if (!/^\d+$/.test(text)) { reportError(ctx, `invalid port number: "${text}"`); return 'bad' }
  return parseInt(text, 10)
}

export const connect: MetaCommand = async (args, ctx) => {
  const first = args.next()
  if (first !== null && (first.includes('=') || /^postgres(ql)?:\/\//.test(first))) return reconnect(ctx, { conninfo: first })
  const user = args.next(), host = args.next(), portText = args.next()
  const port = portOf(ctx, keep(portText))
  if (port === 'bad') return 'error'
  return reconnect(ctx, { database: keep(first), user: keep(user), host: keep(host), port })
}

export const logon: MetaCommand = async (args, ctx) => {
  const first = args.next()
  if (first !== null && (first.includes('=') || /^postgres(ql)?:\/\//.test(first))) return reconnect(ctx, { conninfo: first })
  const user = args.next(), host = args.next(), portText = args.next(), password = args.next()
  const port = portOf(ctx, keep(portText))
  if (port === 'bad') return 'error'
  return reconnect(ctx, { database: keep(first), user: keep(user), host: keep(host), port, password: password ?? undefined })
}

export const logoff: MetaCommand = async (_args, ctx) => {
  await ctx.session?.close().catch(() => {})
  ctx.session = null
}

export const conninfo: MetaCommand = (_args, ctx) => {
  const info = ctx.session?.info
  if (!info) { ctx.out.write(NOT_CONNECTED + '\n'); return }
  ctx.out.write(`You are connected to database "${info.database}" as user "${info.user}" on host "${info.host}" at port "${info.port}".\n`)
}
