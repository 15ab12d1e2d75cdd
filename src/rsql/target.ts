/**
 * Which warehouse rsql talks to: a DSN (`-D`), a host (`-h -p -U -d`), a URL, or — with none of
 * them — the local warehouse of the current folder. Also the connector `\c` / `\logon` use.
 */
import { connect, libpqPort, localWarehouseDir, parsePostgresUrl, parseSslMode, type ClientOptions, type Session, type SslMode, type WarehouseTarget } from '../warehouse/index.ts'
import type { ConnectRequest, Connector } from './context.ts'
import { loadDsn, ProfileError, type DsnProfile } from './profiles.ts'

/** Redshift's port, RSQL's default. */
export const REDSHIFT_PORT = 5439

export interface ConnectionOptions {
  host?: string
  port?: number
  database?: string
  user?: string
  dsn?: string
  cwd: string
  env: Record<string, string | undefined>
}

export interface ResolvedTarget {
  target: WarehouseTarget
  profile?: DsnProfile
}

export function resolveTarget(o: ConnectionOptions): ResolvedTarget {
  const envPassword = o.env.RSPASSWORD || undefined
  // as psql's -d: a value with `=` is a connection string (`host=h port=5439 dbname=dev user=u`), its keys over the options
  if (!o.dsn && o.database?.includes('=') && !/^postgres(ql)?:\/\//.test(o.database)) {
    const c = parseConninfo(o.database)
    const host = c.host ?? o.host
    if (!host || host.toLowerCase() === 'local') return resolveTarget({ ...o, host, database: c.dbname, user: c.user ?? o.user })
    const query = new URLSearchParams()
    if (c.sslmode !== undefined) query.set('sslmode', c.sslmode)
    if (c.sslrootcert !== undefined) query.set('sslrootcert', c.sslrootcert)
    const user = encodeURIComponent(c.user ?? o.user ?? o.env.USER ?? 'awsuser')
    const password = c.password !== undefined ? `:${encodeURIComponent(c.password)}` : ''
    const port = (c.port !== undefined ? libpqPort(c.port) : undefined) ?? o.port ?? REDSHIFT_PORT
    const url = `postgresql://${user}${password}@${host.includes(':') ? `[${host}]` : host}:${port}/${encodeURIComponent(c.dbname ?? 'dev')}`
    return resolveTarget({ ...o, database: query.size > 0 ? `${url}?${query}` : url })
  }
  if (o.database && /^postgres(ql)?:\/\//.test(o.database)) {
    const t = parsePostgresUrl(o.database)
    return { target: { ...t, password: envPassword ?? t.password } }
  }
  if (o.dsn) {
    const p = loadDsn(o.dsn, o.env)
    const password = envPassword ?? p.password
    if (p.local) {
      return { profile: p, target: { type: 'local', dir: localWarehouseDir(o.cwd), database: o.database ?? p.database, user: o.user ?? p.user, password } }
    }
    if (!o.host && !p.host) throw new ProfileError(`${p.location}: DSN "${p.name}" has no Host (use Host=local for the project's local warehouse)`)
    const host = o.host ?? p.host!
    const sslMode = dsnSslMode(p)
    if (p.iam || isRedshiftHost(host)) {
      const region = p.region ?? regionOf(host)
      if (p.iam && !region) throw new ProfileError(`${p.location}: DSN "${p.name}" uses IAM=1 but has no Region (and the Host names none)`)
      const user = o.user ?? p.dbUser ?? p.user ?? o.env.USER ?? 'awsuser'
      return {
        profile: p,
        target: {
          type: 'redshift', host, port: o.port ?? p.port ?? REDSHIFT_PORT, database: o.database ?? p.database ?? 'dev', user, password,
          // Redshift endpoints always offer TLS: allow and prefer encrypt, and verify-ca checks the host name too
          ssl: !sslMode || sslMode.startsWith('verify') ? 'verify-full' : /^disable$/i.test(p.sslMode!) ? 'disable' : 'require',
          iam: p.iam ? { clusterId: p.clusterId ?? (p.workgroup ? undefined : host.split('.')[0]), workgroup: p.workgroup, region: region!, dbUser: p.dbUser ?? user } : undefined,
        },
      }
    }
    return {
      profile: p,
      target: {
        type: 'postgres', host: o.host ?? p.host!, port: o.port ?? p.port ?? REDSHIFT_PORT,
        database: o.database ?? p.database ?? 'dev', user: o.user ?? p.user ?? o.env.USER ?? 'awsuser', password,
        ssl: sslMode,
      },
    }
  }
  if (o.host && o.host.toLowerCase() !== 'local') {
    return {
      target: {
        type: 'postgres', host: o.host, port: o.port ?? REDSHIFT_PORT, database: o.database ?? 'dev',
        user: o.user ?? o.env.USER ?? 'awsuser', password: envPassword,
      },
    }
  }
  return { target: { type: 'local', dir: localWarehouseDir(o.cwd), database: o.database, user: o.user, password: envPassword } }
}

