import { join } from 'node:path'

export const CONFIG_FILE = 'rsqlflow.json'
export const STATE_DIR = '.rsqlflow'

/** Where a project's files and its local state live. */
export interface ProjectPaths {
  root: string
  configFile: string
  workflows: string
  scripts: string
  data: string
  /** `.rsqlflow/`: everything below is local state, git-ignored. */
  state: string
  store: string
  objects: string
  warehouse: string
  outbox: string
}

export function projectPaths(root: string): ProjectPaths {
  const state = join(root, STATE_DIR)
  return {
    root,
    configFile: join(root, CONFIG_FILE),
    workflows: join(root, 'workflows'),
    scripts: join(root, 'scripts'),
    data: join(root, 'data'),
    state,
    store: join(state, 'store.db'),
    objects: join(state, 'objects'),
    warehouse: join(state, 'warehouse'),
    outbox: join(state, 'outbox'),
  }
}
