import { execFile } from 'node:child_process'
import type { AttemptSpec, Executor, RunningAttempt } from './types.ts'
import { subprocessExecutor } from './subprocess.ts'

/** Why `docker` cannot run containers here, or undefined when an engine answers. */
export function dockerUnavailable(docker = 'docker'): Promise<string | undefined> {
  return new Promise(resolve => {
    execFile(docker, ['version', '--format', '{{.Server.Version}}'], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (!err && stdout.trim()) return resolve(undefined)
      const why = (stderr || err?.message || 'no server version').trim().split('\n')[0]
      resolve(`no Docker engine is reachable: ${why}`)
    })
  })
}

/**
 * Runs the job's image with `docker run`: the command, environment, vCPU and memory of the job; SIGTERM
 * and SIGKILL go to the `docker run` client, which forwards them to the container (`--init`, `--sig-proxy`).
 */
export function containerExecutor(opts: { docker?: string } = {}): Executor {
  const docker = opts.docker ?? 'docker'
  const inner = subprocessExecutor()
  return {
    name: 'container',
    unavailable: () => dockerUnavailable(docker),
    start(spec: AttemptSpec): RunningAttempt {
      if (!spec.image) {
        const reason = 'CannotStartContainerError: the job definition has no image'
        return { started: Promise.reject(new Error(reason)), exit: Promise.resolve({ reason }), kill() {} }
      }
      const args = ['run', '--rm', '--init', '--sig-proxy=true', '--name', `rsqlflow-${spec.jobId.replace(/[^A-Za-z0-9_.-]/g, '-')}-${spec.attempt}`]
      args.push('--cpus', String(spec.vcpus))
      if (spec.memory) args.push('--memory', `${spec.memory}m`)
      for (const [k, v] of Object.entries(spec.environment)) if (v !== undefined) args.push('-e', `${k}=${v}`)
      args.push(spec.image, ...spec.command)
      const dockerEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('DOCKER_')))
      return inner.start({ ...spec, command: [docker, ...args], environment: dockerEnv })
    },
  }
}
