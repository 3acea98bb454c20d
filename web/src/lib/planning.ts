// Planning map page: pure logic (unit-tested in tests/unit/planning.spec.ts). Colour scale for
// travel times (and the matching MapLibre expression), coverage table/chart shaping from the
// engine's coverage JSON, start-form validation, problem+json error lines, small geo helpers.
// Contract: docs/PLANNING_API.md; formats: docs/PLANNING.md.

/** Life-circle facility categories in display order (i18n: planning.categories.<key>). */
export const CATEGORIES = [
  'kindergarten', 'primary_school', 'junior_high', 'clinic', 'pharmacy', 'elderly_care',
  'supermarket', 'bus_stop', 'rail_station', 'park', 'community_service', 'waste_recycling',
  'post_parcel',
] as const
export type Category = (typeof CATEGORIES)[number]

export const PROFILES = ['walk', 'bike', 'drive'] as const
export type Profile = (typeof PROFILES)[number]
export const BUILTIN_RULES = ['gb50180', 'travel_circles_5_10_30'] as const
export const DATASET_KINDS = ['osm', 'facilities', 'residences', 'rules'] as const
export type DatasetKind = (typeof DATASET_KINDS)[number]
export const EXPORT_TABLES = ['nearest', 'counts', 'gaps', 'coverage'] as const
export const DEFAULT_CUTOFFS = [5, 10, 15, 30]
export const MAX_CUTOFF_MIN = 120
export const MAX_CUTOFFS = 8
export const MAX_K = 50

export type Status = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled'
export const isActive = (s: string | undefined): boolean => s === 'queued' || s === 'running'

// ---------------------------------------------------------------------------------------------
// Colour scale: one colour per cutoff band (≤ c0, c0–c1, …), a distinct one for "not reachable
// within the largest cutoff" (no facility found, or slower than the largest cutoff).

/** Green (near) → red (far); enough for 8 cutoffs. */
export const TIME_RAMP = ['#1a9850', '#66bd63', '#a6d96a', '#fee08b', '#fdae61', '#f46d43', '#d73027', '#a50026'] as const
/** Not reachable within the largest cutoff: violet, far from every ramp colour. */
export const UNREACHABLE = '#6a3d9a'

/** Picks `n` ramp colours spread from the first to the last (always ends at red). */
export function rampColours(n: number): string[] {
  if (n <= 0) return []
  if (n === 1) return [TIME_RAMP[0]]
  const last = TIME_RAMP.length - 1
  return Array.from({ length: n }, (_, i) => TIME_RAMP[Math.round((i * last) / (n - 1))])
}

/** Sorted, de-duplicated positive cutoffs (minutes). */
export function normaliseCutoffs(cutoffs: readonly number[]): number[] {
  return [...new Set(cutoffs.filter((c) => Number.isFinite(c) && c > 0))].sort((a, b) => a - b)
}

/**
 * Band index of a travel time: 0 when ≤ first cutoff, i when in (c[i-1], c[i]], -1 when
 * unreachable (null/undefined/NaN or more than the largest cutoff). "Reachable" is time ≤ cutoff,
 * as in the engine.
 */
export function bandOf(seconds: number | null | undefined, cutoffsMin: readonly number[]): number {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return -1
  const cuts = normaliseCutoffs(cutoffsMin)
  for (let i = 0; i < cuts.length; i++) if (seconds <= cuts[i] * 60) return i
  return -1
}

export function colourFor(seconds: number | null | undefined, cutoffsMin: readonly number[]): string {
  const b = bandOf(seconds, cutoffsMin)
  return b < 0 ? UNREACHABLE : rampColours(normaliseCutoffs(cutoffsMin).length)[b]
}

/** Property holding a residence's time to the nearest facility of `category` (residences.geojson). */
export const secondsKey = (category: string): string => `${category}_seconds`

/**
 * MapLibre expression equal to colourFor(feature[<category>_seconds]). Seconds carry one decimal,
 * so a stop at cutoff·60 + 0.05 puts exactly-at-cutoff times in the lower band.
 */
export function timeColourExpression(category: string, cutoffsMin: readonly number[]): unknown[] {
  const cuts = normaliseCutoffs(cutoffsMin)
  const colours = rampColours(cuts.length)
  const v = ['get', secondsKey(category)]
  if (cuts.length === 0) return ['literal', UNREACHABLE]
  const step: unknown[] = ['step', ['to-number', v], colours[0]]
  for (let i = 1; i < cuts.length; i++) step.push(cuts[i - 1] * 60 + 0.05, colours[i])
  step.push(cuts[cuts.length - 1] * 60 + 0.05, UNREACHABLE)
  return ['case', ['==', ['typeof', v], 'number'], step, UNREACHABLE]
}

