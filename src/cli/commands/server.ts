import { hostname } from 'node:os'
import type { RegisterCommand } from './index.ts'
import { createApp, validateProject } from '../../app.ts'
import { bindProblem, createServer, lockProject, ProjectLocked, ServerStartError, TOKEN_ENV } from '../../api/index.ts'
import { CONFIG_FILE, ConfigError, loadProject } from '../../project/index.ts'
import { action, EXIT, terminal } from '../ui.ts'
import { onStopSignal, type StopSignal } from '../signals.ts'

export const DEFAULT_PORT = 4300
/** How long a stop waits for running executions before leaving them to the next start's recovery. */
const GRACE_MS = 10_000

interface ServerOpts { port: string; host: string; token?: string; dir?: string }

/**
 * `rsqlflow server`: one long-lived process that owns the runtime (executions, Batch jobs, notifications,
 * triggers, schedules; executions a previous process left RUNNING resume) and serves the AWS-compatible APIs
 * and the console. Ctrl-C, SIGTERM or SIGHUP stops it; executions still running then resume on the next start.
 */
export const registerServer: RegisterCommand = (program, setExit) => {
  program.command('server')
    .description('serve the AWS-compatible APIs (Step Functions, Batch, SNS) and the console, running triggers and schedules')
    .option('--port <port>', 'the port to listen on (0: any free port)', String(DEFAULT_PORT))
    .option('--host <host>', 'the address to bind; anything but loopback needs a token', '127.0.0.1')
    .option('--token <token>', `the access token (default: $${TOKEN_ENV}): console bearer/cookie, AWS access key id`)
    .option('--dir <dir>', 'the project directory (default: found from the current directory)')
    .action(action(setExit, async (opts: ServerOpts) => {
      const term = terminal()
      const token = opts.token ?? (process.env[TOKEN_ENV] || undefined)
      const port = Number(opts.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        term.err(`rsqlflow: error: --port: not a port number: ${JSON.stringify(opts.port)}\n`)
        return EXIT.USAGE
      }
      const refused = bindProblem(opts.host, token)
      if (refused) {
        term.err(`rsqlflow: error: ${refused}\n`)
        return EXIT.USAGE
      }
      const project = await loadProject(opts.dir ? { dir: opts.dir } : {})
      // the triggers' event patterns and the schedules' expressions are read only as the server arms them: checked
      // first, as validate checks them, every problem is said located in rsqlflow.json (the first alone, without its line)
      const configProblems = (await validateProject(project.dir)).problems
        .filter(p => p.file === CONFIG_FILE || p.file.startsWith(`${CONFIG_FILE}:`))
      if (configProblems.length) throw new ConfigError('ValidationException', configProblems)
      let lock
      try {
        lock = await lockProject(project.paths.state)
      } catch (err) {
        if (!(err instanceof ProjectLocked)) throw err
        term.err(`rsqlflow: error: ${err.message}\n`)
        return EXIT.USAGE
      }
      const logger = { warn: (message: string) => term.err(`rsqlflow: warning: ${message}\n`) }
      let app
      let server
      let address
      try {
        // executions a previous process left RUNNING resume once the port is ours: a start that fails (the port
        // in use) must not run them, nor wait for them to end before it exits
        app = await createApp(project, { triggers: true, leaveRunningOnClose: true, logger, endpointUrl: endpointUrl(opts.host, port) })
        server = await createServer(app, { token })
        address = await server.listen(port, opts.host)
        app.states.recover()
      } catch (err) {
        await app?.close()
        await lock.release()
        if (err instanceof ServerStartError) {
          term.err(`rsqlflow: error: ${err.message}\n`)
          return EXIT.USAGE
        }
        throw err
      }
      // SIGHUP (the terminal closed) stops it as SIGTERM does: the project lock released, nothing left half-written;
      // the handlers go in before the banner, so a signal sent on seeing it finds them
      const stopped = new Promise<StopSignal>(resolve => { onStopSignal(resolve) })
      term.out(`rsqlflow server: project ${project.config.name} at ${address.url}\n`)
      if (server.console.state === 'mounted') term.out(`  console      ${address.url}/${token ? '?token=<token>' : ''}\n`)
      else if (server.console.state === 'failed') term.err(`rsqlflow: warning: ${server.console.reason}; serving the APIs only\n`)
      term.out(`  AWS APIs     aws --endpoint-url ${address.url} stepfunctions list-state-machines\n`)
      if (token) term.out('               (the token is the access key id; any secret key signs)\n')
      term.out('press Ctrl-C to stop\n')

      const signal = await stopped
      const code = signal === 'SIGINT' ? EXIT.INTERRUPTED : EXIT.OK
      term.err(`rsqlflow server: stopping (${signal})\n`)
      const force = () => {
        term.err('rsqlflow server: stopped with executions still running; they resume on the next start\n')
        void lock.release().finally(() => process.exit(code))
      }
      // a second signal, or executions that outlast the grace period, end the process now: the store has
      // every committed step, so the next start recovers them as after a crash
      const forceOff = onStopSignal(force)
      const timer = setTimeout(force, GRACE_MS)
      timer.unref()
      await server.close()
      await app.close()
      await lock.release()
      clearTimeout(timer)
      forceOff()
      return code
    }))
}

/** The address links in messages name (SNS confirmation links): the listening one, unknown for port 0. */
function endpointUrl(host: string, port: number): string | undefined {
  if (port === 0) return undefined
  const shown = host === '0.0.0.0' || host === '::' ? hostname() : host.includes(':') ? `[${host}]` : host
  return `http://${shown}:${port}/`
}
