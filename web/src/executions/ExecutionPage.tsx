import { useEffect, useState } from 'react'
import { api, formatTime, links, pretty, type Execution, type HistoryEvent, type StateView } from '../api.ts'
import { ErrorBox, Status } from '../Status.tsx'
import { useAsync } from '../useAsync.ts'
import { GraphView } from '../graph/GraphView.tsx'
import { StateDetails } from '../graph/StateDetails.tsx'
import { History } from './History.tsx'

interface Live { execution: Execution; events: HistoryEvent[]; states: Record<string, StateView> }

/** An execution: its graph lighting up as history events arrive (server-sent events), the history, actions. */
export function ExecutionPage({ arn }: { arn: string }) {
  const [live, setLive] = useState<Live>()
  const [error, setError] = useState<Error>()
  const [selected, setSelected] = useState<string>()
  const [generation, setGeneration] = useState(0)
  const graph = useAsync(() => api.graph(arn), [arn])

  useEffect(() => {
    let source: EventSource | undefined
    let gone = false
    api.execution(arn).then(first => {
      if (gone) return
      setLive(first)
      const after = first.events.at(-1)?.id ?? 0
      source = api.executionEvents(arn, after)
      source.addEventListener('history', (m: MessageEvent<string>) => {
        const news = JSON.parse(m.data) as { events: HistoryEvent[]; states: Record<string, StateView>; execution: Execution }
        setLive(l => l && {
          execution: { ...news.execution, stateMachineName: l.execution.stateMachineName },
          states: news.states,
          events: [...l.events, ...news.events.filter(e => e.id > (l.events.at(-1)?.id ?? 0))],
        })
      })
    }, setError)
    return () => { gone = true; source?.close() }
  }, [arn, generation])

  const act = (what: 'stop' | 'redrive') => async () => {
    setError(undefined)
    try {
      await (what === 'stop' ? api.stop(arn) : api.redrive(arn))
      // redrive appends to the same history: the open stream keeps reading
    } catch (err) {
      setError(err as Error)
      setGeneration(g => g + 1)
    }
  }

  const x = live?.execution
  return (
    <section className="execution">
      <ErrorBox error={error ?? graph.error} />
      {x && (
        <>
          <div className="title">
            <h1>{x.name}</h1>
            <Status status={x.status} />
            <span className="spacer" />
            <button type="button" disabled={x.status !== 'RUNNING'} onClick={act('stop')}>Stop</button>
            <button type="button" disabled={x.redriveStatus !== 'REDRIVABLE'} onClick={act('redrive')}>Redrive</button>
          </div>
          <dl className="facts">
            <dt>State machine</dt><dd><a href={links.executions({ stateMachine: x.stateMachineName })}>{x.stateMachineName}</a></dd>
            <dt>Started</dt><dd>{formatTime(x.startDate)}</dd>
            <dt>Stopped</dt><dd>{formatTime(x.stopDate) || '—'}</dd>
            <dt>Redrives</dt><dd>{x.redriveCount}</dd>
            {x.error !== undefined && <><dt>Error</dt><dd className="failed-text">{x.error}</dd></>}
          </dl>
          {x.cause !== undefined && <details className="cause"><summary>Cause</summary><pre>{pretty(x.cause)}</pre></details>}
        </>
      )}
      <div className="graph-and-details">
        {graph.data && live && <GraphView graph={graph.data} states={live.states} selected={selected} onSelect={setSelected} />}
        {live && <StateDetails name={selected} view={selected ? live.states[selected] : undefined} onClose={() => setSelected(undefined)} />}
      </div>
      {x && (
        <details className="io">
          <summary>Execution input and output</summary>
          <h3>Input</h3><pre className="execution-input">{pretty(x.input)}</pre>
          {x.output !== undefined && <><h3>Output</h3><pre>{pretty(x.output)}</pre></>}
        </details>
      )}
      {live && <History events={live.events} />}
    </section>
  )
}
