// XLSX ⇄ ruleset JSON, in the browser (the server speaks JSON only: no XLSX reader is in the
// Debian packages the server builds with). Workbook layout: sheet "ruleset" holds key/value rows
// (code, version, name_zh, name_en, provenance, note, pass_mark); sheet "indicators" holds one row
// per indicator under a header row (COLUMNS). Reading reports problems with the sheet row and the
// column; server errors (JSON pointers) map back to rows with rowForPointer().
import type { Indicator, RulesetDoc, EvaluationResult } from '@/api/evaluation'

type ExcelJSModule = typeof import('exceljs')
async function excel(): Promise<ExcelJSModule> {
  const m = (await import('exceljs')) as unknown as ExcelJSModule & { default?: ExcelJSModule }
  return (m.default ?? m) as ExcelJSModule
}

export const COLUMNS = [
  'scenario_code', 'scenario_zh', 'scenario_en', 'code', 'name_zh', 'name_en', 'kind', 'measure',
  'unit', 'comparison', 'threshold', 'threshold_min', 'threshold_max', 'points', 'source_type',
  'calculator_or_adapter', 'evidence', 'params_json', 'overrides_json', 'status', 'threshold_note',
  'citation',
] as const
const META = ['code', 'version', 'name_zh', 'name_en', 'provenance', 'note', 'pass_mark'] as const

export class XlsxProblem extends Error {
  constructor(public sheet: string, public row: number, public column: string, message: string) {
    super(`${sheet} 第 ${row} 行 ${column}: ${message}`)
  }
}

export async function rulesetToXlsx(doc: RulesetDoc): Promise<ArrayBuffer> {
  const ExcelJS = await excel()
  const wb = new ExcelJS.Workbook()
  const meta = wb.addWorksheet('ruleset')
  for (const k of META) meta.addRow([k, (doc as unknown as Record<string, unknown>)[k] ?? ''])
  const sheet = wb.addWorksheet('indicators')
  sheet.addRow([...COLUMNS])
  for (const s of doc.scenarios) {
    for (const i of s.indicators) {
      const between = i.comparison === 'between' && typeof i.threshold === 'object'
      sheet.addRow([
        s.code, s.name_zh, s.name_en, i.code, i.name_zh, i.name_en, i.kind, i.measure, i.unit,
        i.comparison,
        between ? '' : i.comparison === 'bool' ? String(i.threshold) : (i.threshold as number),
        between ? (i.threshold as { min: number }).min : '',
        between ? (i.threshold as { max: number }).max : '',
        i.points ?? '', i.source.type, i.source.calculator ?? i.source.adapter ?? '',
        i.source.evidence ?? '', i.source.params ? JSON.stringify(i.source.params) : '',
        i.overrides ? JSON.stringify(i.overrides) : '', i.status ?? '', i.threshold_note ?? '',
        i.citation ?? '',
      ])
    }
  }
  sheet.getRow(1).font = { bold: true }
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'object' && v !== null && 'richText' in v)
    return (v as { richText: { text: string }[] }).richText.map((r) => r.text).join('')
  if (typeof v === 'object' && v !== null && 'text' in v) return String((v as { text: unknown }).text)
  return String(v)
}

