import { inProcessExecutor, subprocessExecutor, containerExecutor, dockerUnavailable } from '../../src/batch/index.ts'
import { executorCases } from './executors.cases.ts'

executorCases('in-process', () => inProcessExecutor({
  print: async ({ args, stdout, stderr }) => { stdout(args[0] + '\n'); stderr(args[1]); return 0 },
  exit: async ({ args }) => Number(args[0]),
  env: async ({ args, env, stdout }) => { stdout(`${env[args[0]]}\n`); return 0 },
  sleep: ({ signal }) => new Promise(resolve => signal.addEventListener('abort', () => resolve(143))),
  stubborn: () => new Promise(() => {}),
}), {
  print: (o, e) => ['print', o, e], exit: n => ['exit', String(n)], printEnv: n => ['env', n], sleep: () => ['sleep'], stubborn: () => ['stubborn'],
})

const sh = (script: string) => ['/bin/sh', '-c', script]
executorCases('subprocess', () => subprocessExecutor(), {
  print: (o, e) => sh(`echo '${o}'; printf '${e}' >&2`), exit: n => sh(`exit ${n}`), printEnv: n => sh(`echo "$${n}"`),
  sleep: () => sh('exec sleep 30'), stubborn: () => sh("trap '' TERM; sleep 30 & wait; sleep 30"),
})

executorCases('container', () => containerExecutor(), {
  image: 'busybox:1.36',
  print: (o, e) => sh(`echo '${o}'; printf '${e}' >&2`), exit: n => sh(`exit ${n}`), printEnv: n => sh(`echo "$${n}"`),
  sleep: () => sh('exec sleep 30'), stubborn: () => sh("trap '' TERM; sleep 30 & wait; sleep 30"),
}, () => dockerUnavailable())
