import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { useAuthStore } from '@/stores/auth'
import { api } from '@/api/client'
import { setUnauthenticatedHook } from '@/api/http'
import { ApiError } from '@/api/problem'

type Handler = (url: string, init: RequestInit) => { status: number; body?: unknown; headers?: Record<string, string> }

function mockFetch(handler: Handler) {
  const calls: { url: string; init: RequestInit }[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    const r = handler(url, init)
    return new Response(r.body === undefined ? null : JSON.stringify(r.body), {
      status: r.status,
      headers: { 'Content-Type': r.status >= 400 ? 'application/problem+json' : 'application/json', ...(r.headers ?? {}) },
    })
  })
  return calls
}

const me = {
  account: { id: 1, login: 'drc', display_name: '审核员', disabled: false, version: 1 },
  grants: [{ id: 9, role: 'drc_reviewer', org_unit_id: 2 }],
  permissions: ['projects.read'],
}

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()))
  afterEach(() => {
    vi.unstubAllGlobals()
    setUnauthenticatedHook(null)
  })

  it('treats 401 from /auth/me as signed out without firing the expiry hook', async () => {
    const hook = vi.fn()
    setUnauthenticatedHook(hook)
    mockFetch(() => ({ status: 401, body: { status: 401, code: 'unauthenticated' } }))
    const auth = useAuthStore()
    await auth.ensureChecked()
    expect(auth.checked).toBe(true)
    expect(auth.signedIn).toBe(false)
    expect(auth.menu.map((m) => m.name)).toEqual(['home'])
    expect(hook).not.toHaveBeenCalled()
  })

  it('logs in, then loads permissions, roles and the menu', async () => {
    let signedIn = false
    const calls = mockFetch((url, init) => {
      if (url === '/api/v1/auth/login') {
        expect(init.method).toBe('POST')
        expect(JSON.parse(String(init.body))).toEqual({ login: 'drc', password: 'pw' })
        signedIn = true
        return { status: 200, body: { token: 't', expires_at: 0, account: me.account } }
      }
      if (url === '/api/v1/auth/me') return signedIn ? { status: 200, body: me } : { status: 401, body: { code: 'unauthenticated' } }
      return { status: 404 }
    })
    const auth = useAuthStore()
    await auth.login('drc', 'pw')
    expect(auth.signedIn).toBe(true)
    expect(auth.displayName).toBe('审核员')
    expect(auth.roles).toEqual(['drc_reviewer'])
    expect(auth.home).toBe('official')
    expect(auth.menu.map((m) => m.name)).toContain('projects')
    expect(auth.can(['accounts.manage'])).toBe(false)
    expect(calls.map((c) => c.url)).toEqual(['/api/v1/auth/login', '/api/v1/auth/me'])
    expect(calls[0]?.init.credentials).toBe('same-origin')
  })

  it('surfaces a login failure as an ApiError with the problem code and Retry-After', async () => {
    mockFetch(() => ({ status: 429, body: { status: 429, code: 'too_many_requests' }, headers: { 'Retry-After': '17' } }))
    const auth = useAuthStore()
    const err = await auth.login('x', 'y').catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('too_many_requests')
    expect((err as ApiError).retryAfter).toBe(17)
    expect(auth.signedIn).toBe(false)
  })

  it('fires the session-expiry hook on a 401 from a signed-in call', async () => {
    const hook = vi.fn()
    setUnauthenticatedHook(hook)
    mockFetch(() => ({ status: 401, body: { status: 401, code: 'unauthenticated' } }))
    await expect(api.projects({})).rejects.toBeInstanceOf(ApiError)
    expect(hook).toHaveBeenCalledTimes(1)
  })

  it('logout clears the account even when the server call fails', async () => {
    mockFetch((url) => (url === '/api/v1/auth/me' ? { status: 200, body: me } : { status: 500 }))
    const auth = useAuthStore()
    await auth.refresh()
    expect(auth.signedIn).toBe(true)
    await expect(auth.logout()).rejects.toBeInstanceOf(ApiError)
    expect(auth.signedIn).toBe(false)
  })

  it('builds query strings without empty filters', async () => {
    const calls = mockFetch(() => ({ status: 200, body: { items: [], next_cursor: null } }))
    await api.projects({ county_id: '', stage: 'named', cursor: null, limit: 20 })
    expect(calls[0]?.url).toBe('/api/v1/projects?stage=named&limit=20')
  })
})
