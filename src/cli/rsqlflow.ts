import { Command, CommanderError } from 'commander'
import { commands } from './commands/index.ts'

/** The `rsqlflow` command: each subcommand lives in its own module under ./commands. */
export async function main(argv: string[]): Promise<number> {
  // the installed AWS SDK supports Node 20; its warning about versions published later printed eight lines on
  // stderr at the first S3, Batch or Redshift call of every command (a user may still turn it back on)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
  const program = new Command('rsqlflow')
    .description('local-first serverless Amazon Redshift ETL framework')
    .version('0.1.0')
    .exitOverride()
    .enablePositionalOptions()
  let exitCode = 0
  for (const register of commands) register(program, code => { exitCode = code })
  usageHints(program)
  try {
    await program.parseAsync(argv, { from: 'user' })
  } catch (err) {
    // help and --version exit 0; every usage error exits 2 (the README's exit codes)
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2
    throw err
  }
  return exitCode
}

/**
 * A usage error (an unknown option, a missing argument) is one line said as the other errors are, then where the
 * command's usage is, as psql says it: `rsqlflow: error: unknown option '--foo'` and
 * `rsqlflow: hint: Try "rsqlflow run --help" for more information.` (the whole help after it hid the error).
 */
function usageHints(command: Command): void {
  const path: string[] = []
  for (let c: Command | null = command; c; c = c.parent) path.unshift(c.name())
  command
    .showHelpAfterError(`rsqlflow: hint: Try "${path.join(' ')} --help" for more information.`)
    .configureOutput({ outputError: (text, write) => write(`rsqlflow: ${text}`) })
  command.commands.forEach(usageHints)
}
