// The one place that talks HTTP. Requests go to the same origin with the session cookie; errors
// become ApiError carrying the problem+json; any 401 calls the registered session-expiry hook.
import { ROUTES, fillPath, type RouteName } from './routes'
import { ApiError, parseRetryAfter, toProblem } from './problem'

export interface CallOptions {
  params?: Record<string, string | number>
  query?: Record<string, string | number | boolean | null | undefined>
  body?: unknown
  /** A raw request body (file upload) sent as-is with `contentType`; takes precedence over body. */
  raw?: Blob | ArrayBuffer | string
  contentType?: string
  /** Do not treat a 401 as session expiry (login, the initial "who am I", optional probes). */
  quiet401?: boolean
  signal?: AbortSignal
}

type Hook = (error: ApiError) => void
let onUnauthenticated: Hook | null = null

/** Registers what happens when a signed-in call comes back 401 (the router sends to login). */
export function setUnauthenticatedHook(hook: Hook | null): void {
  onUnauthenticated = hook
}

export function buildUrl(path: string, query?: CallOptions['query']): string {
  const qs = new URLSearchParams()
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue
    qs.append(k, String(v))
  }
  const s = qs.toString()
  return s ? `${path}?${s}` : path
}

/** The URL of a route (for links: downloads open it directly with the session cookie). */
export function urlFor(name: RouteName, params?: CallOptions['params'], query?: CallOptions['query']): string {
  return buildUrl(fillPath(ROUTES[name].path, params), query)
}

export async function call<T>(name: RouteName, opts: CallOptions = {}): Promise<T> {
  const route = ROUTES[name]
  const url = buildUrl(fillPath(route.path, opts.params), opts.query)
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' }
  let body: BodyInit | undefined
  if (opts.raw !== undefined) {
    headers['Content-Type'] = opts.contentType ?? 'application/octet-stream'
    body = opts.raw
  } else if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json'
    body = JSON.stringify(opts.body)
  }
  let res: Response
  try {
    res = await fetch(url, { method: route.method, headers, body, credentials: 'same-origin', signal: opts.signal })
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e
    throw new ApiError({ status: 0, code: 'network_error', detail: String(e) })
  }
  if (res.status === 204) return undefined as T
  const text = await res.text()
  let parsed: unknown = undefined
  if (text) {
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = text
    }
  }
  if (!res.ok) {
    const err = new ApiError(toProblem(res.status, parsed), parseRetryAfter(res.headers.get('Retry-After')))
    if (res.status === 401 && !opts.quiet401 && onUnauthenticated) onUnauthenticated(err)
    throw err
  }
  return parsed as T
}
