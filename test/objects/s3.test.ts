import { before, after } from 'node:test'
import { S3ObjectStore } from '../../src/objects/index.ts'
import { objectStoreCases } from './store.cases.ts'
import { startS3rver, s3rverCredentials } from './s3rver.ts'

let server: Awaited<ReturnType<typeof startS3rver>>
let store: S3ObjectStore
before(async () => {
  server = await startS3rver()
  store = new S3ObjectStore({ endpoint: server.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: s3rverCredentials })
})
after(async () => { store?.client.destroy(); await server?.stop() })

objectStoreCases('S3 (s3rver)', () => store)
