import { describe, expect, it } from 'vitest'
import ExcelJS from 'exceljs'
import { siteTemplateXlsx, xlsxToSiteRows, SITE_SHEETS } from '@/lib/siteXlsx'

describe('site data XLSX', () => {
  it('reads every sheet under its header with the sheet row in `where`', async () => {
    const wb = new ExcelJS.Workbook()
    const plots = wb.addWorksheet('plots')
    plots.addRow(['Name', 'land_area_m2', 'far_limit', 'height_limit_m'])
    plots.addRow(['A', 12000, 2.2, 60])
    plots.addRow([])
    plots.addRow(['B', { formula: '1000*2', result: 2000 }, 1.5, 24])
    const fac = wb.addWorksheet('facilities')
    fac.addRow(['category', 'area_m2'])
    fac.addRow(['elderly_care', 'abc'])
    const rows = await xlsxToSiteRows((await wb.xlsx.writeBuffer()) as ArrayBuffer)
    expect(rows).toEqual([
      { sheet: 'plots', where: 'sheet plots row 2', values: { name: 'A', land_area_m2: 12000, far_limit: 2.2, height_limit_m: 60 } },
      { sheet: 'plots', where: 'sheet plots row 4', values: { name: 'B', land_area_m2: 2000, far_limit: 1.5, height_limit_m: 24 } },
      { sheet: 'facilities', where: 'sheet facilities row 2', values: { category: 'elderly_care', area_m2: 'abc' } },
    ])
  })
  it('the template has one sheet per row type with its header and no data', async () => {
    const rows = await xlsxToSiteRows(await siteTemplateXlsx())
    expect(rows).toEqual([])
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(await siteTemplateXlsx())
    expect(wb.worksheets.map((w) => w.name)).toEqual(Object.keys(SITE_SHEETS))
  })
})
