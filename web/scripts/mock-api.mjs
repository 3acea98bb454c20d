#!/usr/bin/env node
// Development stand-in for `weilai serve`, following docs/API.md, so the app can be worked on
// and looked at before (or without) the C++ server. NOT used by the tests, which need the real one.
// Usage: node scripts/mock-api.mjs [port] [web-root]   (demo password: WEILAI_DEMO_PASSWORD or "demo-pass-1")
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import { planning, seedDemo } from './mock-planning.mjs'

const ROUTES_EXTRA = []

const port = Number(process.argv[2] ?? 8080)
const root = path.resolve(process.argv[3] ?? 'dist')
const PW = process.env.WEILAI_DEMO_PASSWORD ?? 'demo-pass-1'

let nextId = 100
const id = () => nextId++
const tree = { id: 1, kind: 'province', code: '330000', name_zh: '浙江省', name_en: 'Zhejiang', children: [
  { id: 2, kind: 'city', code: '331100', name_zh: '丽水市', name_en: 'Lishui', children: [
    ['331102', '莲都区', 'Liandu'], ['331181', '龙泉市', 'Longquan'], ['331121', '青田县', 'Qingtian'], ['331122', '缙云县', 'Jinyun'],
    ['331123', '遂昌县', 'Suichang'], ['331124', '松阳县', 'Songyang'], ['331125', '云和县', 'Yunhe'], ['331126', '庆元县', 'Qingyuan'],
    ['331127', '景宁畲族自治县', 'Jingning'], ['331171', '丽水经济技术开发区', 'Lishui ETDZ'],
  ].map(([code, zh, en], i) => ({ id: 10 + i, kind: 'county', code, name_zh: zh, name_en: en, children: i === 0 ? [
    { id: 30, kind: 'community', code: '331102001', name_zh: '灵山社区', name_en: 'Lingshan', children: [
      { id: 31, kind: 'grid', code: '331102001-01', name_zh: '第一网格', name_en: 'Grid 1', children: [] }] }] : [] })) }] }
const units = []
const index = (n, parent) => { n.parent_id = parent?.id ?? null; units.push(n); n.children.forEach((c) => index(c, n)) }
index(tree, null)
const unit = (uid) => units.find((u) => String(u.id) === String(uid))
const pathOf = (u) => { const out = []; let p = unit(u.parent_id); while (p) { out.unshift(strip(p)); p = unit(p.parent_id) } return out }
const strip = ({ children, ...rest }) => rest

const ROLE_PERMS = {
  system_admin: ['accounts.manage', 'org_units.manage', 'audit.read', 'projects.read'],
  drc_reviewer: ['projects.read', 'planning.run'], city_leader: ['projects.read'], provincial_reviewer: ['projects.read'], county_official: ['projects.read', 'planning.run'],
  community_admin: ['households.read'], butler: ['households.read'], grid_worker: ['households.read'], resident: ['households.own'],
}
const ROLE_NAMES = { resident: ['居民', 'Resident'], grid_worker: ['网格员', 'Grid worker'], butler: ['物业管家', 'Butler'], community_admin: ['社区管理员', 'Community admin'], county_official: ['县(市、区)政府', 'County government'], drc_reviewer: ['市发改委', 'Municipal DRC'], city_leader: ['市政府', 'City government'], provincial_reviewer: ['省发改委', 'Provincial DRC'], system_admin: ['系统管理员', 'System admin'] }
const accounts = []
const demo = [['admin', '系统管理员', 'system_admin', 1], ['drc', '市发改委审核员', 'drc_reviewer', 2], ['leader', '市政府领导', 'city_leader', 2], ['province', '省发改委评审员', 'provincial_reviewer', 1], ['liandu', '莲都区干部', 'county_official', 10], ['longquan', '龙泉市干部', 'county_official', 11], ['community', '灵山社区管理员', 'community_admin', 30], ['butler', '物业管家', 'butler', 30], ['grid', '网格员', 'grid_worker', 31], ['resident', '张居民', 'resident', 30]]
for (const [login, name, role, ou] of demo) {
  const u = unit(ou)
  accounts.push({ id: id(), login, display_name: name, phone: null, disabled: false, created_at: new Date().toISOString(), version: 1, password: PW, grants: [{ id: id(), role, org_unit_id: ou, org_unit_name_zh: u.name_zh, org_unit_name_en: u.name_en }] })
}
const STAGES = ['reserve', 'submitted', 'municipal_review', 'municipal_list', 'provincial_review', 'provincial_list', 'plan_filed', 'construction', 'acceptance', 'named', 'operating', 'revoked']
const projects = []
for (let i = 0; i < 37; i++) {
  const c = units.filter((u) => u.kind === 'county')[(i * 7) % 9]
  projects.push({ id: id(), name: `【示例】${c.name_zh}未来社区${i + 1}`, county_id: c.id, county_name_zh: c.name_zh, project_type: i % 3 ? 'renewal' : 'new_build', sub_form: '', stage: STAGES[(i * 5) % 12], is_sample: true, version: 1 })
}
seedDemo(projects[0].id, accounts[0].id)
for (const [m, p] of [['get', '/api/v1/projects/{id}'], ['get', '/datasets'], ['post', '/datasets'], ['delete', '/datasets/{dataset_id}'], ['get', '/analyses'], ['post', '/analyses'], ['get', '/analyses/{analysis_id}'], ['post', '/analyses/{analysis_id}/cancel'], ['get', '/analyses/{analysis_id}/report'], ['get', '/analyses/{analysis_id}/coverage'], ['get', '/analyses/{analysis_id}/gaps'], ['get', '/analyses/{analysis_id}/suggestions'], ['get', '/analyses/{analysis_id}/network.geojson'], ['get', '/analyses/{analysis_id}/facilities.geojson'], ['get', '/analyses/{analysis_id}/residences.geojson'], ['get', '/analyses/{analysis_id}/export'], ['post', '/analyses/{analysis_id}/isochrone']]) ROUTES_EXTRA.push([m, p.startsWith('/api') ? p : `/api/v1/projects/{id}/planning${p}`])
const audit = []
const log = (actor, action, target_type, target_id) => audit.push({ seq: audit.length + 1, at: new Date().toISOString(), actor_id: actor?.id ?? null, action, target_type, target_id })
const sessions = new Map()
const failures = new Map()

