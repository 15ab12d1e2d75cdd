import type { Command } from 'commander'
import { registerDemo } from './demo.ts'
import { registerDeploy } from './deploy.ts'
import { registerExecutions } from './executions.ts'
import { registerFetchAndRun } from './fetch-and-run.ts'
import { registerInit } from './init.ts'
import { registerJobs } from './jobs.ts'
import { registerLogs } from './logs.ts'
import { registerPublish } from './publish.ts'
import { registerRsql } from './rsql.ts'
import { registerRun } from './run.ts'
import { registerS3 } from './s3.ts'
import { registerServer } from './server.ts'
import { registerStates } from './states.ts'
import { registerValidate } from './validate.ts'
import { registerWarehouse } from './warehouse.ts'

/** Registers one subcommand on the program; `setExit` records the process exit code. */
export type RegisterCommand = (program: Command, setExit: (code: number) => void) => void

// One entry per subcommand module; keep sorted.
export const commands: RegisterCommand[] = [registerDemo, registerDeploy, registerExecutions, registerFetchAndRun, registerInit, registerJobs, registerLogs, registerPublish, registerRsql, registerRun, registerS3, registerServer, registerStates, registerValidate, registerWarehouse]
