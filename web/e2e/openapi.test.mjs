// Every (method, path) the app calls (src/api/routes.ts) must be in the server's openapi.json.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BASE } from './helpers.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))

export function appRoutes() {
  const src = fs.readFileSync(path.resolve(here, '../src/api/routes.ts'), 'utf8')
  const re = /(\w+):\s*\{\s*method:\s*'(\w+)',\s*path:\s*'([^']+)'(,\s*optional:\s*true)?\s*\}/g
  return [...src.matchAll(re)].map((m) => ({ name: m[1], method: m[2].toLowerCase(), path: m[3], optional: Boolean(m[4]) }))
}

const norm = (p) => p.replace(/\{[^}]+\}/g, '{}').replace(/\/+$/, '')

test('every route the app calls is listed in /api/v1/openapi.json', async () => {
  const res = await fetch(`${BASE}/api/v1/openapi.json`)
  assert.equal(res.status, 200)
  const doc = await res.json()
  assert.match(String(doc.openapi), /^3\./)
  const listed = new Set()
  for (const [p, ops] of Object.entries(doc.paths ?? {})) for (const m of Object.keys(ops)) listed.add(`${m.toLowerCase()} ${norm(p)}`)
  const routes = appRoutes()
  assert.ok(routes.length >= 20, `parsed only ${routes.length} routes from routes.ts`)
  const missing = routes.filter((r) => !r.optional && !listed.has(`${r.method} ${norm(r.path)}`))
  assert.deepEqual(missing.map((r) => `${r.method.toUpperCase()} ${r.path}`), [], 'the app calls routes the server does not document')
  const optionalMissing = routes.filter((r) => r.optional && !listed.has(`${r.method} ${norm(r.path)}`))
  for (const r of optionalMissing) console.log(`# optional route not offered by the server (app uses defaults): ${r.method.toUpperCase()} ${r.path}`)
})
