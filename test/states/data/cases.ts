// Loads the AWS-recorded conformance cases (skipped with a reason where the shared folder is absent).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface Case {
  id: string
  category: string
  definition: Record<string, unknown>
  input: unknown
  context: Record<string, unknown>
  normalise?: Record<string, unknown>
  expect: { status: string; output?: unknown; error?: string; cause?: string; events?: string[] }
}

export const CONFORMANCE_DIR = resolve(import.meta.dirname, '../../../../shared/conformance/asl')

export function loadCases(): Case[] | undefined {
  const dir = join(CONFORMANCE_DIR, 'cases')
  if (!existsSync(dir)) return undefined
  return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Case)
}
