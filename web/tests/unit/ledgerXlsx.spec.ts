// @vitest-environment node
// Time-bank statistics export: CSV parsing (quotes, commas, line breaks, BOM) and the XLSX built in
// the browser holds the summary and every service row, numbers as numbers.
import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { parseCsv, statsToXlsx } from '@/lib/ledgerXlsx'

describe('ledger statistics export', () => {
  it('parses RFC 4180 CSV', () => {
    expect(parseCsv('a,b\r\n1,"x, ""y"""\n2,"two\nlines"\n')).toEqual([['a', 'b'], ['1', 'x, "y"'], ['2', 'two\nlines']])
    expect(parseCsv('a,b\n1,')).toEqual([['a', 'b'], ['1', '']])
  })
  it('writes the summary and the services', async () => {
    const csv = '\uFEFFid,category,title,minutes\n7,visit_chat,"陪聊, 读报",60\n8,cleaning,保洁,90\n'
    const buf = await statsToXlsx([{ label: '活跃志愿者', value: 3 }, { label: '距上次交换（天）', value: '—' }], csv)
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(buf)
    const sum = wb.getWorksheet('统计 summary')!
    expect(sum.getRow(2).getCell(1).value).toBe('活跃志愿者')
    expect(sum.getRow(2).getCell(2).value).toBe(3)
    const sv = wb.getWorksheet('服务 services')!
    expect(sv.rowCount).toBe(3)
    expect(sv.getRow(1).getCell(1).value).toBe('id')
    expect(sv.getRow(2).getCell(3).value).toBe('陪聊, 读报')
    expect(sv.getRow(3).getCell(4).value).toBe(90)
  })
})
