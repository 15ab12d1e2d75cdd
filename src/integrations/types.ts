import type { TaskInvocation } from '../states/index.ts'
export type { TaskInvocation, IntegrationHandler, IntegrationOptions } from '../states/index.ts'

/** The registry handlers go into (the states room's IntegrationRegistry). */
export interface Registry {
  register(pattern: string | RegExp, handler: (task: TaskInvocation) => Promise<unknown>, options?: { recovery?: 'reattach' | 'fail' }): () => void
}
