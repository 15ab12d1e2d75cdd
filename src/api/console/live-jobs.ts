// The Batch jobs each running Task state submitted, as the runtime reports them: a `.sync` task's history
// names its job only when the job ends, and the console links a running state to its job's live log.
import type { App } from '../../app.ts'

export class LiveJobs {
  private readonly byExecution = new Map<string, Record<string, string[]>>()
  private readonly off: () => void

  constructor(app: App, private readonly keep = 200) {
    this.off = app.onJobSubmitted(j => {
      let states = this.byExecution.get(j.executionArn)
      if (!states) {
        states = {}
        this.byExecution.set(j.executionArn, states)
        // remember the most recent executions only
        if (this.byExecution.size > this.keep) this.byExecution.delete(this.byExecution.keys().next().value!)
      }
      ;(states[j.stateName] ??= []).push(j.jobId)
    })
  }

  of(executionArn: string): Record<string, string[]> { return this.byExecution.get(executionArn) ?? {} }
  close(): void { this.off() }
}