export interface LegendBand {
  /** Band index (-1 = unreachable). */
  band: number
  colour: string
  /** Lower/upper bound in minutes (lower null for the first band; both null for unreachable). */
  from: number | null
  to: number | null
}

export function legendBands(cutoffsMin: readonly number[]): LegendBand[] {
  const cuts = normaliseCutoffs(cutoffsMin)
  const colours = rampColours(cuts.length)
  const bands: LegendBand[] = cuts.map((c, i) => ({ band: i, colour: colours[i], from: i === 0 ? null : cuts[i - 1], to: c }))
  bands.push({ band: -1, colour: UNREACHABLE, from: cuts.length ? cuts[cuts.length - 1] : null, to: null })
  return bands
}

interface PointFeature {
  properties?: Record<string, unknown> | null
}

/** Households (and residences) per legend band for one category: [...bands, unreachable]. */
export function bandTotals(features: readonly PointFeature[], category: string, cutoffsMin: readonly number[]): { households: number; residences: number }[] {
  const n = normaliseCutoffs(cutoffsMin).length
  const out = Array.from({ length: n + 1 }, () => ({ households: 0, residences: 0 }))
  const key = secondsKey(category)
  for (const f of features) {
    const p = f.properties ?? {}
    const s = p[key]
    const b = bandOf(typeof s === 'number' ? s : null, cutoffsMin)
    const slot = out[b < 0 ? n : b]
    slot.residences += 1
    slot.households += Number(p.households ?? 0) || 0
  }
  return out
}

/** Isochrone fill colours: the smallest cutoff darkest. */
export function isochroneColour(cutoff: number, cutoffsMin: readonly number[]): string {
  const cuts = normaliseCutoffs(cutoffsMin)
  const palette = ['#08306b', '#2171b5', '#6baed6', '#c6dbef', '#deebf7', '#f7fbff']
  const i = cuts.indexOf(cutoff)
  return palette[Math.min(palette.length - 1, i < 0 ? cuts.length : i)]
}

/** Category colours for facility points (MapLibre `match`), unknown categories grey. */
export const CATEGORY_COLOURS: Record<string, string> = {
  kindergarten: '#e377c2', primary_school: '#d62728', junior_high: '#8c564b', clinic: '#17becf',
  pharmacy: '#2ca02c', elderly_care: '#ff7f0e', supermarket: '#bcbd22', bus_stop: '#1f77b4',
  rail_station: '#393b79', park: '#31a354', community_service: '#9467bd', waste_recycling: '#636363',
  post_parcel: '#e6550d',
}
export const OTHER_CATEGORY = '#999999'

export function categoryColourExpression(): unknown[] {
  const m: unknown[] = ['match', ['get', 'category']]
  for (const c of CATEGORIES) m.push(c, CATEGORY_COLOURS[c])
  m.push(OTHER_CATEGORY)
  return m
}

// ---------------------------------------------------------------------------------------------
// Coverage: the engine's coverage JSON (report.json "coverage", or GET …/coverage) shaped for an
// Element Plus table and an ECharts bar chart.

export interface Cell {
  households: number
  share: number
}
export interface CoverageArea {
  /** null = the whole analysed area. */
  area: string | null
  households: number
  /** category → cutoff (minutes) → cell */
  categories: Record<string, Record<number, Cell>>
  /** level name → cell */
  levels: Record<string, Cell>
}
export interface CoverageModel {
  cutoffs: number[]
  categories: string[]
  levels: string[]
  areas: CoverageArea[]
}

const num = (v: unknown): number => {
  const n = typeof v === 'string' ? Number(v) : (v as number)
  return typeof n === 'number' && Number.isFinite(n) ? n : 0
}
const isObj = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v)

/** Orders categories: known ones in CATEGORIES order, then others alphabetically. */
export function orderCategories(cats: Iterable<string>): string[] {
  const set = new Set(cats)
  const known = CATEGORIES.filter((c) => set.has(c))
  const other = [...set].filter((c) => !(CATEGORIES as readonly string[]).includes(c)).sort()
  return [...known, ...other]
}

/**
 * Accepts the coverage in any of the shapes the API/engine produce:
 * - an array of area rows `{area, households, categories: {cat: {"5": {households, share}}}, levels}`
 * - an object holding such an array under `coverage`, `rows`, `areas` or `items`
 *   (optionally with `cutoffs_min`)
 * - flat CSV-like rows `{area, category, cutoff_min, households, covered_households, share}`
 *   (optionally `level` rows `{area, level, households, share}`).
 */
