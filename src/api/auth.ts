// Access control. On loopback without a token nothing is checked. With a token, the console API takes
// `Authorization: Bearer <token>` or the `rsqlflow_token_<port>` cookie (EventSource cannot send headers; `/?token=`
// sets the cookie), and the AWS protocols take the token as the SigV4 access key id
// (`Authorization: AWS4-HMAC-SHA256 Credential=<token>/<date>/<region>/<service>/aws4_request, …`).
import { timingSafeEqual, createHash } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { AwsError } from './errors.ts'

export const TOKEN_COOKIE = 'rsqlflow_token'

/** A server's cookie: browsers keep cookies by host, not port, so two servers on one host would overwrite each other's. */
const tokenCookie = (url: string) => {
  const { port } = new URL(url)
  return port ? `${TOKEN_COOKIE}_${port}` : TOKEN_COOKIE
}
export const TOKEN_ENV = 'RSQLFLOW_TOKEN'

/** Equal in constant time: both sides are hashed first, so neither length nor content leaks through timing. */
export function tokensEqual(given: string, token: string): boolean {
  const a = createHash('sha256').update(given).digest()
  const b = createHash('sha256').update(token).digest()
  return timingSafeEqual(a, b)
}

/** True for the loopback names and addresses (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h)
}

/** Why the server must not bind to `host` (a non-loopback address without a token), or undefined when it may. */
export function bindProblem(host: string, token: string | undefined): string | undefined {
  if (isLoopback(host) || token) return undefined
  return `refusing to listen on ${host} without an access token: set --token or ${TOKEN_ENV}, or bind to 127.0.0.1`
}

/** The access key id of a SigV4 `Authorization` header, or undefined when the header has none. */
export function accessKeyId(authorization: string | undefined): string | undefined {
  const m = /Credential=([^/,\s]+)\//.exec(authorization ?? '')
  return m?.[1]
}

/**
 * The AWS protocols' check: undefined when the request may proceed, else the error AWS sends
 * (`MissingAuthenticationToken` without a signature, `UnrecognizedClientException` — the Query protocol's
 * `InvalidClientTokenId` — for another access key id).
 */
export function awsAuthError(token: string | undefined, authorization: string | undefined, query = false): AwsError | undefined {
  if (!token) return undefined
  const key = accessKeyId(authorization)
  if (key === undefined) return new AwsError(403, 'MissingAuthenticationToken', 'missing authentication token: sign the request with the server\'s token as the access key id')
  if (tokensEqual(key, token)) return undefined
  return new AwsError(403, query ? 'InvalidClientTokenId' : 'UnrecognizedClientException', 'the security token included in the request is invalid')
}

/** The console's check on a request's headers: the bearer token or the cookie. */
export function consoleAuthorized(token: string | undefined, authorization: string | undefined, cookie: string | undefined): boolean {
  if (!token) return true
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  return (bearer !== undefined && tokensEqual(bearer, token)) || (cookie !== undefined && tokensEqual(cookie, token))
}

/**
 * Middleware for the console's routes (pages, JSON API, server-sent events). `GET /?token=<token>` with the
 * right token sets the HttpOnly cookie and redirects to `/`, so a browser can open the console once by URL.
 */
export function consoleAuth(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!token) return next()
    const given = c.req.query('token')
    if (c.req.method === 'GET' && given !== undefined) {
      if (!tokensEqual(given, token)) return c.json({ error: 'Forbidden', message: 'the access token is not valid' }, 403)
      setCookie(c, tokenCookie(c.req.url), token, { httpOnly: true, sameSite: 'Strict', path: '/' })
      const url = new URL(c.req.url)
      url.searchParams.delete('token')
      // one leading slash: `//host/…` would send the browser to another site
      return c.redirect(`/${url.pathname.replace(/^\/+/, '')}${url.search}`, 302)
    }
    if (consoleAuthorized(token, c.req.header('authorization'), getCookie(c, tokenCookie(c.req.url)))) return next()
    c.header('WWW-Authenticate', 'Bearer realm="rsqlflow"')
    return c.json({ error: 'Unauthorized', message: 'an access token is required: send Authorization: Bearer <token>, or open /?token=<token> once' }, 401)
  }
}

/**
 * Why a request must be refused because a web page, not the user, sent it — or undefined. A server without a
 * token answers only to its loopback names (a DNS-rebound name is another site), and a request that changes
 * something must not come from another origin: an HTML form can POST a Batch job or an SNS action to
 * 127.0.0.1 without any preflight. The AWS SDKs and the CLI send no Origin; the console sends its own.
 */
export function browserProblem(token: string | undefined, method: string, host: string | undefined, origin: string | undefined, fetchSite: string | undefined): string | undefined {
  const name = (host ?? '').replace(/:\d+$/, '')
  if (!token && !isLoopback(name)) return `this server has no access token and answers only to a loopback address, not ${JSON.stringify(host ?? '')}`
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return undefined
  if (fetchSite === 'cross-site') return 'a request from another site is refused'
  if (origin === undefined) return undefined
  let from: string
  try {
    from = new URL(origin).host
  } catch {
    from = ''
  }
  return from === host ? undefined : `a request from another origin (${origin}) is refused`
}
