// The api room's door: the HTTP server with the AWS-compatible endpoints (Step Functions JSON 1.0, Batch
// REST-JSON, SNS Query) and the console, and the auth helpers the console's routes and tests use.
export { createServer, ServerStartError, type RsqlflowServer, type ServerOptions } from './server.ts'
export { apiRoutes, MAX_BODY_BYTES, type RoutesOptions } from './routes.ts'
export {
  accessKeyId, awsAuthError, bindProblem, browserProblem, consoleAuth, consoleAuthorized, isLoopback, tokensEqual, TOKEN_COOKIE, TOKEN_ENV,
} from './auth.ts'
export { AwsError, toAwsError, type Protocol } from './errors.ts'
export { escapeXml } from './sns.ts'
export { lockProject, ProjectLocked, LOCK_FILE } from './lock.ts'
