import { afterEach, describe, expect, it, vi } from 'vitest'
import { api } from '@/api/client'
import { urlFor } from '@/api/http'
import { ApiError } from '@/api/problem'
import { problemLines } from '@/lib/planning'

function mockFetch(status: number, body: unknown) {
  const calls: { url: string; init: RequestInit }[] = []
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json' } })
  })
  return calls
}

describe('planning API client', () => {
  afterEach(() => vi.unstubAllGlobals())

  it('uploads the file as the raw body with kind and filename in the query', async () => {
    const calls = mockFetch(201, { id: 5, kind: 'facilities', filename: 'f.csv', summary: { rows: 2 } })
    const file = new Blob(['id,category,lon,lat\n'], { type: 'text/csv' })
    const d = await api.planningUpload(7, 'facilities', file, '设施 f.csv')
    expect(d.id).toBe(5)
    expect(calls[0].url).toBe('/api/v1/projects/7/planning/datasets?kind=facilities&filename=%E8%AE%BE%E6%96%BD+f.csv')
    expect(calls[0].init.method).toBe('POST')
    expect((calls[0].init.headers as Record<string, string>)['Content-Type']).toBe('text/csv')
    expect(calls[0].init.body).toBe(file)
  })

  it('a 422 upload becomes an ApiError whose lines name file:line', async () => {
    mockFetch(422, { status: 422, code: 'validation_failed', detail: 'bad.csv:3: lon out of range', errors: [{ field: '/body', message: 'bad.csv:3: lon out of range' }] })
    const err = await api.planningUpload(7, 'facilities', new Blob(['x']), 'bad.csv').catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(422)
    expect(problemLines(err.problem)).toEqual(['bad.csv:3: lon out of range'])
  })

  it('asks for an isochrone with a JSON body and builds export links', async () => {
    const calls = mockFetch(200, { type: 'FeatureCollection', features: [] })
    await api.planningIsochrone(7, 3, { lon: 7.42, lat: 43.73, cutoffs_min: [5, 10] })
    expect(calls[0].url).toBe('/api/v1/projects/7/planning/analyses/3/isochrone')
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ lon: 7.42, lat: 43.73, cutoffs_min: [5, 10] })
    expect(urlFor('planningExport', { id: 7, analysis_id: 3 }, { format: 'csv', table: 'gaps' })).toBe('/api/v1/projects/7/planning/analyses/3/export?format=csv&table=gaps')
  })
})
