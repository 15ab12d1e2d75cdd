export function Status({ status }: { status: string }) {
  return <span className={`status status-${status.toLowerCase().replace(/_/g, '-')}`}>{status}</span>
}

export function ErrorBox({ error }: { error?: Error }) {
  if (!error) return null
  return <p className="error" role="alert">{error.message}</p>
}
