import type { Command } from 'commander'
import { execJsonl } from '../../states/index.ts'
import type { RegisterCommand } from './index.ts'

/** `rsqlflow states exec --jsonl`: the conformance interface (cases on stdin, results on stdout). */
export const registerStates: RegisterCommand = program => {
  const states = program.command('states').description('Amazon States Language engine tools')
  states
    .command('exec')
    .description('run state machine cases from JSON Lines on stdin in memory on a virtual clock; one result line per case')
    .option('--jsonl', 'read {id, definition, input, context} lines, write {id, status, output|error+cause, events} lines')
    .action(async (opts: { jsonl?: boolean }, command: Command) => {
      // said as commander's usage errors are: one line and the hint (exit 2)
      if (!opts.jsonl) command.error('error: only --jsonl is supported', { exitCode: 2 })
      await execJsonl(process.stdin, process.stdout, {
        fixedClock: process.env.ASL_FIXED_CLOCK,
        warn: (t) => {
          if (process.env.RSQLFLOW_DEBUG) process.stderr.write(t + '\n')
        },
      })
    })
}
