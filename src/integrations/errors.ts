import { randomUUID } from 'node:crypto'
import { TaskError } from '../states/index.ts'

export { TaskError }

/** The cause text Step Functions gives a failed AWS API call (the Java SDK's message format). */
export function sdkCause(message: string, service: string, status: number, code: string): string {
  return `${message} (Service: ${service}; Status Code: ${status}; Error Code: ${code}; Request ID: ${randomUUID()}; Proxy: null)`
}

/** What Step Functions adds to every service integration's output. */
export function sdkMetadata(contentType = 'application/x-amz-json-1.1'): { SdkHttpMetadata: unknown; SdkResponseMetadata: unknown } {
  const RequestId = randomUUID()
  const headers = { 'Content-Type': contentType, Date: new Date().toUTCString(), 'x-amzn-RequestId': RequestId }
  return {
    SdkHttpMetadata: { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId },
  }
}