/** The DSN's SSLMode (libpq's values), its error naming the DSN. */
function dsnSslMode(p: DsnProfile): SslMode | undefined {
  if (p.sslMode === undefined) return undefined
  try {
    return parseSslMode(p.sslMode)
  } catch (e) {
    throw new ProfileError(`${p.location}: DSN "${p.name}": ${(e as Error).message}`)
  }
}

/** `*.redshift.amazonaws.com` and `*.redshift-serverless.amazonaws.com` endpoints. */
function isRedshiftHost(host: string): boolean {
  return /\.redshift(-serverless)?\.amazonaws\.com(\.cn)?$/i.test(host)
}

/** The region in an endpoint name: `cluster.abc123.us-east-1.redshift.amazonaws.com`. */
function regionOf(host: string): string | undefined {
  return /\.([a-z]{2}(-gov)?-[a-z]+-\d)\.redshift(-serverless)?\.amazonaws\.com/i.exec(host)?.[1]
}

/** Parses `host=h port=5439 dbname=dev user=u password=p sslmode=verify-full` or a postgres:// URL. */
export function parseConninfo(text: string): Partial<Record<'host' | 'port' | 'dbname' | 'user' | 'password' | 'sslmode' | 'sslrootcert', string>> {
  if (/^postgres(ql)?:\/\//.test(text)) {
    const t = parsePostgresUrl(text)
    return { host: t.host, port: String(t.port), dbname: t.database, user: t.user, password: t.password, sslmode: t.ssl, sslrootcert: t.sslRootCert }
  }
  const out: Record<string, string> = {}
  for (const m of text.matchAll(/(\w+)\s*=\s*('(?:[^'\\]|\\.)*'|\S+)/g)) {
    const v = m[2].startsWith("'") ? m[2].slice(1, -1).replace(/\\(.)/g, '$1') : m[2]
    out[m[1].toLowerCase()] = v
  }
  return out
}

/** Applies a `\c` / `\logon` request to the current target. */
export function retarget(current: WarehouseTarget, r: ConnectRequest, env: Record<string, string | undefined>): WarehouseTarget {
  let req = r
  // TLS as psql's \connect: the sslmode a connection string names, else the current connection's (never less)
  let tls: Tls = current.type === 'postgres' ? tlsOf(current.ssl, current.sslRootCert) : current.type === 'redshift' ? tlsOf(current.ssl) : {}
  if (r.conninfo) {
    const c = parseConninfo(r.conninfo)
    req = { host: c.host, port: c.port, database: c.dbname, user: c.user, password: c.password }
    if (c.sslmode !== undefined) tls = tlsOf(parseSslMode(c.sslmode), c.sslrootcert)
  }
  // The Data API has no host, port, user or password to change: only the database.
  if (current.type === 'redshift-data') return { ...current, database: req.database ?? current.database }
  // psql keeps the password for the same user (a user named again is the same)
  const password = req.password ?? (env.RSPASSWORD || undefined) ?? (req.user === undefined || req.user === current.user ? current.password : undefined)
  const port = req.port === undefined ? undefined : libpqPort(req.port)
  if (req.host && req.host.toLowerCase() !== 'local' && (current.type !== 'postgres' || req.host !== current.host || port !== undefined)) {
    return {
      type: 'postgres', host: req.host, port: port ?? (current.type === 'postgres' ? current.port : REDSHIFT_PORT),
      database: req.database ?? current.database ?? 'dev', user: req.user ?? current.user ?? 'awsuser', password, ...tls,
    }
  }
  if (current.type === 'local') return { ...current, database: req.database ?? current.database, user: req.user ?? current.user, password }
  const remote = current as Extract<WarehouseTarget, { type: 'postgres' }>
  return { ...remote, database: req.database ?? remote.database, user: req.user ?? remote.user, port: port ?? remote.port, password, ...tls }
}