const ROUTES = [['get', '/healthz'], ['get', '/readyz'], ['get', '/metrics'], ['get', '/api/v1/openapi.json'], ['post', '/api/v1/auth/login'], ['post', '/api/v1/auth/logout'], ['get', '/api/v1/auth/me'], ['post', '/api/v1/auth/password'], ['get', '/api/v1/roles'], ['get', '/api/v1/org-units'], ['get', '/api/v1/org-units/tree'], ['get', '/api/v1/org-units/{id}'], ['post', '/api/v1/org-units'], ['get', '/api/v1/accounts'], ['post', '/api/v1/accounts'], ['get', '/api/v1/accounts/{id}'], ['patch', '/api/v1/accounts/{id}'], ['post', '/api/v1/accounts/{id}/password'], ['post', '/api/v1/accounts/{id}/grants'], ['delete', '/api/v1/accounts/{id}/grants/{grant_id}'], ['get', '/api/v1/households'], ['get', '/api/v1/households/mine'], ['get', '/api/v1/households/{id}'], ['get', '/api/v1/projects'], ['get', '/api/v1/projects/{id}'], ['get', '/api/v1/stats/projects'], ['get', '/api/v1/audit'], ['get', '/api/v1/audit/verify']]
const openapi = { openapi: '3.1.0', info: { title: 'Weilai (mock)', version: '0' }, paths: {} }
for (const [m, p] of [...ROUTES, ...ROUTES_EXTRA]) (openapi.paths[p] ??= {})[m] = { responses: { 200: { description: 'ok' } } }

function send(res, status, body, headers = {}) {
  const json = body === undefined ? '' : JSON.stringify(body)
  res.writeHead(status, { 'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json', ...headers })
  res.end(json)
}
const problem = (res, status, code, detail, extra = {}, headers = {}) => send(res, status, { type: `https://weilai.example/problems/${code}`, title: code, status, detail, code, ...extra }, headers)
const page = (items, url) => {
  const limit = Math.min(200, Number(url.searchParams.get('limit') ?? 50))
  const start = Number(url.searchParams.get('cursor') ?? 0)
  const slice = items.slice(start, start + limit)
  return { items: slice, next_cursor: start + limit < items.length ? String(start + limit) : null }
}
const pub = ({ password, grants, ...a }) => a
const permsOf = (a) => [...new Set(a.grants.flatMap((g) => ROLE_PERMS[g.role] ?? []))]

