// Task tokens of `.waitForTaskToken` tasks: SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat.
import { TaskError } from './registry.ts'

interface Waiter {
  resolve(output: unknown): void
  reject(err: TaskError): void
  heartbeat(): void
}

/** AWS's error for an unknown or closed token (`TaskDoesNotExist`). */
export class TaskDoesNotExist extends Error {
  readonly code = 'TaskDoesNotExist'
  constructor(token: string) {
    super(`task does not exist or has already completed: ${token.slice(0, 40)}`)
    this.name = 'TaskDoesNotExist'
  }
}

export class TaskTokens {
  private waiting = new Map<string, Waiter>()

  wait(token: string, waiter: Waiter): () => void {
    this.waiting.set(token, waiter)
    return () => this.waiting.delete(token)
  }

  has(token: string): boolean {
    return this.waiting.has(token)
  }

  private take(token: string): Waiter {
    const w = this.waiting.get(token)
    if (!w) throw new TaskDoesNotExist(token)
    this.waiting.delete(token)
    return w
  }

  sendTaskSuccess(token: string, output: unknown): void {
    this.take(token).resolve(output)
  }

  sendTaskFailure(token: string, error?: string, cause?: string): void {
    this.take(token).reject(new TaskError(error ?? '', cause))
  }

  sendTaskHeartbeat(token: string): void {
    const w = this.waiting.get(token)
    if (!w) throw new TaskDoesNotExist(token)
    w.heartbeat()
  }
}
