// One Hono app for every protocol: `POST /` is Step Functions (JSON 1.0, `X-Amz-Target`) or SNS (Query,
// form-encoded `Action=`), `POST /v1/*` is Batch (REST-JSON); the console's pages and API sit behind the
// console's auth. Each protocol answers its own errors in its own shape, authentication errors included.
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import type { App } from '../app.ts'
import { awsAuthError, browserProblem, consoleAuth } from './auth.ts'
import { batch, batchError } from './batch.ts'
import { AwsError } from './errors.ts'
import { sns, snsError } from './sns.ts'
import { stepFunctions, stepFunctionsError } from './stepfunctions.ts'

export interface RoutesOptions {
  /** The access token; without one nothing is checked (loopback only). */
  token?: string
  /** Mounts more routes behind the console's auth (the console's pages, JSON API and events). */
  console?: (hono: Hono) => void
}

const FORM = 'application/x-www-form-urlencoded'
/** Larger than any AWS request these APIs take (a definition is at most 1 MiB, an input 256 KiB). */
export const MAX_BODY_BYTES = 8 * 1024 * 1024

export function apiRoutes(app: App, options: RoutesOptions = {}): Hono {
  const { token } = options
  const hono = new Hono()
  hono.use('*', bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: c => c.json({ __type: 'RequestEntityTooLargeException', message: `the request body is larger than ${MAX_BODY_BYTES} bytes` }, 413),
  }))

  hono.use('*', async (c, next) => {
    // the URL's host is the Host header on the wire (and `localhost` for in-process requests)
    const problem = browserProblem(token, c.req.method, new URL(c.req.url).host, c.req.header('origin'), c.req.header('sec-fetch-site'))
    return problem ? c.json({ __type: 'AccessDeniedException', message: problem }, 403) : next()
  })

  hono.post('/', async c => {
    const target = c.req.header('x-amz-target')
    const authorization = c.req.header('authorization')
    if (target !== undefined) {
      const denied = awsAuthError(token, authorization)
      return denied ? stepFunctionsError(denied) : stepFunctions(app, target, await c.req.text())
    }
    if ((c.req.header('content-type') ?? '').toLowerCase().startsWith(FORM)) {
      const denied = awsAuthError(token, authorization, true)
      return denied ? snsError(denied) : sns(app, await c.req.text())
    }
    return stepFunctionsError(new AwsError(400, 'UnknownOperationException', 'unknown operation: POST / needs an X-Amz-Target header (Step Functions) or a form-encoded Action (SNS)'))
  })

  // The confirmation link SNS sends a new subscriber, `/?Action=ConfirmSubscription&TopicArn=…&Token=…`, is opened
  // from a mail: a GET without a signature (the token is the secret). Other actions over GET are refused, since
  // any page could make a browser send them (an <img> needs no permission).
  hono.use('/', async (c, next) => {
    const action = c.req.method === 'GET' ? c.req.query('Action') : undefined
    if (action === undefined) return next()
    if (action !== 'ConfirmSubscription') return snsError(new AwsError(400, 'InvalidAction', `${action} must be sent as a POST; only ConfirmSubscription is answered over GET`))
    return sns(app, new URL(c.req.url).search.slice(1))
  })

  hono.post('/v1/:operation', async c => {
    const denied = awsAuthError(token, c.req.header('authorization'))
    return denied ? batchError(denied) : batch(app, c.req.param('operation'), await c.req.text())
  })
  hono.all('/v1/*', () => batchError(new AwsError(404, 'UnknownOperationException', 'unknown operation: Batch operations are POST /v1/<operation>')))

  const site = new Hono()
  site.use('*', consoleAuth(token))
  if (options.console) options.console(site)
  else site.get('/', c => c.text('rsqlflow server: the AWS APIs answer at this address; the console is not installed\n'))
  hono.route('/', site)

  hono.notFound(c => c.json({ error: 'NotFound', message: `no route: ${c.req.method} ${c.req.path}` }, 404))
  hono.onError((_err, c) => c.json({ error: 'InternalFailure', message: 'internal failure: the server could not complete the request' }, 500))
  return hono
}
