// problem+json (RFC 9457) → what a screen shows: a translated message by stable `code`, and
// field errors keyed by form item name (JSON pointer "/password" → "password").
import type { Problem } from './types'

export class ApiError extends Error {
  readonly status: number
  readonly problem: Problem
  readonly retryAfter: number | null

  constructor(problem: Problem, retryAfter: number | null = null) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`)
    this.name = 'ApiError'
    this.status = problem.status
    this.problem = problem
    this.retryAfter = retryAfter
  }

  get code(): string {
    return this.problem.code ?? codeForStatus(this.status)
  }
}

/** The canonical code for a status when the body carried none (e.g. a proxy's HTML 502). */
export function codeForStatus(status: number): string {
  switch (status) {
    case 400: return 'invalid_argument'
    case 401: return 'unauthenticated'
    case 403: return 'permission_denied'
    case 404: return 'not_found'
    case 405: return 'method_not_allowed'
    case 409: return 'conflict'
    case 413: return 'payload_too_large'
    case 415: return 'unsupported_media_type'
    case 422: return 'validation_failed'
    case 429: return 'too_many_requests'
    case 503: return 'unavailable'
    default: return status === 0 ? 'network_error' : 'internal'
  }
}

/** "/password" → "password", "/grants/0/role" → "grants.0.role", "?from" → "from". */
export function pointerToField(pointer: string): string {
  // Query parameters come as "?name" (the server's convention for invalid_query).
  const parts = pointer
    .replace(/^\?/, '')
    .split('/')
    .filter((p) => p !== '')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
  return parts.join('.')
}

export type FieldErrors = Record<string, string>

/**
 * Field errors from a problem. `translate(code, field, message)` produces the text shown; the
 * first error per field wins. A top-level `field` counts as an error on that field.
 */
export function problemFieldErrors(
  problem: Problem,
  translate: (code: string, field: string, message?: string) => string,
): FieldErrors {
  const out: FieldErrors = {}
  const code = problem.code ?? codeForStatus(problem.status)
  for (const e of problem.errors ?? []) {
    const field = pointerToField(e.field)
    if (field && !(field in out)) out[field] = translate(e.code ?? code, field, e.message)
  }
  if (problem.field) {
    const field = pointerToField(problem.field)
    if (field && !(field in out)) out[field] = translate(code, field, problem.detail)
  }
  return out
}

/** Parses Retry-After (seconds or an HTTP date) into whole seconds, or null. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return parseInt(trimmed, 10)
  const at = Date.parse(trimmed)
  if (Number.isNaN(at)) return null
  return Math.max(0, Math.ceil((at - now) / 1000))
}

/** Turns any response body into a Problem, keeping the HTTP status authoritative. */
export function toProblem(status: number, body: unknown): Problem {
  if (body && typeof body === 'object') {
    const b = body as Partial<Problem>
    return { ...b, status, code: b.code ?? codeForStatus(status) }
  }
  return { status, code: codeForStatus(status), detail: typeof body === 'string' ? body : undefined }
}
