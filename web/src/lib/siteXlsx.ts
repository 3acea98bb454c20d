// Site data from a spreadsheet, in the browser: every sheet of an XLSX workbook becomes rows
// {sheet, where: "sheet <name> row <n>", values: {column: cell}} under its header row (row 1,
// column names lower-cased). The server turns them into site data (docs/EVALUATION.md "Site
// data"): a sheet without a `type` column takes its type from the sheet name (plots, buildings,
// balconies, floor_areas, greening, facilities, site). Nothing is validated here: the server
// names the row and the column of every problem.
import type { SiteRowPayload } from '@/api/evaluation'

type ExcelJSModule = typeof import('exceljs')
async function excel(): Promise<ExcelJSModule> {
  const m = (await import('exceljs')) as unknown as ExcelJSModule & { default?: ExcelJSModule }
  return (m.default ?? m) as ExcelJSModule
}

type Cell = string | number | boolean | null
function cellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v
  if (v instanceof Date) return v.toISOString().slice(0, 10)
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    if ('result' in o) return cellValue(o.result) // formula
    if ('text' in o) return cellValue(o.text) // hyperlink
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((r) => r.text).join('')
  }
  return String(v)
}

export async function xlsxToSiteRows(data: ArrayBuffer): Promise<SiteRowPayload[]> {
  const ExcelJS = await excel()
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(data)
  const out: SiteRowPayload[] = []
  wb.eachSheet((sheet) => {
    const header: string[] = []
    sheet.getRow(1).eachCell((cell, col) => { header[col] = String(cellValue(cell.value) ?? '').trim().toLowerCase() })
    sheet.eachRow((row, n) => {
      if (n === 1) return
      const values: Record<string, Cell> = {}
      let blank = true
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const key = header[col] || `column_${col}`
        const v = cellValue(cell.value)
        values[key] = v
        if (v !== null && String(v).trim() !== '') blank = false
      })
      if (!blank) out.push({ sheet: sheet.name, where: `sheet ${sheet.name} row ${n}`, values })
    })
  })
  return out
}

// A workbook to start from: one sheet per row type with its columns (the layout the server reads).
export const SITE_SHEETS: Record<string, string[]> = {
  site: ['tier', 'households'],
  plots: ['name', 'land_area_m2', 'far_limit', 'height_limit_m', 'ground_green_m2'],
  buildings: ['plot', 'name', 'height_m', 'residential_m2', 'commercial_m2', 'public_service_m2', 'disaster_passage_m2', 'stilt_floor_m2', 'public_open_space_m2', 'other_m2'],
  balconies: ['plot', 'building', 'name', 'green_m2'],
  greening: ['plot', 'name', 'area_m2', 'public'],
  facilities: ['name', 'category', 'area_m2'],
}

export async function siteTemplateXlsx(): Promise<ArrayBuffer> {
  const ExcelJS = await excel()
  const wb = new ExcelJS.Workbook()
  for (const [name, cols] of Object.entries(SITE_SHEETS)) wb.addWorksheet(name).addRow(cols)
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer
}
