import { describe, expect, it } from 'vitest'
import { expression } from '@maplibre/maplibre-gl-style-spec'
import {
  CATEGORIES, CATEGORY_COLOURS, UNREACHABLE, bandOf, bandTotals, boundsOf, categoryColourExpression,
  colourFor, coverageChartOption, coverageModel, coverageTable, emptyStartForm, guessKind,
  isochroneColour, legendBands, levelMinutes, levelTable, minutes, normaliseCutoffs, pct, percent,
  pointIndex, problemLines, rampColours, timeColourExpression, validateStart,
} from '@/lib/planning'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'

// The engine's coverage JSON for one area (shape of report.json "coverage"; numbers from the
// Monaco walk analysis, trimmed to three categories).
const REPORT_COVERAGE = [
  {
    area: null,
    households: 38260,
    categories: {
      supermarket: { '5': { households: 7775, share: 0.20321 }, '10': { households: 18051, share: 0.4718 }, '15': { households: 24895, share: 0.65068 }, '30': { households: 33716, share: 0.88123 } },
      kindergarten: { '5': { households: 263, share: 0.006874 }, '10': { households: 1079, share: 0.0282 }, '15': { households: 2638, share: 0.06895 }, '30': { households: 7019, share: 0.18346 } },
      my_custom: { '5': { households: 1, share: 0.00003 }, '10': { households: 2, share: 0.00005 }, '15': { households: 3, share: 0.00008 }, '30': { households: 4, share: 0.0001 } },
    },
    levels: { '5-minute': { households: 0, share: 0 }, '10-minute': { households: 12, share: 0.0003 } },
  },
  {
    area: 'Monte-Carlo',
    households: 100,
    categories: { kindergarten: { '5': { households: 10, share: 0.1 }, '10': { households: 20, share: 0.2 } } },
    levels: { '5-minute': { households: 5, share: 0.05 } },
  },
]

