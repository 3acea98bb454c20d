// @vitest-environment node
// XLSX ⇄ ruleset JSON in the browser: the shipped default ruleset survives a round trip, and bad
// cells are reported with their sheet row and column; server JSON pointers map back to rows.
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { rulesetToXlsx, xlsxToRuleset, rowForPointer, evaluationToXlsx, XlsxProblem } from '@/lib/rulesetXlsx'
import type { RulesetDoc, EvaluationResult } from '@/api/evaluation'

import shippedText from '../../../data/indicators/default-ruleset.json?raw'

const shipped = JSON.parse(shippedText) as RulesetDoc

async function mutate(doc: RulesetDoc, edit: (ws: ExcelJS.Worksheet) => void): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(await rulesetToXlsx(doc))
  edit(wb.getWorksheet('indicators')!)
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}

describe('ruleset XLSX', () => {
  it('round-trips the shipped default ruleset', async () => {
    const { doc, rows } = await xlsxToRuleset(await rulesetToXlsx(shipped))
    expect(doc).toEqual(shipped)
    expect(rows[0]![0]).toBe(2) // first indicator under the header row
    expect(rowForPointer('/scenarios/0/indicators/1/unit', rows)).toEqual({ row: 3, column: 'unit' })
    expect(rowForPointer('/pass_mark', rows)).toBeNull()
  })

  it('names the row and column of a bad cell', async () => {
    const col = (ws: ExcelJS.Worksheet, name: string) =>
      (ws.getRow(1).values as unknown[]).indexOf(name)
    const bad = await mutate(shipped, (ws) => {
      ws.getRow(4).getCell(col(ws, 'threshold')).value = 'eighty'
    })
    await expect(xlsxToRuleset(bad)).rejects.toThrow(XlsxProblem)
    await expect(xlsxToRuleset(bad)).rejects.toMatchObject({ row: 4, column: 'threshold' })
    const missing = await mutate(shipped, (ws) => {
      ws.getRow(6).getCell(col(ws, 'unit')).value = null
    })
    await expect(xlsxToRuleset(missing)).rejects.toMatchObject({ row: 6, column: 'unit' })
  })

  it('exports an evaluation report workbook', async () => {
    const r = {
      ruleset_code: 'c', ruleset_version: 'v', ruleset_provenance: 'reconstruction', project_id: 1,
      project_name: '灵山未来社区', project_type: 'new_build', tier: 'leading', as_of: '2026-11-29',
      binding_total: 1, binding_failed: 0, no_data: 1, points_available: 5, points_earned: 0, score: 0,
      pass_mark: 60, verdict: 'fail', verdict_reasons: ['score'], scenarios: [],
      indicators: [{ scenario_code: 'NB', code: 'NB-01', name_zh: '文化', name_en: 'c', kind: 'guiding', unit: 'events/yr', comparison: '>=', threshold: '≥ 12', indicator_status: 'placeholder', value: null, outcome: 'no_data', source: 'reported', source_detail: '', evidence: '', attachment_ref: '', review_status: '', points_available: 5, points_earned: 0 }],
    } as EvaluationResult
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await evaluationToXlsx(r))
    expect(wb.getWorksheet('indicators')!.getRow(2).getCell(5).value).toBe('无数据 no data')
    expect(wb.getWorksheet('summary')!.getRow(5).getCell(2).value).toBe('fail')
  })
})
