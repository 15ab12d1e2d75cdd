import { StrictMode, useEffect } from 'react'
import { createRoot } from 'react-dom/client'
import { links } from './api.ts'
import { useRoute } from './router.ts'
import { StateMachines } from './machines/StateMachines.tsx'
import { Executions } from './executions/Executions.tsx'
import { ExecutionPage } from './executions/ExecutionPage.tsx'
import { JobPage } from './jobs/JobPage.tsx'
import { Notifications } from './notifications/Notifications.tsx'
import './styles.css'

const TITLES: Record<string, string> = { executions: 'Executions', jobs: 'Job', notifications: 'Notifications' }

function Page() {
  const { path, query } = useRoute()
  const [first, second] = path
  useEffect(() => {
    const what = second ? second.split(':').pop() : TITLES[first ?? ''] ?? 'State machines'
    document.title = `${what} · rsqlflow`
  }, [first, second])
  if (first === 'executions' && second) return <ExecutionPage key={second} arn={second} />
  if (first === 'executions') return <Executions stateMachine={query.get('stateMachine') ?? ''} status={query.get('status') ?? ''} />
  if (first === 'jobs' && second) return <JobPage key={second} jobId={second} />
  if (first === 'notifications') return <Notifications />
  return <StateMachines />
}

function Console() {
  const { path } = useRoute()
  const here = path[0] ?? ''
  return (
    <>
      <header className="top">
        <a className="brand" href={links.home}>rsqlflow</a>
        <nav>
          <a className={here === '' ? 'here' : ''} href={links.home}>State machines</a>
          <a className={here === 'executions' ? 'here' : ''} href={links.executions()}>Executions</a>
          <a className={here === 'notifications' ? 'here' : ''} href={links.notifications}>Notifications</a>
        </nav>
      </header>
      <main><Page /></main>
    </>
  )
}

createRoot(document.getElementById('root')!).render(<StrictMode><Console /></StrictMode>)