export function coverageModel(raw: unknown): CoverageModel {
  let rows: unknown[] = []
  let cutoffsHint: number[] = []
  if (Array.isArray(raw)) rows = raw
  else if (isObj(raw)) {
    for (const k of ['coverage', 'rows', 'areas', 'items']) {
      const v = raw[k]
      if (Array.isArray(v)) {
        rows = v
        break
      }
      if (isObj(v) && Array.isArray(v.rows)) {
        rows = v.rows
        if (Array.isArray(v.cutoffs_min)) cutoffsHint = v.cutoffs_min.map(num)
        break
      }
    }
    if (Array.isArray(raw.cutoffs_min)) cutoffsHint = raw.cutoffs_min.map(num)
  }
  const byArea = new Map<string, CoverageArea>()
  const areaOf = (a: unknown, households?: unknown): CoverageArea => {
    const name = a === null || a === undefined || a === '' || a === '*' ? null : String(a)
    const key = name ?? '\u0000'
    let e = byArea.get(key)
    if (!e) {
      e = { area: name, households: 0, categories: {}, levels: {} }
      byArea.set(key, e)
    }
    if (households !== undefined) e.households = Math.max(e.households, num(households))
    return e
  }
  const cutoffs = new Set<number>(cutoffsHint)
  const levels: string[] = []
  const cats = new Set<string>()
  for (const r of rows) {
    if (!isObj(r)) continue
    if (isObj(r.categories) || isObj(r.levels)) {
      const a = areaOf(r.area, r.households)
      for (const [cat, per] of Object.entries(isObj(r.categories) ? r.categories : {})) {
        if (!isObj(per)) continue
        cats.add(cat)
        const target = (a.categories[cat] ??= {})
        for (const [cut, cell] of Object.entries(per)) {
          const c = num(cut)
          if (c <= 0 || !isObj(cell)) continue
          cutoffs.add(c)
          target[c] = { households: num(cell.households ?? cell.covered_households), share: num(cell.share) }
        }
      }
      for (const [lv, cell] of Object.entries(isObj(r.levels) ? r.levels : {})) {
        if (!isObj(cell)) continue
        if (!levels.includes(lv)) levels.push(lv)
        a.levels[lv] = { households: num(cell.households), share: num(cell.share) }
      }
    } else if (typeof r.category === 'string' && r.cutoff_min !== undefined) {
      const a = areaOf(r.area, r.households)
      const c = num(r.cutoff_min)
      cats.add(r.category)
      cutoffs.add(c)
      const covered = num(r.covered_households)
      const share = r.share !== undefined ? num(r.share) : a.households > 0 ? covered / a.households : 0
      ;(a.categories[r.category] ??= {})[c] = { households: covered, share }
    } else if (typeof r.level === 'string') {
      const a = areaOf(r.area)
      if (!levels.includes(r.level)) levels.push(r.level)
      a.levels[r.level] = { households: num(r.covered_households ?? r.households), share: num(r.share) }
    }
  }
  const areas = [...byArea.values()].sort((x, y) => (x.area === null ? -1 : y.area === null ? 1 : x.area.localeCompare(y.area)))
  return { cutoffs: [...cutoffs].filter((c) => c > 0).sort((a, b) => a - b), categories: orderCategories(cats), levels, areas }
}

export interface CoverageTableRow {
  category: string
  /** cutoff → cell; missing cutoffs are absent. */
  cells: Record<number, Cell>
}

/** One row per category for one area (null = whole area). */
export function coverageTable(model: CoverageModel, area: string | null = null): CoverageTableRow[] {
  const a = model.areas.find((x) => x.area === area) ?? model.areas[0]
  if (!a) return []
  return model.categories.filter((c) => a.categories[c]).map((c) => ({ category: c, cells: { ...a.categories[c] } }))
}

export interface LevelRow {
  level: string
  households: number
  share: number
  total: number
}

export function levelTable(model: CoverageModel, area: string | null = null): LevelRow[] {
  const a = model.areas.find((x) => x.area === area) ?? model.areas[0]
  if (!a) return []
  return model.levels.filter((l) => a.levels[l]).map((l) => ({ level: l, households: a.levels[l].households, share: a.levels[l].share, total: a.households }))
}

/** "0.1834" → "18.3%"; one decimal, no locale grouping. */
export function pct(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—'
  return `${(share * 100).toFixed(1)}%`
}

