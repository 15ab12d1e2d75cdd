// Security: no non-loopback bind without a token; with a token, every protocol rejects requests without it or
// with another one (in its own error shape) and accepts the right one.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { request } from 'node:http'
import { fileURLToPath } from 'node:url'
import { DescribeJobQueuesCommand } from '@aws-sdk/client-batch'
import { ListStateMachinesCommand } from '@aws-sdk/client-sfn'
import { ListTopicsCommand } from '@aws-sdk/client-sns'
import { accessKeyId, bindProblem, createServer, isLoopback, tokensEqual } from '../../src/api/index.ts'
import { clients, serve, type Served } from './helpers.ts'

const TOKEN = 's3cret-Token_0123456789'

test('loopback names and addresses; a bind elsewhere needs a token', async () => {
  for (const h of ['127.0.0.1', '127.8.9.10', 'localhost', '::1', '[::1]']) assert.ok(isLoopback(h), h)
  for (const h of ['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'example.com', '128.0.0.1']) assert.ok(!isLoopback(h), h)
  assert.match(bindProblem('0.0.0.0', undefined)!, /refusing to listen on 0\.0\.0\.0 without an access token/)
  assert.equal(bindProblem('0.0.0.0', TOKEN), undefined)
  assert.equal(bindProblem('127.0.0.1', undefined), undefined)
  assert.ok(tokensEqual(TOKEN, TOKEN))
  assert.ok(!tokensEqual(TOKEN.slice(0, -1), TOKEN))
  assert.ok(!tokensEqual('', TOKEN))
  assert.equal(accessKeyId('AWS4-HMAC-SHA256 Credential=AKID123/20261126/us-east-1/states/aws4_request, SignedHeaders=host, Signature=ab'), 'AKID123')
  assert.equal(accessKeyId('Bearer x'), undefined)
})

test('listen on a non-loopback address without a token is refused before anything is bound', async () => {
  const s = await serve({ name: 'open' })
  try {
    const other = await createServer(s.app, { console: false })
    await assert.rejects(other.listen(0, '0.0.0.0'), (e: Error & { code?: string }) => e.code === 'TokenRequired' && /--token/.test(e.message))
  } finally {
    await s.close()
  }
})

let s: Served
before(async () => { s = await serve({ name: 'locked', topics: [{ name: 't' }] }, {}, { token: TOKEN, host: '0.0.0.0' }) })
after(() => s.close())

const local = () => s.url.replace('0.0.0.0', '127.0.0.1')
/** The token cookie is named by the server's port: a browser sends one host's cookies to all its ports. */
const cookieName = (url = local()) => `rsqlflow_token_${new URL(url).port}`

test('AWS protocols: the right access key id is accepted', async () => {
  const c = clients(local(), TOKEN)
  try {
    assert.ok(Array.isArray((await c.sfn.send(new ListStateMachinesCommand({}))).stateMachines))
    assert.ok((await c.sns.send(new ListTopicsCommand({}))).Topics!.length === 1)
    assert.equal((await c.batch.send(new DescribeJobQueuesCommand({}))).jobQueues!.length, 1)
  } finally {
    for (const x of Object.values(c)) x.destroy()
  }
})

test('AWS protocols: another access key id is rejected with 403 in each protocol\'s shape', async () => {
  const c = clients(local(), 'AKIAWRONGWRONGWRONG')
  const forbidden = (name: string) => (e: Error & { $metadata?: { httpStatusCode?: number } }) => e.name === name && e.$metadata?.httpStatusCode === 403
  try {
    await assert.rejects(c.sfn.send(new ListStateMachinesCommand({})), forbidden('UnrecognizedClientException'))
    await assert.rejects(c.batch.send(new DescribeJobQueuesCommand({})), forbidden('UnrecognizedClientException'))
    await assert.rejects(c.sns.send(new ListTopicsCommand({})), forbidden('InvalidClientTokenId'))
  } finally {
    for (const x of Object.values(c)) x.destroy()
  }
})

test('AWS protocols: an unsigned request is MissingAuthenticationToken', async () => {
  const sfn = await fetch(local(), { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' })
  assert.equal(sfn.status, 403)
  assert.equal(((await sfn.json()) as { __type: string }).__type, 'com.amazonaws.states#MissingAuthenticationToken')
  const batch = await fetch(`${local()}/v1/describejobqueues`, { method: 'POST', body: '{}' })
  assert.equal(batch.status, 403)
  assert.equal(batch.headers.get('x-amzn-errortype'), 'MissingAuthenticationToken')
  const sns = await fetch(local(), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics' })
  assert.equal(sns.status, 403)
  assert.match(await sns.text(), /<Code>MissingAuthenticationToken<\/Code>/)
  // a bearer token is not a signature
  const bearer = await fetch(local(), { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' })
  assert.equal(bearer.status, 403)
})

test('SNS over GET: ConfirmSubscription from a mailed link needs no signature (its token is the secret)', async () => {
  const confirm = await fetch(`${local()}/?Action=ConfirmSubscription&TopicArn=${encodeURIComponent('arn:aws:sns:us-east-1:000000000000:t')}&Token=guess`)
  assert.equal(confirm.status, 400)
  assert.match(await confirm.text(), /<Code>InvalidParameter<\/Code>/)
})

test('console: no token or a wrong one is 401; the bearer header or the cookie is accepted', async () => {
  const none = await fetch(`${local()}/`)
  assert.equal(none.status, 401)
  assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/)
  assert.equal((await fetch(`${local()}/console/api/state-machines`)).status, 401)
  assert.equal((await fetch(`${local()}/`, { headers: { authorization: 'Bearer nope' } })).status, 401)
  assert.equal((await fetch(`${local()}/`, { headers: { cookie: `${cookieName()}=nope` } })).status, 401)
  assert.equal((await fetch(`${local()}/`, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 200)
  assert.equal((await fetch(`${local()}/`, { headers: { cookie: `${cookieName()}=${TOKEN}` } })).status, 200)
})

test('console: /?token= sets an HttpOnly SameSite=Strict cookie and redirects; a wrong one is 403', async () => {
  const res = await fetch(`${local()}/?token=${encodeURIComponent(TOKEN)}`, { redirect: 'manual' })
  assert.equal(res.status, 302)
  assert.equal(res.headers.get('location'), '/')
  const cookie = res.headers.get('set-cookie') ?? ''
  assert.match(cookie, new RegExp(`^${cookieName()}=${TOKEN};`))
  assert.match(cookie, /HttpOnly/)
  assert.match(cookie, /SameSite=Strict/)
  const deep = await fetch(`${local()}//evil.example/x?token=${encodeURIComponent(TOKEN)}&tab=2`, { redirect: 'manual' })
  assert.equal(deep.status, 302)
  assert.equal(deep.headers.get('location'), '/evil.example/x?tab=2', 'the redirect stays on this server')
  const wrong = await fetch(`${local()}/?token=guess`, { redirect: 'manual' })
  assert.equal(wrong.status, 403)
  assert.equal(wrong.headers.get('set-cookie'), null)
})

test('two servers on one host keep their token cookies apart (a browser sends a host\'s cookies to every port)', async () => {
  const other = await serve({ name: 'other' }, {}, { token: 'another-token-9876543210' })
  try {
    // a browser's jar for the host 127.0.0.1: one value per cookie name, whatever the port
    const jar = new Map<string, string>()
    for (const [url, token] of [[local(), TOKEN], [other.url, 'another-token-9876543210']] as const) {
      const res = await fetch(`${url}/?token=${encodeURIComponent(token)}`, { redirect: 'manual' })
      const [pair] = (res.headers.get('set-cookie') ?? '').split(';')
      jar.set(pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1))
    }
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    assert.equal((await fetch(`${local()}/`, { headers: { cookie } })).status, 200, cookie)
    assert.equal((await fetch(`${other.url}/`, { headers: { cookie } })).status, 200, cookie)
  } finally {
    await other.close()
  }
})

test('without a token (loopback), nothing is checked', async () => {
  const open = await serve({ name: 'open2' })
  try {
    assert.equal((await fetch(`${open.url}/`)).status, 200)
    const r = await fetch(open.url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' })
    assert.equal(r.status, 200)
  } finally {
    await open.close()
  }
})

const consoleInstalled = existsSync(fileURLToPath(new URL('../../src/api/console/index.ts', import.meta.url)))

test('the mounted console (pages, JSON API) sits behind the same token', { skip: consoleInstalled ? false : 'src/api/console is not there' }, async () => {
  const server = await createServer(s.app, { token: TOKEN })
  assert.deepEqual(server.console, { state: 'mounted' })
  const { url } = await server.listen(0)
  try {
    for (const path of ['/', '/console/api/state-machines', '/console/api/executions']) {
      assert.equal((await fetch(url + path)).status, 401, path)
      assert.notEqual((await fetch(url + path, { headers: { authorization: `Bearer ${TOKEN}` } })).status, 401, path)
    }
    const api = await fetch(`${url}/console/api/state-machines`, { headers: { cookie: `${cookieName(url)}=${TOKEN}` } })
    assert.equal(api.status, 200)
    // the AWS APIs still answer in their own shapes next to the console
    const sfn = await fetch(url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{}' })
    assert.equal(((await sfn.json()) as { __type: string }).__type, 'com.amazonaws.states#MissingAuthenticationToken')
  } finally {
    await server.close()
  }
})

test('pages cannot drive a server: another Host without a token, another Origin, or a cross-site request is refused', async () => {
  const open = await serve({ name: 'csrf', jobDefinitions: [{ name: 'sh', executor: 'subprocess', containerProperties: { command: ['/bin/true'] } }] })
  try {
    const { port } = new URL(open.url)
    const submit = (headers: Record<string, string>) =>
      fetch(`${open.url}/v1/submitjob`, { method: 'POST', headers: { 'content-type': 'text/plain', ...headers }, body: '{"jobName":"x","jobQueue":"etl-queue","jobDefinition":"sh"}' })
    // an HTML form on another site posting to 127.0.0.1
    const cross = await submit({ origin: 'https://evil.example' })
    assert.equal(cross.status, 403)
    assert.match(((await cross.json()) as { message: string }).message, /another origin \(https:\/\/evil\.example\)/)
    assert.equal((await submit({ origin: 'null' })).status, 403)
    assert.equal((await submit({ 'sec-fetch-site': 'cross-site' })).status, 403)
    const sns = await fetch(open.url, { method: 'POST', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=ListTopics' })
    assert.equal(sns.status, 403)
    // a DNS-rebound name: the page's own origin, but not a loopback name
    const rebound = await new Promise<number>((resolve, reject) => {
      // fetch will not send another Host; node:http will
      request({ host: '127.0.0.1', port, path: '/', headers: { host: `evil.example:${port}` } }, res => { res.resume(); resolve(res.statusCode!) }).on('error', reject).end()
    })
    assert.equal(rebound, 403)
    // an <img> cannot make a GET act: only ConfirmSubscription is answered over GET
    const img = await fetch(`${open.url}/?Action=Publish&TopicArn=x&Message=y`)
    assert.equal(img.status, 400)
    assert.match(await img.text(), /<Code>InvalidAction<\/Code>/)
    // the console itself (same origin), the SDK and the CLI (no Origin) pass
    assert.equal((await submit({ origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin' })).status, 200)
    assert.equal((await submit({})).status, 200)
    assert.equal((await fetch(`http://localhost:${port}/`)).status, 200)
  } finally {
    await open.close()
  }
})
