import { main } from '../rsql.ts'
import type { RegisterCommand } from './index.ts'

/** `rsqlflow rsql …`: the rsql command, every option passed through unchanged. */
export const registerRsql: RegisterCommand = (program, setExit) => {
  program
    .command('rsql')
    .description('run RSQL scripts (Amazon Redshift RSQL / psql options; `rsqlflow rsql --help` lists them)')
    .helpOption(false)
    .allowUnknownOption(true)
    .passThroughOptions()
    .allowExcessArguments(true)
    .argument('[args...]', 'rsql options and arguments')
    .action(async (args: string[]) => {
      setExit(await main(args ?? []))
    })
}
