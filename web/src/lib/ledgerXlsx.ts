// Time-bank statistics as XLSX, built in the browser with exceljs (the server exports CSV only):
// sheet "统计 summary" holds the community's figures, sheet "服务 services" the confirmed services
// (the rows of GET /timebank/stats/{id}?format=csv).

type ExcelJSModule = typeof import('exceljs')
async function excel(): Promise<ExcelJSModule> {
  const m = (await import('exceljs')) as unknown as ExcelJSModule & { default?: ExcelJSModule }
  return (m.default ?? m) as ExcelJSModule
}

/** RFC 4180 CSV → rows of cells (quoted cells may hold commas, quotes and line breaks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++ }
      else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') { row.push(cell); cell = '' }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++
      row.push(cell); rows.push(row); row = []; cell = ''
    } else cell += c
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row) }
  return rows
}

export interface StatLine { label: string; value: string | number }

export async function statsToXlsx(summary: StatLine[], servicesCsv: string): Promise<ArrayBuffer> {
  const ExcelJS = await excel()
  const wb = new ExcelJS.Workbook()
  const s = wb.addWorksheet('统计 summary')
  s.addRow(['指标 figure', '数值 value'])
  for (const l of summary) s.addRow([l.label, l.value])
  s.getColumn(1).width = 28
  const sv = wb.addWorksheet('服务 services')
  const rows = parseCsv(servicesCsv.replace(/^\uFEFF/, ''))
  for (const [i, r] of rows.entries()) {
    // Numbers stay numbers (minutes, ids, timestamps) so the sheet can sum them.
    sv.addRow(i === 0 ? r : r.map((c) => (c !== '' && /^-?\d+(\.\d+)?$/.test(c) ? Number(c) : c)))
  }
  for (const w of [s, sv]) w.getRow(1).font = { bold: true }
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}