function serveStatic(req, res, url) {
  let file = path.join(root, decodeURIComponent(url.pathname))
  if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html')
  const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.geojson': 'application/geo+json', '.md': 'text/markdown' }
  res.writeHead(200, { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream' })
  fs.createReadStream(file).pipe(res)
}

http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://x')
  const p = url.pathname
  if (p === '/healthz' || p === '/readyz') return send(res, 200, { status: 'ok' })
  if (!p.startsWith('/api/')) return serveStatic(req, res, url)
  if (p.includes('/planning/')) {
    const tk = /weilai_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
    const who = tk ? accounts.find((a) => a.id === sessions.get(tk)) : undefined
    if (!who) return problem(res, 401, 'unauthenticated', 'sign in')
    return planning(req, res, url, who, permsOf(who))
  }
  let body = {}
  if (req.method === 'POST' || req.method === 'PATCH') {
    const chunks = []
    for await (const c of req) chunks.push(c)
    try { body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {} } catch { return problem(res, 400, 'malformed_json', 'bad json') }
  }
  const token = /weilai_session=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? req.headers.authorization?.replace(/^Bearer /, '')
  const me = token ? accounts.find((a) => a.id === sessions.get(token)) : undefined
  const m = req.method
  if (p === '/api/v1/openapi.json') return send(res, 200, openapi)
  if (p === '/api/v1/auth/login' && m === 'POST') {
    const f = failures.get(body.login) ?? 0
    if (f >= 5) return problem(res, 429, 'too_many_requests', 'slow down', {}, { 'Retry-After': '60' })
    const a = accounts.find((x) => x.login === body.login && x.password === body.password && !x.disabled)
    if (!a) { failures.set(body.login, f + 1); return problem(res, 401, 'unauthenticated', 'bad credentials') }
    failures.delete(body.login)
    const t = crypto.randomBytes(16).toString('hex'); sessions.set(t, a.id); log(a, 'auth.login', 'account', a.id)
    return send(res, 200, { token: t, expires_at: new Date(Date.now() + 1800000).toISOString(), account: pub(a) }, { 'Set-Cookie': `weilai_session=${t}; HttpOnly; SameSite=Strict; Path=/` })
  }
  if (!me) return problem(res, 401, 'unauthenticated', 'sign in')
  const perms = permsOf(me)
  const need = (perm) => { if (!perms.includes(perm)) { problem(res, 403, 'permission_denied', 'no'); return false } return true }
  let mm
  if (p === '/api/v1/auth/logout') { sessions.delete(token); return send(res, 204, undefined, { 'Set-Cookie': 'weilai_session=; Max-Age=0; Path=/' }) }
  if (p === '/api/v1/auth/me') return send(res, 200, { account: pub(me), grants: me.grants, permissions: perms })
  if (p === '/api/v1/auth/password') {
    if (body.current_password !== me.password) return problem(res, 401, 'unauthenticated', 'wrong password')
    if ((body.new_password ?? '').length < 10) return problem(res, 422, 'validation_failed', 'bad', { errors: [{ field: '/new_password', message: 'must be at least 10 characters' }] })
    me.password = body.new_password; return send(res, 200, { token, expires_at: new Date().toISOString() })
  }
  if (p === '/api/v1/roles') return send(res, 200, Object.entries(ROLE_NAMES).map(([role, [zh, en]]) => ({ role, name_zh: zh, name_en: en, scope: 'org_unit' })))
  if (p === '/api/v1/org-units/tree') return send(res, 200, tree)
  if ((mm = p.match(/^\/api\/v1\/org-units\/(\d+)$/))) { const u = unit(mm[1]); return u ? send(res, 200, { ...strip(u), path: pathOf(u) }) : problem(res, 404, 'not_found', 'no') }
  if (p === '/api/v1/org-units' && m === 'POST') {
    if (!need('org_units.manage')) return
    const parent = unit(body.parent_id); if (!parent) return problem(res, 422, 'validation_failed', 'bad', { errors: [{ field: '/parent_id', message: 'unknown' }] })
    if (units.some((u) => u.code === body.code)) return problem(res, 409, 'already_exists', 'code', { field: '/code' })
    const n = { id: id(), kind: body.kind, code: body.code, name_zh: body.name_zh, name_en: body.name_en, children: [], parent_id: parent.id }
    parent.children.push(n); units.push(n); log(me, 'org_unit.create', 'org_unit', n.id); return send(res, 201, strip(n))
  }
  if (p === '/api/v1/accounts' && m === 'GET') { if (!need('accounts.manage')) return; const q = url.searchParams.get('q') ?? ''; return send(res, 200, page(accounts.filter((a) => a.login.includes(q) || a.display_name.includes(q)).map(pub), url)) }
  if (p === '/api/v1/accounts' && m === 'POST') {
    if (!need('accounts.manage')) return
    const errors = []
    if (!/^[a-z0-9_.-]{3,32}$/i.test(body.login ?? '')) errors.push({ field: '/login', message: 'must be 3-32 letters' })
    if ((body.password ?? '').length < 10) errors.push({ field: '/password', message: 'must be at least 10 characters' })
    if (errors.length) return problem(res, 422, 'validation_failed', 'invalid', { errors })
    if (accounts.some((a) => a.login === body.login)) return problem(res, 409, 'already_exists', 'login taken', { field: '/login' })
    const a = { id: id(), login: body.login, display_name: body.display_name, phone: body.phone ?? null, disabled: false, created_at: new Date().toISOString(), version: 1, password: body.password, grants: [] }
    accounts.push(a); log(me, 'account.create', 'account', a.id); return send(res, 201, pub(a))
  }
  if ((mm = p.match(/^\/api\/v1\/accounts\/(\d+)(\/.*)?$/))) {
    const a = accounts.find((x) => String(x.id) === mm[1]); const rest = mm[2] ?? ''
    if (!(perms.includes('accounts.manage') || (a === me && m === 'GET' && !rest))) return problem(res, 403, 'permission_denied', 'no')
    if (!a) return problem(res, 404, 'not_found', 'no')
    if (!rest && m === 'GET') return send(res, 200, { ...pub(a), grants: a.grants })
    if (!rest && m === 'PATCH') {
      if (body.version !== a.version) return problem(res, 409, 'conflict', 'stale', { current: pub(a) })
      for (const k of ['display_name', 'phone', 'disabled']) if (k in body) a[k] = body[k]
      a.version++; log(me, 'account.update', 'account', a.id); return send(res, 200, pub(a))
    }
    if (rest === '/password') { if ((body.new_password ?? '').length < 10) return problem(res, 422, 'validation_failed', 'bad', { errors: [{ field: '/new_password', message: 'must be at least 10 characters' }] }); a.password = body.new_password; return send(res, 204) }
    if (rest === '/grants' && m === 'POST') {
      const u = unit(body.org_unit_id); if (!u || !ROLE_PERMS[body.role]) return problem(res, 422, 'validation_failed', 'bad', { errors: [{ field: u ? '/role' : '/org_unit_id', message: 'invalid' }] })
      const g = { id: id(), role: body.role, org_unit_id: u.id, org_unit_name_zh: u.name_zh, org_unit_name_en: u.name_en }; a.grants.push(g); log(me, 'grant.add', 'account', a.id); return send(res, 201, g)
    }
    if ((mm = rest.match(/^\/grants\/(\d+)$/)) && m === 'DELETE') { a.grants = a.grants.filter((g) => String(g.id) !== mm[1]); log(me, 'grant.remove', 'account', a.id); return send(res, 204) }
  }
  if (p === '/api/v1/households/mine') { if (!need('households.own')) return; return send(res, 200, { items: [{ id: 1, name: '张家', community_id: 30, community_name_zh: '灵山社区', grid_id: 31, building: '3幢', unit: '2单元', room: '501', floor_area_m2: 96, members: [{ id: 1, account_id: me.id, person_name: me.display_name, member_role: 'head' }, { id: 2, account_id: null, person_name: '李家属', member_role: 'member' }, { id: 3, account_id: null, person_name: '张小孩', member_role: 'member' }] }], next_cursor: null }) }
  if ((mm = p.match(/^\/api\/v1\/projects\/(\d+)$/))) { const x = projects.find((q) => String(q.id) === mm[1]); return x ? send(res, 200, x) : problem(res, 404, 'not_found', 'no') }
  if (p === '/api/v1/projects') { if (!need('projects.read')) return; const c = url.searchParams.get('county_id'); const s = url.searchParams.get('stage'); return send(res, 200, page(projects.filter((x) => (!c || String(x.county_id) === c) && (!s || x.stage === s)), url)) }
  if (p === '/api/v1/stats/projects') {
    if (!need('projects.read')) return
    return send(res, 200, { total: projects.length, by_county: units.filter((u) => u.kind === 'county').map((u) => ({ county_id: u.id, name_zh: u.name_zh, name_en: u.name_en, count: projects.filter((x) => x.county_id === u.id).length })), by_stage: STAGES.map((s) => ({ stage: s, count: projects.filter((x) => x.stage === s).length })).filter((x) => x.count) })
  }
  if (p === '/api/v1/audit') { if (!need('audit.read')) return; return send(res, 200, page([...audit].reverse(), url)) }
  if (p === '/api/v1/audit/verify') { if (!need('audit.read')) return; return send(res, 200, { ok: true, checked: audit.length, first_broken_seq: null }) }
  return problem(res, 404, 'not_found', 'no route')
}).listen(port, '127.0.0.1', () => console.log(`mock API on http://127.0.0.1:${port} (web root ${root}), demo password ${PW}`))
