// TODO(states door): take these from '../states/index.ts' once the door exports them
export type { TaskInvocation, IntegrationHandler, IntegrationOptions } from '../states/integrations/registry.ts'

/** The registry handlers go into (the states room's IntegrationRegistry). */
export interface Registry {
  register(pattern: string | RegExp, handler: (task: import('../states/integrations/registry.ts').TaskInvocation) => Promise<unknown>, options?: { recovery?: 'reattach' | 'fail' }): () => void
}
