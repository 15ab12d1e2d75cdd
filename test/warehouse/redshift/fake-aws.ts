// A stand-in for AWS on 127.0.0.1: it speaks awsJson1.1 (`X-Amz-Target: RedshiftData.ExecuteStatement`,
// `RedshiftServerless.GetCredentials`) and the query protocol (`Action=GetClusterCredentials`, XML reply),
// records every request and answers with what the test's handler returns.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface AwsRequest { operation: string; body: Record<string, unknown> }
export type AwsReply = { status?: number; json?: unknown; xml?: string }
export type AwsHandler = (req: AwsRequest) => AwsReply

export interface FakeAws { endpoint: string; requests: AwsRequest[]; handle(h: AwsHandler): void; close(): Promise<void> }

export async function fakeAws(): Promise<FakeAws> {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE'
  process.env.AWS_SECRET_ACCESS_KEY = 'secret'
  const requests: AwsRequest[] = []
  let handler: AwsHandler = () => ({ status: 500, json: { __type: 'InternalServerError', message: 'no handler' } })
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString()
      const target = req.headers['x-amz-target']
      let request: AwsRequest
      if (typeof target === 'string') {
        request = { operation: target, body: text ? JSON.parse(text) : {} }
      } else {
        const form = Object.fromEntries(new URLSearchParams(text))
        request = { operation: `Redshift.${form.Action}`, body: form }
      }
      requests.push(request)
      const reply = handler(request)
      res.statusCode = reply.status ?? 200
      if (reply.xml !== undefined) {
        res.setHeader('content-type', 'text/xml')
        res.end(reply.xml)
      } else {
        res.setHeader('content-type', 'application/x-amz-json-1.1')
        res.end(JSON.stringify(reply.json ?? {}))
      }
    })
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    handle: h => { handler = h },
    close: () => new Promise(r => server.close(() => r())),
  }
}