/** Reads a workbook back into a ruleset; `rows` maps (scenario, indicator) index to its sheet row. */
export async function xlsxToRuleset(data: ArrayBuffer): Promise<{ doc: RulesetDoc; rows: number[][] }> {
  const ExcelJS = await excel()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(data)
  const meta = wb.getWorksheet('ruleset')
  const sheet = wb.getWorksheet('indicators')
  if (!meta) throw new XlsxProblem('ruleset', 1, '-', '缺少工作表 ruleset')
  if (!sheet) throw new XlsxProblem('indicators', 1, '-', '缺少工作表 indicators')
  const m: Record<string, string> = {}
  meta.eachRow((row) => {
    m[cellText(row.getCell(1).value)] = cellText(row.getCell(2).value)
  })
  const passMark = Number(m.pass_mark)
  if (m.pass_mark === undefined || m.pass_mark === '' || !Number.isFinite(passMark))
    throw new XlsxProblem('ruleset', META.indexOf('pass_mark') + 1, 'pass_mark', '须为数字')
  const doc: RulesetDoc = {
    code: m.code ?? '', version: m.version ?? '', name_zh: m.name_zh ?? '', name_en: m.name_en ?? '',
    provenance: (m.provenance ?? '') as RulesetDoc['provenance'], note: m.note ?? '', pass_mark: passMark,
    scenarios: [],
  }
  const header = (sheet.getRow(1).values as unknown[]).slice(1).map(cellText)
  for (const c of COLUMNS) if (!header.includes(c)) throw new XlsxProblem('indicators', 1, c, '缺少此列')
  const rows: number[][] = []
  sheet.eachRow((row, n) => {
    if (n === 1) return
    const get = (c: (typeof COLUMNS)[number]) => cellText(row.getCell(header.indexOf(c) + 1).value).trim()
    if (!get('code') && !get('scenario_code')) return
    const need = (c: (typeof COLUMNS)[number]) => {
      const v = get(c)
      if (!v) throw new XlsxProblem('indicators', n, c, '不能为空')
      return v
    }
    const num = (c: (typeof COLUMNS)[number]) => {
      const v = Number(need(c))
      if (!Number.isFinite(v)) throw new XlsxProblem('indicators', n, c, '须为数字')
      return v
    }
    const json = (c: (typeof COLUMNS)[number]) => {
      const v = get(c)
      if (!v) return undefined
      try {
        return JSON.parse(v)
      } catch {
        throw new XlsxProblem('indicators', n, c, '不是有效的 JSON')
      }
    }
    const sc = need('scenario_code')
    let s = doc.scenarios.find((x) => x.code === sc)
    if (!s) {
      s = { code: sc, name_zh: need('scenario_zh'), name_en: need('scenario_en'), indicators: [] }
      doc.scenarios.push(s)
      rows.push([])
    }
    const comparison = need('comparison') as Indicator['comparison']
    let threshold: Indicator['threshold']
    if (comparison === 'between') threshold = { min: num('threshold_min'), max: num('threshold_max') }
    else if (comparison === 'bool') {
      const v = need('threshold').toLowerCase()
      if (v !== 'true' && v !== 'false') throw new XlsxProblem('indicators', n, 'threshold', '须为 true 或 false')
      threshold = v === 'true'
    } else threshold = num('threshold')
    const type = need('source_type') as Indicator['source']['type']
    const source: Indicator['source'] = { type }
    if (type === 'computed') source.calculator = need('calculator_or_adapter')
    if (type === 'adapter') source.adapter = need('calculator_or_adapter')
    if (get('evidence')) source.evidence = get('evidence')
    const params = json('params_json')
    if (params) source.params = params
    const ind: Indicator = {
      code: need('code'), name_zh: need('name_zh'), name_en: need('name_en'),
      kind: need('kind') as Indicator['kind'], measure: need('measure'), unit: need('unit'),
      comparison, threshold, source,
    }
    if (get('points')) ind.points = num('points')
    const overrides = json('overrides_json')
    if (overrides) ind.overrides = overrides
    if (get('status')) ind.status = get('status')
    if (get('threshold_note')) ind.threshold_note = get('threshold_note')
    if (get('citation')) ind.citation = get('citation')
    s.indicators.push(ind)
    rows[doc.scenarios.indexOf(s)]!.push(n)
  })
  return { doc, rows }
}

/** "/scenarios/2/indicators/0/unit" → {row, column} in the indicators sheet, when it names one. */
export function rowForPointer(pointer: string, rows: number[][]): { row: number; column: string } | null {
  const m = /^\/scenarios\/(\d+)\/indicators\/(\d+)(?:\/(\w+))?/.exec(pointer)
  if (!m) return null
  const row = rows[Number(m[1])]?.[Number(m[2])]
  return row ? { row, column: m[3] ?? '-' } : null
}

/** The evaluation report as a workbook: summary, scenarios, indicators. */
export async function evaluationToXlsx(r: EvaluationResult): Promise<ArrayBuffer> {
  const ExcelJS = await excel()
  const wb = new ExcelJS.Workbook()
  const s = wb.addWorksheet('summary')
  s.addRows([
    ['项目 project', r.project_name], ['评价日期 as of', r.as_of],
    ['指标体系 ruleset', `${r.ruleset_code} ${r.ruleset_version}`], ['来源 provenance', r.ruleset_provenance],
    ['结论 verdict', r.verdict], ['引导性得分 score', r.score], ['合格线 pass mark', r.pass_mark],
    ['约束性未达标 binding failed', r.binding_failed], ['无数据 no data', r.no_data],
    ['原因 reasons', r.verdict_reasons.join('; ')],
  ])
  const sc = wb.addWorksheet('scenarios')
  sc.addRow(['code', 'name_zh', 'indicators', 'met', 'no_data', 'binding_failed', 'points_earned', 'points_available', 'attainment_pct'])
  for (const x of r.scenarios)
    sc.addRow([x.code, x.name_zh, x.indicators, x.met, x.no_data, x.binding_failed, x.points_earned, x.points_available, x.attainment_pct])
  const ind = wb.addWorksheet('indicators')
  ind.addRow(['scenario', 'code', 'name_zh', 'kind', 'value', 'unit', 'threshold', 'outcome', 'points_earned', 'points_available', 'source', 'source_detail', 'evidence', 'review_status', 'rule_status'])
  for (const i of r.indicators)
    ind.addRow([i.scenario_code, i.code, i.name_zh, i.kind, i.value === null ? '无数据 no data' : String(i.value), i.unit, i.threshold, i.outcome, i.points_earned, i.points_available, i.source, i.source_detail, i.evidence, i.review_status, i.indicator_status])
  for (const w of [s, sc, ind]) w.getRow(1).font = { bold: true }
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}

export function download(data: ArrayBuffer | string, filename: string, type: string): void {
  const blob = new Blob([data], { type })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
