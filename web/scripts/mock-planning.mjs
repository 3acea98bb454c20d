// Dev-only stand-in for the planning routes of docs/PLANNING_API.md (used by mock-api.mjs; tests
// never use it). Results come from real CLI outputs in WEILAI_MOCK_PLANNING_DIR, made with:
//   weilai graph build --osm data/osm/monaco.osm.pbf --profile walk --out mon.graph --facilities-out f.csv --residences-out r.csv
//   weilai analyze --graph mon.graph --facilities f.csv --residences r.csv --out report.geojson
//   weilai analyze --graph mon.graph --facilities f.csv --residences r.csv --out summary.json --summary --gaps-out gaps.csv --no-counts
//   weilai graph export --graph mon.graph --nodes nodes.csv --edges edges.csv
//   weilai suggest-sites --graph mon.graph --facilities f.csv --residences r.csv --category kindergarten --k 5 --cutoff 5 --bbox 7.40,43.72,7.44,43.76 --out sites.json
// Isochrones run `$WEILAI_BIN isochrone` on mon.graph when WEILAI_BIN is set.
import fs from 'node:fs'
import path from 'node:path'
import os from 'node:os'
import { execFileSync } from 'node:child_process'

const dir = process.env.WEILAI_MOCK_PLANNING_DIR
const bin = process.env.WEILAI_BIN
const read = (f) => fs.readFileSync(path.join(dir, f), 'utf8')
const csv = (text) => text.trim().split(/\r?\n/).slice(1).map((l) => l.split(','))

let data = null
function load() {
  if (data || !dir) return data
  const nodes = new Map(csv(read('nodes.csv')).map(([id, lon, lat]) => [id, [Number(lon), Number(lat)]]))
  const seen = new Set()
  const lines = []
  for (const [a, b] of csv(read('edges.csv'))) {
    const k = a < b ? `${a}-${b}` : `${b}-${a}`
    if (seen.has(k)) continue
    seen.add(k)
    lines.push({ type: 'Feature', geometry: { type: 'LineString', coordinates: [nodes.get(a), nodes.get(b)] }, properties: {} })
  }
  const facilities = csv(read('f.csv')).map(([id, category, lon, lat, capacity, name]) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [Number(lon), Number(lat)] }, properties: { id, category, capacity: Number(capacity), name } }))
  const summary = JSON.parse(read('summary.json'))
  const gaps = csv(read('gaps.csv')).map(([residence_id, level, category, cutoff_min, nearest_seconds, households]) => ({ residence_id, level, category, cutoff_min: Number(cutoff_min), nearest_seconds: nearest_seconds === '' ? null : Number(nearest_seconds), households: Number(households) }))
  const residencesText = read('report.geojson')
  data = {
    network: { type: 'FeatureCollection', attribution: '© OpenStreetMap contributors', features: lines },
    facilities: { type: 'FeatureCollection', attribution: '© OpenStreetMap contributors', features: facilities },
    residencesText,
    summary,
    gaps,
    sites: fs.existsSync(path.join(dir, 'sites.json')) ? JSON.parse(read('sites.json')) : null,
    coverageCsv: fs.existsSync(path.join(dir, 'cov.csv')) ? read('cov.csv') : 'area,category,cutoff_min,households,covered_households,share\n',
  }
  return data
}

let nextId = 1
const datasets = new Map() // projectId -> []
const analyses = new Map()
function seed(projectId) {
  if (datasets.has(projectId)) return
  datasets.set(projectId, [])
  analyses.set(projectId, [])
}

function finishedAnalysis(projectId, params, by) {
  const d = load()
  const bbox = [7.409, 43.725, 7.44, 43.752]
  return { id: nextId++, project_id: projectId, status: 'succeeded', progress: 1, stage: 'done', params, created_at: new Date().toISOString(), started_at: new Date().toISOString(), finished_at: new Date().toISOString(), created_by: by, summary: { nodes: d.summary.graph.nodes, residences: d.summary.residences, households: d.summary.coverage[0].households, facilities: d.summary.facilities, warnings: d.summary.warnings.length, unsnapped: d.summary.unsnapped.residences.length, bbox } }
}

