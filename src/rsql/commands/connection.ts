/**
 * Sessions: `\c` / `\connect [db [user [host [port]]]]` or a conninfo string, RSQL's
 * `\logon db user host port [password]` (`-` keeps a value), `\logoff`, `\conninfo`.
 */
import { connectionMessage, NOT_CONNECTED, reportError } from '../messages.ts'
import type { ConnectRequest, ScriptContext } from '../context.ts'
import type { MetaCommand, Outcome } from './types.ts'
import { serverVersion } from './catalog.ts'
import { clientEncoding } from '../status.ts'

/** The variables psql's SyncVariables sets from the connection (and UnsyncVariables removes). */
const CONNECTION_VARIABLES = ['DBNAME', 'USER', 'HOST', 'PORT', 'ENCODING', 'SERVER_VERSION_NAME', 'SERVER_VERSION_NUM']

/**
 * DBNAME, USER, HOST, PORT, ENCODING and the server's version follow the session, as psql's
 * SyncVariables. The version is the one the server reported at the connection's start, as psql has it
 * (a session that cannot tell asks once; a Redshift Data API session, where each statement is a remote
 * execution, is not asked).
 */
export async function syncConnectionVariables(ctx: ScriptContext): Promise<void> {
  const session = ctx.session
  if (!session) {
    for (const name of CONNECTION_VARIABLES) ctx.vars.unset(name)
    return
  }
  const info = session.info
  ctx.vars.setStatus('DBNAME', info.database)
  ctx.vars.setStatus('USER', info.user)
  ctx.vars.setStatus('HOST', info.host)
  ctx.vars.setStatus('PORT', String(info.port))
  ctx.encoding = clientEncoding(session) ?? 'UTF8'
  ctx.vars.setStatus('ENCODING', ctx.encoding)
  ctx.vars.unset('SERVER_VERSION_NAME')
  ctx.vars.unset('SERVER_VERSION_NUM')
  if (ctx.connector?.describe?.()?.type === 'redshift-data') return
  try {
    const version = await serverVersion(session)
    ctx.vars.setStatus('SERVER_VERSION_NAME', version.name)
    ctx.vars.setStatus('SERVER_VERSION_NUM', String(version.num))
  } catch {
    // a session that cannot say (or is in an aborted transaction) leaves them unset
  }
}

const keep = (v: string | null | undefined) => (v === null || v === undefined || v === '-' || v === '' ? undefined : v)

/**
 * Opens the new session and closes the old one. psql's `\connect` names itself in the failure, and a
 * script (not a `-c` string) ends there with psql's EXIT_BADCONN; RSQL's `\logon` goes on unconnected.
 */
async function reconnect(ctx: ScriptContext, request: ConnectRequest, psqlConnect = false): Promise<Outcome> {
  if (!ctx.connector) { reportError(ctx, 'cannot connect: no warehouse target is configured'); return 'error' }
  const before = ctx.session?.info
  try {
    const session = await ctx.connector.connect(request)
    await ctx.session?.close().catch(() => {})
    ctx.session = session
  } catch (e) {
    // a script goes on without a connection, as psql does outside interactive mode
    reportError(ctx, (psqlConnect ? '\\connect: ' : '') + connectionMessage(e))
    await ctx.session?.close().catch(() => {})
    ctx.session = null
    await syncConnectionVariables(ctx)
    return psqlConnect && !ctx.frame.source.command ? { exit: 2 } : 'error'
  }
  await syncConnectionVariables(ctx)
  const info = ctx.session.info
  if (!ctx.settings.quiet) {
    const same = before && before.host === info.host && before.port === info.port
    ctx.out.write(same
      ? `You are now connected to database "${info.database}" as user "${info.user}".\n`
      : `You are now connected to database "${info.database}" as user "${info.user}" on host "${info.host}" at port "${info.port}".\n`)
  }
}

export const connect: MetaCommand = async (args, ctx) => {
  const first = args.next()
  if (first !== null && (first.includes('=') || /^postgres(ql)?:\/\//.test(first))) return reconnect(ctx, { conninfo: first }, true)
  const user = args.next(), host = args.next(), port = args.next()
  return reconnect(ctx, { database: keep(first), user: keep(user), host: keep(host), port: keep(port) }, true)
}

export const logon: MetaCommand = async (args, ctx) => {
  const first = args.next()
  if (first !== null && (first.includes('=') || /^postgres(ql)?:\/\//.test(first))) return reconnect(ctx, { conninfo: first })
  const user = args.next(), host = args.next(), port = args.next(), password = args.next()
  return reconnect(ctx, { database: keep(first), user: keep(user), host: keep(host), port: keep(port), password: password ?? undefined })
}

export const logoff: MetaCommand = async (_args, ctx) => {
  await ctx.session?.close().catch(() => {})
  ctx.session = null
  await syncConnectionVariables(ctx)
}

export const conninfo: MetaCommand = (_args, ctx) => {
  const info = ctx.session?.info
  if (!info) { ctx.out.write(NOT_CONNECTED + '\n'); return }
  ctx.out.write(`You are connected to database "${info.database}" as user "${info.user}" on host "${info.host}" at port "${info.port}".\n`)
}