type Tls = { ssl?: SslMode; sslRootCert?: string }

/** The TLS fields of a postgres target, only those that are set. */
function tlsOf(ssl: SslMode | undefined, sslRootCert?: string): Tls {
  const t: Tls = {}
  if (ssl !== undefined) t.ssl = ssl
  if (sslRootCert !== undefined) t.sslRootCert = sslRootCert
  return t
}

/**
 * What psql's libpq takes from the environment for every connection: PGAPPNAME (an empty one is none: psql's
 * fallback, here rsql), PGCLIENTENCODING (an empty one is none), PGCONNECT_TIMEOUT, and PGDATESTYLE, PGTZ and PGGEQO
 * (each unless `default`). PGOPTIONS is read by pg itself, PGPASSWORD and the password file by pg-connect.ts.
 */
export function clientOptions(env: Record<string, string | undefined>, password?: PasswordPrompt): ClientOptions {
  const startupParameters: Record<string, string> = {}
  if (env.PGCLIENTENCODING) startupParameters.client_encoding = env.PGCLIENTENCODING
  for (const [name, parameter] of LIBPQ_ENVIRONMENT) {
    const value = env[name]
    if (value !== undefined && value.toLowerCase() !== 'default') startupParameters[parameter] = value
  }
  const asking = password && password.when !== 'never' ? { askPassword: password.ask, askPasswordFirst: password.when === 'always' } : {}
  return { applicationName: env.PGAPPNAME || 'rsql', startupParameters, connectTimeout: env.PGCONNECT_TIMEOUT, ...asking }
}

/**
 * psql's password prompt: `ask` gets the user's password (from the terminal) when the server wants one and none was
 * given; `when` is psql's -W (`always`, before connecting: for no user at the start, psql's "Password: ") or -w (`never`).
 */
export interface PasswordPrompt {
  ask: (user?: string) => Promise<string>
  when?: 'always' | 'never'
}

/** libpq's EnvironmentOptions: variables sent as the server's settings at the start. */
const LIBPQ_ENVIRONMENT = [['PGDATESTYLE', 'datestyle'], ['PGTZ', 'timezone'], ['PGGEQO', 'geqo']]

/**
 * A connector that remembers the target of the current session; `open` connects to it (the first session). A password
 * asked for is kept with the target, so \connect uses it again as psql's does (for the same user).
 */
export function targetConnector(initial: WarehouseTarget, env: Record<string, string | undefined>, wrap?: (s: Session) => Session, password?: PasswordPrompt): Connector & { open(): Promise<Session> } {
  let current = initial
  // psql's prompt under -W names no user at the start, and at \connect the one it names (not in a connection string)
  const open = async (target: WarehouseTarget, named?: string) => {
    let answer: string | undefined
    const asking = password && { ...password, ask: async (user?: string) => (answer = await password.ask(user ?? named)) }
    const session = await connect(target, clientOptions(env, asking))
    current = answer && target.type !== 'redshift-data' ? { ...target, password: answer } : target
    return wrap && (target.type === 'local' || target.type === 'postgres') ? wrap(session) : session
  }
  return {
    open: () => open(current),
    connect: (request: ConnectRequest) => open(retarget(current, request, env), request.conninfo ? undefined : request.user),
    describe: () => current,
  }
}