/** Seeds one project with an OSM dataset and a finished analysis (the demo). */
export function seedDemo(projectId, by) {
  if (!load()) return
  seed(projectId)
  datasets.get(projectId).push({ id: nextId++, kind: 'osm', filename: 'monaco.osm.pbf', sha256: 'demo', size_bytes: 600000, created_at: new Date().toISOString(), created_by: by, summary: { ways: 2768 } })
  const params = { osm_dataset_id: datasets.get(projectId)[0].id, profile: 'walk', rules: 'gb50180', cutoffs_min: [5, 10, 15, 30], suggest: { category: 'kindergarten', k: 5, cutoff_min: 5 } }
  analyses.get(projectId).unshift({ ...finishedAnalysis(projectId, params, by), status: 'queued', progress: 0, stage: null, summary: null, finished_at: null, startedAt: Date.now() })
}

const send = (res, status, body, type = 'application/json') => {
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : type })
  res.end(typeof body === 'string' ? body : JSON.stringify(body))
}
const problem = (res, status, code, detail, extra = {}) => send(res, status, { type: `https://weilai.example/problems/${code}`, title: code, status, detail, code, ...extra })

function tick(a) {
  if (a.status !== 'queued' && a.status !== 'running') return a
  const el = (Date.now() - a.startedAt) / 1000
  const stages = ['import', 'prepare', 'nearest', 'counts', 'coverage', 'suggest']
  if (el > 6) Object.assign(a, finishedAnalysis(a.project_id, a.params, a.created_by), { id: a.id, created_at: a.created_at })
  else if (el > 0.5) Object.assign(a, { status: 'running', progress: el / 6, stage: stages[Math.floor((el / 6) * stages.length)] })
  return a
}
const pub = ({ startedAt, ...a }) => a

function validateCsv(kind, name, text) {
  const lines = text.split(/\r?\n/)
  const want = kind === 'facilities' ? ['id', 'category', 'lon', 'lat'] : ['id', 'lon', 'lat', 'households']
  const head = lines[0].replace(/^\uFEFF/, '').split(',')
  if (want.some((c, i) => head[i] !== c)) return `${name}:1: header must start with ${want.join(',')}`
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue
    const f = lines[i].split(',')
    if (f.length < want.length) return `${name}:${i + 1}: expected at least ${want.length} columns, found ${f.length}`
    const lon = Number(f[want.indexOf('lon')]), lat = Number(f[want.indexOf('lat')])
    if (!Number.isFinite(lon) || lon < -180 || lon > 180) return `${name}:${i + 1}: lon out of range`
    if (!Number.isFinite(lat) || lat < -90 || lat > 90) return `${name}:${i + 1}: lat out of range`
  }
  return null
}