function evalColour(expr: unknown, properties: Record<string, unknown>): string {
  const parsed = expression.createExpression(expr, 'circle-color', { type: 'color', 'property-type': 'data-driven', expression: { interpolated: false, parameters: ['zoom', 'feature'] } } as never)
  if (parsed.result !== 'success') throw new Error(JSON.stringify(parsed.value))
  const c = parsed.value.evaluate({ zoom: 14 } as never, { type: 'Point', properties } as never) as { r: number; g: number; b: number }
  const h = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0')
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`
}

describe('planning colour scale', () => {
  const cuts = [5, 10, 15, 30]
  it('puts a time into the band whose cutoff it does not exceed (≤ is reachable)', () => {
    expect(bandOf(0, cuts)).toBe(0)
    expect(bandOf(300, cuts)).toBe(0)
    expect(bandOf(300.1, cuts)).toBe(1)
    expect(bandOf(600, cuts)).toBe(1)
    expect(bandOf(1800, cuts)).toBe(3)
    expect(bandOf(1800.1, cuts)).toBe(-1)
    expect(bandOf(null, cuts)).toBe(-1)
    expect(bandOf(undefined, cuts)).toBe(-1)
    expect(bandOf(Number.NaN, cuts)).toBe(-1)
    expect(bandOf(100, [30, 5, 10, 5])).toBe(0)
    expect(bandOf(400, [30, 5, 10, 5])).toBe(1)
  })
  it('has a distinct colour for unreachable and distinct colours per band', () => {
    const cols = rampColours(4)
    expect(new Set(cols).size).toBe(4)
    expect(cols).not.toContain(UNREACHABLE)
    expect(colourFor(null, cuts)).toBe(UNREACHABLE)
    expect(colourFor(2000, cuts)).toBe(UNREACHABLE)
    expect(colourFor(10, cuts)).toBe(cols[0])
    expect(rampColours(8)).toHaveLength(8)
    expect(new Set(rampColours(8)).size).toBe(8)
    expect(rampColours(1)).toHaveLength(1)
    expect(rampColours(0)).toEqual([])
  })
  it('MapLibre expression colours exactly like colourFor (checked with the style-spec evaluator)', () => {
    const expr = timeColourExpression('kindergarten', cuts)
    const samples = [0, 1, 299.9, 300, 300.1, 599.9, 600, 600.1, 900, 900.1, 1799.9, 1800, 1800.1, 5000, null]
    for (const s of samples) {
      const props = s === null ? { kindergarten_seconds: null } : { kindergarten_seconds: s }
      expect(evalColour(expr, props), `seconds=${s}`).toBe(colourFor(s, cuts))
    }
    // A feature lacking the property (category not analysed) is unreachable too.
    expect(evalColour(expr, {})).toBe(UNREACHABLE)
    // Another category reads another property.
    expect(evalColour(timeColourExpression('park', cuts), { kindergarten_seconds: 10, park_seconds: 2000 })).toBe(UNREACHABLE)
  })
  it('legend lists one band per cutoff and then unreachable', () => {
    const bands = legendBands([10, 5])
    expect(bands.map((b) => [b.from, b.to, b.band])).toEqual([[null, 5, 0], [5, 10, 1], [10, null, -1]])
    expect(bands[2].colour).toBe(UNREACHABLE)
  })
  it('totals households per band for the chosen category', () => {
    const feats = [
      { properties: { households: 10, park_seconds: 100, clinic_seconds: null } },
      { properties: { households: 5, park_seconds: 700, clinic_seconds: 100 } },
      { properties: { households: 2, park_seconds: null, clinic_seconds: 5000 } },
    ]
    expect(bandTotals(feats, 'park', [5, 10]).map((b) => b.households)).toEqual([10, 0, 7])
    expect(bandTotals(feats, 'clinic', [5, 10]).map((b) => b.households)).toEqual([5, 0, 12])
    expect(bandTotals(feats, 'clinic', [5, 10]).map((b) => b.residences)).toEqual([1, 0, 2])
  })
  it('isochrones: smaller cutoff darker; facility categories have a match expression', () => {
    expect(isochroneColour(5, cuts)).not.toBe(isochroneColour(30, cuts))
    const m = categoryColourExpression()
    expect(m[0]).toBe('match')
    expect(evalColour(m.map((x) => x) as unknown[], { category: 'clinic' })).toBe(CATEGORY_COLOURS.clinic)
    expect(evalColour(m, { category: 'unknown' })).toBe('#999999')
  })
  it('normalises cutoffs', () => {
    expect(normaliseCutoffs([30, 5, 5, -1, 10])).toEqual([5, 10, 30])
  })
})

describe('planning coverage shaping', () => {
  it('reads the engine coverage rows: cutoffs, categories in life-circle order, levels, areas', () => {
    const m = coverageModel(REPORT_COVERAGE)
    expect(m.cutoffs).toEqual([5, 10, 15, 30])
    expect(m.categories).toEqual(['kindergarten', 'supermarket', 'my_custom'])
    expect(m.levels).toEqual(['5-minute', '10-minute'])
    expect(m.areas.map((a) => a.area)).toEqual([null, 'Monte-Carlo'])
    const rows = coverageTable(m)
    expect(rows[0].category).toBe('kindergarten')
    expect(rows[0].cells[5]).toEqual({ households: 263, share: 0.006874 })
    expect(rows[1].cells[30].households).toBe(33716)
    const area = coverageTable(m, 'Monte-Carlo')
    expect(area).toHaveLength(1)
    expect(area[0].cells[15]).toBeUndefined()
    expect(levelTable(m)).toEqual([
      { level: '5-minute', households: 0, share: 0, total: 38260 },
      { level: '10-minute', households: 12, share: 0.0003, total: 38260 },
    ])
  })
  it('accepts the same data wrapped ({coverage}, {rows, cutoffs_min}) or as flat CSV-like rows', () => {
    expect(coverageModel({ coverage: REPORT_COVERAGE }).areas).toHaveLength(2)
    const wrapped = coverageModel({ cutoffs_min: [5, 10, 60], rows: REPORT_COVERAGE })
    expect(wrapped.cutoffs).toEqual([5, 10, 15, 30, 60])
    const flat = coverageModel({
      items: [
        { area: '*', category: 'park', cutoff_min: 5, households: 200, covered_households: 50, share: 0.25 },
        { area: '*', category: 'park', cutoff_min: '10', households: 200, covered_households: 100 },
        { area: '*', level: '5-minute', covered_households: 20, share: 0.1 },
      ],
    })
    expect(flat.areas[0].area).toBeNull()
    expect(coverageTable(flat)[0].cells).toEqual({ 5: { households: 50, share: 0.25 }, 10: { households: 100, share: 0.5 } })
    expect(levelTable(flat)[0]).toEqual({ level: '5-minute', households: 20, share: 0.1, total: 200 })
    expect(coverageModel(null).areas).toEqual([])
    expect(coverageModel({ nothing: 1 }).categories).toEqual([])
    expect(coverageTable(coverageModel([]))).toEqual([])
  })
  it('chart: one bar series per cutoff, one x value per category, shares in percent', () => {
    const m = coverageModel(REPORT_COVERAGE)
    const o = coverageChartOption(m, null, (c) => `L:${c}`, (c) => `${c} min`)
    expect(o.xAxis.data).toEqual(['L:kindergarten', 'L:supermarket', 'L:my_custom'])
    expect(o.series.map((s) => s.name)).toEqual(['5 min', '10 min', '15 min', '30 min'])
    expect(o.series[0].data).toEqual([0.7, 20.3, 0])
    expect(o.series[3].data[1]).toBe(88.1)
  })
  it('formats shares, minutes, progress and level names', () => {
    expect(pct(0.183455)).toBe('18.3%')
    expect(pct(null)).toBe('—')
    expect(minutes(686.5)).toBe('11.4')
    expect(minutes(null)).toBe('—')
    expect(percent(0.456)).toBe(46)
    expect(percent(73)).toBe(73)
    expect(percent(undefined)).toBe(0)
    expect(levelMinutes('5-minute')).toBe(5)
    expect(levelMinutes('15 min')).toBe(15)
    expect(levelMinutes('custom')).toBeNull()
  })
})

describe('planning start form', () => {
  it('builds the contract body from a valid form', () => {
    const f = { ...emptyStartForm(), osm_dataset_id: 7, cutoffs_min: [30, 5, 10] }
    const { errors, body } = validateStart(f)
    expect(errors).toEqual({})
    expect(body).toEqual({ osm_dataset_id: 7, profile: 'walk', facilities_dataset_id: null, residences_dataset_id: null, rules: 'gb50180', cutoffs_min: [5, 10, 30] })
  })
  it('uses a rules dataset and the suggestion block', () => {
    const f = { ...emptyStartForm(), osm_dataset_id: '3', facilities_dataset_id: 4, rules: 'dataset:9', suggest_enabled: true, suggest_category: 'clinic', suggest_k: 3, suggest_cutoff_min: 10 }
    const { body } = validateStart(f)
    expect(body?.rules).toEqual({ dataset_id: 9 })
    expect(body?.facilities_dataset_id).toBe(4)
    expect(body?.suggest).toEqual({ category: 'clinic', k: 3, cutoff_min: 10 })
  })
  it('names every invalid field', () => {
    const bad = { ...emptyStartForm(), profile: 'fly', rules: 'nonsense', cutoffs_min: [5, 5], suggest_enabled: true, suggest_category: 'casino', suggest_k: 0, suggest_cutoff_min: 500 }
    const { errors, body } = validateStart(bad)
    expect(body).toBeNull()
    expect(errors).toEqual({ osm_dataset_id: 'osmRequired', profile: 'profile', rules: 'rules', cutoffs_min: 'cutoffsDuplicate', suggest_category: 'category', suggest_k: 'k', suggest_cutoff_min: 'suggestCutoff' })
    expect(validateStart({ ...emptyStartForm(), osm_dataset_id: 1, cutoffs_min: [] }).errors.cutoffs_min).toBe('cutoffsEmpty')
    expect(validateStart({ ...emptyStartForm(), osm_dataset_id: 1, cutoffs_min: [0] }).errors.cutoffs_min).toBe('cutoffsRange')
    expect(validateStart({ ...emptyStartForm(), osm_dataset_id: 1, cutoffs_min: [2.5] }).errors.cutoffs_min).toBe('cutoffsRange')
    expect(validateStart({ ...emptyStartForm(), osm_dataset_id: 1, cutoffs_min: [1, 2, 3, 4, 5, 6, 7, 8, 9] }).errors.cutoffs_min).toBe('cutoffsTooMany')
    // Suggestion fields are not checked while the suggestion is off.
    expect(validateStart({ ...emptyStartForm(), osm_dataset_id: 1, suggest_k: -3 }).errors).toEqual({})
  })
  it('every error key has a translation in both languages', () => {
    const keys = ['osmRequired', 'profile', 'rules', 'cutoffsEmpty', 'cutoffsTooMany', 'cutoffsRange', 'cutoffsDuplicate', 'category', 'k', 'suggestCutoff']
    for (const k of keys) {
      expect((zh.planning.formErrors as Record<string, string>)[k], k).toBeTruthy()
      expect((en.planning.formErrors as Record<string, string>)[k], k).toBeTruthy()
    }
  })
  it('every life-circle category has a Chinese name', () => {
    expect(Object.keys(zh.planning.categories).sort()).toEqual([...CATEGORIES].sort())
    expect(zh.planning.categories.clinic).toBe('社区卫生服务站/诊所')
    expect(zh.planning.categories.kindergarten).toBe('幼儿园')
  })
  it('guesses the upload kind from the file name', () => {
    expect(guessKind('monaco.osm.pbf')).toBe('osm')
    expect(guessKind('my_rules.json')).toBe('rules')
    expect(guessKind('facilities.csv')).toBe('facilities')
    expect(guessKind('residences.geojson')).toBe('residences')
    expect(guessKind('data.xlsx')).toBeNull()
  })
})

describe('planning helpers', () => {
  it('problem lines keep file:line and add it when given separately', () => {
    expect(problemLines({ detail: 'facilities.csv:3: lon out of range', errors: [{ field: '/body', message: 'facilities.csv:3: lon out of range' }] })).toEqual(['facilities.csv:3: lon out of range'])
    expect(problemLines({ detail: 'bad file', errors: [{ file: 'r.csv', line: 4, message: 'duplicate id' }, { line: 9, message: 'x' }, { field: 'kind' }] })).toEqual(['bad file', 'r.csv:4: duplicate id', 'line 9: x', 'kind'])
    expect(problemLines(null)).toEqual([])
  })
  it('bounds from the summary bbox, else from features', () => {
    expect(boundsOf([7.4, 43.7, 7.44, 43.76])).toEqual([[7.4, 43.7], [7.44, 43.76]])
    const fc = { features: [{ geometry: { coordinates: [7.41, 43.73] } }, { geometry: { coordinates: [[7.42, 43.72], [7.43, 43.75]] } }] }
    expect(boundsOf(undefined, [fc])).toEqual([[7.41, 43.72], [7.43, 43.75]])
    expect(boundsOf([1, 2, 0, 3], [fc])).toEqual([[7.41, 43.72], [7.43, 43.75]])
    expect(boundsOf(null, [])).toBeNull()
  })
  it('indexes point features by id', () => {
    const m = pointIndex([
      { geometry: { type: 'Point', coordinates: [7.4, 43.7] }, properties: { id: 'w1' } },
      { geometry: { type: 'LineString', coordinates: [] }, properties: { id: 'w2' } },
      { geometry: { type: 'Point', coordinates: [1, 2] }, properties: { id: 3 } },
    ])
    expect(m.get('w1')).toEqual([7.4, 43.7])
    expect(m.has('w2')).toBe(false)
    expect(m.get('3')).toEqual([1, 2])
  })
})