/** ECharts option: x = categories (labels), one bar series per cutoff, y = share in %. */
export function coverageChartOption(model: CoverageModel, area: string | null, label: (category: string) => string, seriesName: (cutoff: number) => string) {
  const rows = coverageTable(model, area)
  const colours = rampColours(model.cutoffs.length)
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v}%` },
    legend: { top: 0 },
    grid: { left: 48, right: 16, top: 36, bottom: 80 },
    xAxis: { type: 'category', data: rows.map((r) => label(r.category)), axisLabel: { interval: 0, rotate: 35 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    series: model.cutoffs.map((c, i) => ({
      name: seriesName(c),
      type: 'bar',
      itemStyle: { color: colours[i] },
      data: rows.map((r) => (r.cells[c] ? Math.round(r.cells[c].share * 1000) / 10 : 0)),
    })),
  }
}

/** "5-minute" → 5 (for a translated label); null when the name has another shape. */
export function levelMinutes(level: string): number | null {
  const m = /^(\d+)[- ]?min(ute)?s?$/i.exec(level.trim())
  return m ? Number(m[1]) : null
}

// ---------------------------------------------------------------------------------------------
// Start form

export interface StartForm {
  osm_dataset_id: string | number | null
  profile: string
  facilities_dataset_id: string | number | null
  residences_dataset_id: string | number | null
  /** a built-in rules name or `dataset:<id>` */
  rules: string
  cutoffs_min: number[]
  suggest_enabled: boolean
  suggest_category: string
  suggest_k: number | null
  suggest_cutoff_min: number | null
}

export const emptyStartForm = (): StartForm => ({
  osm_dataset_id: null,
  profile: 'walk',
  facilities_dataset_id: null,
  residences_dataset_id: null,
  rules: 'gb50180',
  cutoffs_min: [...DEFAULT_CUTOFFS],
  suggest_enabled: false,
  suggest_category: 'kindergarten',
  suggest_k: 5,
  suggest_cutoff_min: 5,
})

export interface StartBody {
  osm_dataset_id: string | number
  profile: Profile
  facilities_dataset_id: string | number | null
  residences_dataset_id: string | number | null
  rules: string | { dataset_id: string | number }
  cutoffs_min: number[]
  suggest?: { category: string; k: number; cutoff_min: number }
}

/** field → i18n key (planning.form.errors.*) */
export type StartErrors = Partial<Record<keyof StartForm, string>>

const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v)
const present = (v: unknown): boolean => v !== null && v !== undefined && v !== ''

export function validateStart(f: StartForm): { errors: StartErrors; body: StartBody | null } {
  const errors: StartErrors = {}
  if (!present(f.osm_dataset_id)) errors.osm_dataset_id = 'osmRequired'
  if (!(PROFILES as readonly string[]).includes(f.profile)) errors.profile = 'profile'
  let rules: StartBody['rules'] | null = null
  if ((BUILTIN_RULES as readonly string[]).includes(f.rules)) rules = f.rules
  else if (/^dataset:.+/.test(f.rules)) {
    const id = f.rules.slice('dataset:'.length)
    rules = { dataset_id: /^\d+$/.test(id) ? Number(id) : id }
  } else errors.rules = 'rules'
  const cuts = f.cutoffs_min
  if (!Array.isArray(cuts) || cuts.length === 0) errors.cutoffs_min = 'cutoffsEmpty'
  else if (cuts.length > MAX_CUTOFFS) errors.cutoffs_min = 'cutoffsTooMany'
  else if (!cuts.every((c) => isInt(c) && c >= 1 && c <= MAX_CUTOFF_MIN)) errors.cutoffs_min = 'cutoffsRange'
  else if (new Set(cuts).size !== cuts.length) errors.cutoffs_min = 'cutoffsDuplicate'
  let suggest: StartBody['suggest']
  if (f.suggest_enabled) {
    if (!(CATEGORIES as readonly string[]).includes(f.suggest_category)) errors.suggest_category = 'category'
    if (!isInt(f.suggest_k) || f.suggest_k < 1 || f.suggest_k > MAX_K) errors.suggest_k = 'k'
    if (!isInt(f.suggest_cutoff_min) || f.suggest_cutoff_min < 1 || f.suggest_cutoff_min > MAX_CUTOFF_MIN) errors.suggest_cutoff_min = 'suggestCutoff'
    if (!errors.suggest_category && !errors.suggest_k && !errors.suggest_cutoff_min)
      suggest = { category: f.suggest_category, k: f.suggest_k as number, cutoff_min: f.suggest_cutoff_min as number }
  }
  if (Object.keys(errors).length > 0 || rules === null) return { errors, body: null }
  const body: StartBody = {
    osm_dataset_id: f.osm_dataset_id as string | number,
    profile: f.profile as Profile,
    facilities_dataset_id: present(f.facilities_dataset_id) ? (f.facilities_dataset_id as string | number) : null,
    residences_dataset_id: present(f.residences_dataset_id) ? (f.residences_dataset_id as string | number) : null,
    rules,
    cutoffs_min: [...cuts].sort((a, b) => a - b),
  }
  if (suggest) body.suggest = suggest
  return { errors, body }
}

/** The upload kind a file name suggests (the user can still change it). */
export function guessKind(filename: string): DatasetKind | null {
  const n = filename.toLowerCase()
  if (/\.(osm\.pbf|pbf|osm|opl)$/.test(n)) return 'osm'
  if (/rules?.*\.json$/.test(n)) return 'rules'
  if (/(facilit|poi|设施)/.test(n) && /\.(csv|geojson|json)$/.test(n)) return 'facilities'
  if (/(residen|building|house|住宅|居民)/.test(n) && /\.(csv|geojson|json)$/.test(n)) return 'residences'
  return null
}

/** Upload size limits from the contract (bytes). */
export function uploadLimit(kind: DatasetKind): number {
  return kind === 'osm' ? 64 * 1024 * 1024 : 16 * 1024 * 1024
}

// ---------------------------------------------------------------------------------------------
// Errors and geo helpers

export interface ProblemLike {
  detail?: string
  title?: string
  errors?: { field?: string; code?: string; message?: string; detail?: string; line?: number; file?: string }[]
}

/**
 * Lines to show for a failed upload or start: the problem's detail, then each `errors[]` entry
 * (its message, prefixed by `file:line` when the entry carries them separately and the message
 * does not already start with them). Duplicates are dropped.
 */
export function problemLines(p: ProblemLike | null | undefined): string[] {
  if (!p) return []
  const out: string[] = []
  const add = (s: string | undefined) => {
    const v = s?.trim()
    if (v && !out.includes(v)) out.push(v)
  }
  add(p.detail ?? p.title)
  for (const e of p.errors ?? []) {
    let msg = e.message ?? e.detail ?? ''
    const where = e.file ? (e.line !== undefined ? `${e.file}:${e.line}` : e.file) : e.line !== undefined ? `line ${e.line}` : ''
    if (where && !msg.includes(where)) msg = msg ? `${where}: ${msg}` : where
    add(msg || e.field)
  }
  return out
}

/** `[[minLon, minLat], [maxLon, maxLat]]` of a summary bbox or of GeoJSON features; null when empty. */
export function boundsOf(summaryBbox: unknown, collections: readonly { features?: { geometry?: { coordinates?: unknown } | null }[] }[] = []): [[number, number], [number, number]] | null {
  if (Array.isArray(summaryBbox) && summaryBbox.length === 4 && summaryBbox.every((v) => typeof v === 'number' && Number.isFinite(v))) {
    const [a, b, c, d] = summaryBbox as number[]
    if (a <= c && b <= d) return [[a, b], [c, d]]
  }
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity
  const visit = (c: unknown): void => {
    if (!Array.isArray(c)) return
    if (typeof c[0] === 'number' && typeof c[1] === 'number') {
      const [x, y] = c as number[]
      if (x < minX) minX = x
      if (x > maxX) maxX = x
      if (y < minY) minY = y
      if (y > maxY) maxY = y
      return
    }
    for (const k of c) visit(k)
  }
  for (const fc of collections) for (const f of fc.features ?? []) visit(f.geometry?.coordinates)
  return Number.isFinite(minX) ? [[minX, minY], [maxX, maxY]] : null
}

/** id → [lon, lat] of point features (gap list "show on map"). */
export function pointIndex(features: readonly { geometry?: { type?: string; coordinates?: unknown } | null; properties?: Record<string, unknown> | null }[]): Map<string, [number, number]> {
  const m = new Map<string, [number, number]>()
  for (const f of features) {
    const id = f.properties?.id
    const c = f.geometry?.coordinates
    if (id !== undefined && id !== null && f.geometry?.type === 'Point' && Array.isArray(c)) m.set(String(id), [Number(c[0]), Number(c[1])])
  }
  return m
}

/** "12.3 min" style minutes from seconds (one decimal), "—" for null. */
export function minutes(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—'
  return (seconds / 60).toFixed(1)
}

/** Progress 0..1 (or 0..100) → whole percent 0..100. */
export function percent(progress: number | null | undefined): number {
  if (progress === null || progress === undefined || !Number.isFinite(progress)) return 0
  const p = progress > 1 ? progress : progress * 100
  return Math.max(0, Math.min(100, Math.round(p)))
}