export async function planning(req, res, url, me, perms) {
  const m = url.pathname.match(/^\/api\/v1\/projects\/(\d+)\/planning\/(.*)$/)
  if (!m) return problem(res, 404, 'not_found', 'no route')
  if (!perms.includes('projects.read')) return problem(res, 403, 'permission_denied', 'no')
  const pid = Number(m[1])
  const rest = m[2]
  seed(pid)
  const write = () => perms.includes('planning.run')
  const chunks = []
  for await (const c of req) chunks.push(c)
  const raw = Buffer.concat(chunks)
  const method = req.method
  let mm
  if (rest === 'datasets' && method === 'GET') return send(res, 200, { items: datasets.get(pid) })
  if (rest === 'datasets' && method === 'POST') {
    if (!write()) return problem(res, 403, 'permission_denied', 'no')
    const kind = url.searchParams.get('kind'), filename = url.searchParams.get('filename') ?? 'upload'
    if (!['osm', 'facilities', 'residences', 'rules'].includes(kind)) return problem(res, 422, 'validation_failed', 'kind', { errors: [{ field: '?kind', message: 'must be osm, facilities, residences or rules' }] })
    let summary = { bytes: raw.length }
    if ((kind === 'facilities' || kind === 'residences') && filename.endsWith('.csv')) {
      const err = validateCsv(kind, filename, raw.toString('utf8'))
      if (err) return problem(res, 422, 'validation_failed', err, { errors: [{ field: '/body', message: err }] })
      summary = { rows: raw.toString('utf8').trim().split(/\r?\n/).length - 1 }
    }
    const d = { id: nextId++, kind, filename, sha256: 'x', size_bytes: raw.length, created_at: new Date().toISOString(), created_by: me.id, summary }
    datasets.get(pid).push(d)
    return send(res, 201, d)
  }
  if ((mm = rest.match(/^datasets\/(\d+)$/)) && method === 'DELETE') {
    datasets.set(pid, datasets.get(pid).filter((d) => String(d.id) !== mm[1]))
    res.writeHead(204); return res.end()
  }
  if (rest === 'analyses' && method === 'GET') return send(res, 200, { items: analyses.get(pid).map(tick).map(pub) })
  if (rest === 'analyses' && method === 'POST') {
    if (!write()) return problem(res, 403, 'permission_denied', 'no')
    const body = JSON.parse(raw.toString() || '{}')
    if (!datasets.get(pid).some((d) => d.id === body.osm_dataset_id && d.kind === 'osm')) return problem(res, 422, 'validation_failed', 'osm dataset', { errors: [{ field: '/osm_dataset_id', message: 'not an OSM dataset of this project' }] })
    const a = { ...finishedAnalysis(pid, body, me.id), status: 'queued', progress: 0, stage: null, summary: null, finished_at: null, startedAt: Date.now() }
    analyses.get(pid).unshift(a)
    return send(res, 202, pub(a))
  }
  if (!(mm = rest.match(/^analyses\/(\d+)(\/.*)?$/))) return problem(res, 404, 'not_found', 'no route')
  const a = analyses.get(pid).find((x) => String(x.id) === mm[1])
  if (!a) return problem(res, 404, 'not_found', 'no analysis')
  tick(a)
  const sub = mm[2] ?? ''
  if (!sub) return send(res, 200, pub(a))
  if (sub === '/cancel') {
    if (a.status !== 'queued' && a.status !== 'running') return problem(res, 409, 'conflict', 'finished')
    Object.assign(a, { status: 'cancelled', finished_at: new Date().toISOString() })
    return send(res, 200, pub(a))
  }
  if (a.status !== 'succeeded') return problem(res, 409, 'failed_precondition', 'not finished')
  const d = load()
  if (sub === '/coverage') return send(res, 200, { cutoffs_min: d.summary.cutoffs_min, rows: d.summary.coverage })
  if (sub === '/report') return send(res, 200, d.summary)
  if (sub === '/network.geojson') return send(res, 200, d.network, 'application/geo+json')
  if (sub === '/facilities.geojson') return send(res, 200, d.facilities, 'application/geo+json')
  if (sub === '/residences.geojson') return send(res, 200, d.residencesText, 'application/geo+json')
  if (sub === '/suggestions') return d.sites && a.params?.suggest ? send(res, 200, d.sites) : problem(res, 404, 'not_found', 'no suggestion')
  if (sub === '/gaps') {
    const lv = url.searchParams.get('level'), cat = url.searchParams.get('category')
    const all = d.gaps.filter((g) => (!lv || g.level === lv) && (!cat || g.category === cat))
    const start = Number(url.searchParams.get('cursor') ?? 0), limit = Number(url.searchParams.get('limit') ?? 50)
    return send(res, 200, { items: all.slice(start, start + limit), next_cursor: start + limit < all.length ? String(start + limit) : null, total: all.length })
  }
  if (sub === '/export') {
    res.writeHead(200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${url.searchParams.get('table')}.csv"` })
    return res.end(d.coverageCsv)
  }
  if (sub === '/isochrone' && method === 'POST') {
    const body = JSON.parse(raw.toString() || '{}')
    if (body.facility_id !== undefined) {
      const f = d.facilities.features.find((x) => x.properties.id === body.facility_id)
      if (!f) return problem(res, 404, 'not_found', 'no facility')
      ;[body.lon, body.lat] = f.geometry.coordinates
    }
    if (!bin) return problem(res, 503, 'unavailable', 'set WEILAI_BIN')
    const out = path.join(os.tmpdir(), `iso-${process.pid}.geojson`)
    try {
      execFileSync(bin, ['isochrone', '--graph', path.join(dir, 'mon.graph'), '--lon', String(body.lon), '--lat', String(body.lat), '--out', out], { stdio: 'pipe' })
    } catch (e) {
      return problem(res, 422, 'validation_failed', String(e.stderr ?? e).trim())
    }
    return send(res, 200, fs.readFileSync(out, 'utf8'), 'application/geo+json')
  }
  return problem(res, 404, 'not_found', 'no route')
}
