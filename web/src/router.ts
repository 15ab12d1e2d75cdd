import { useEffect, useState } from 'react'

export interface Route { path: string[]; query: URLSearchParams }

function parse(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?')
  return { path: path.split('/').filter(Boolean).map(decodeSegment), query: new URLSearchParams(query) }
}

/** A hand-typed address may hold a bad escape (`%E0`): shown as typed rather than blanking the page. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}

/** The page the address's hash names (`#/executions/<arn>`): hash routes need nothing from the server. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(location.hash))
  useEffect(() => {
    const on = () => setRoute(parse(location.hash))
    addEventListener('hashchange', on)
    return () => removeEventListener('hashchange', on)
  }, [])
  return route
}

export const navigate = (hash: string) => { location.hash = hash }
