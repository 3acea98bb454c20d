// Browser tests of the planning page (issue #4) against a real `weilai serve --demo`: the demo seeds
// a 【示例】 project with the real Monaco OSM extract and a queued analysis; we find it via the API.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import { PHONE, PASSWORD, input, launch, login, newPage, shot, unlabelledControls } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

/** The id of the demo project that has planning analyses (asked through the signed-in page). */
async function planningProjectId(page) {
  let cursor = null
  for (let i = 0; i < 20; i++) {
    const res = await page.request.get(`/api/v1/projects?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
    assert.equal(res.status(), 200)
    const body = await res.json()
    for (const p of body.items) {
      const a = await page.request.get(`/api/v1/projects/${p.id}/planning/analyses`)
      if (a.status() !== 200) continue
      const items = (await a.json()).items ?? []
      if (items.length > 0) return String(p.id)
    }
    cursor = body.next_cursor
    if (!cursor) break
  }
  throw new Error('no demo project with a planning analysis')
}

/** Texts of the household counts per legend band (changes when residences are recoloured). */
async function bandHouseholds(page) {
  return page.locator('[data-testid^="band-households-"]').allInnerTexts()
}

describe('planning page', () => {
  test('county official sees the demo analysis on the map, gets an isochrone, recolours, uploads, exports', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      // liandu: the county official of 莲都区, where the demo planning project is.
      await login(page, 'liandu')
      const id = await planningProjectId(page)
      // Reached from the project's page.
      await page.goto(`/projects/${id}`)
      await page.getByTestId('project-planning-link').click()
      await page.waitForURL((u) => u.pathname === `/projects/${id}/planning`)
      await page.getByTestId('page-planning').waitFor()

      // The seeded analysis runs in the background; the page polls and then shows it.
      const firstCell = page.getByTestId('coverage-table').locator('tbody tr').first()
      await firstCell.waitFor({ timeout: 180000 })
      const rows = await page.getByTestId('coverage-table').locator('tbody tr').allInnerTexts()
      assert.ok(rows.length >= 5, `coverage rows: ${rows.length}`)
      assert.ok(rows.some((r) => /[1-9]\d*\.\d%/.test(r)), `no non-zero share in ${rows.join(' | ')}`)
      assert.ok(rows.some((r) => /幼儿园|小学|公交站|超市/.test(r)), 'categories are shown by their Chinese names')
      assert.ok((await page.getByTestId('coverage-levels').locator('tbody tr').count()) >= 1)
      await page.getByTestId('coverage-chart').locator('canvas').waitFor()

      // The map: a canvas, the layers loaded, the OSM attribution visible.
      const map = page.getByTestId('planning-map')
      await map.locator('canvas').waitFor()
      await page.locator('[data-testid="planning-map"][data-loaded="1"][data-idle="1"]').waitFor({ timeout: 60000 })
      assert.match(await page.locator('.maplibregl-ctrl-attrib').innerText(), /© OpenStreetMap contributors/)
      await page.waitForTimeout(1000)

      // Residences recoloured by another category: the legend's band totals follow.
      const before = await bandHouseholds(page)
      assert.ok(before.length >= 3)
      const pixelsBefore = await map.screenshot()
      await page.getByTestId('colour-category').click()
      await page.getByRole('option', { name: '公交站' }).click()
      await page.locator('[data-testid="planning-map"][data-colour-by="bus_stop"][data-idle="1"]').waitFor({ timeout: 60000 })
      const after = await bandHouseholds(page)
      assert.notDeepEqual(after, before, 'band totals did not change with the category')
      await page.waitForTimeout(500)
      assert.ok(!pixelsBefore.equals(await map.screenshot()), 'the map looks the same after recolouring')
      assert.match(await page.getByTestId('time-legend').innerText(), /公交站/)

      // Click the map: nested isochrones come back and are listed in their legend.
      const box = await map.boundingBox()
      const iso = page.waitForResponse((r) => r.url().includes('/isochrone') && r.request().method() === 'POST', { timeout: 60000 })
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
      const isoRes = await iso
      assert.equal(isoRes.status(), 200, await isoRes.text())
      const fc = await isoRes.json()
      assert.ok(fc.features.length >= 2, `isochrones: ${fc.features.length}`)
      const areas = fc.features.map((f) => [Number(f.properties.cutoff_min), Number(f.properties.area_m2)]).sort((a, b) => a[0] - b[0])
      for (let i = 1; i < areas.length; i++) assert.ok(areas[i][1] >= areas[i - 1][1], `isochrone ${areas[i][0]} min smaller than ${areas[i - 1][0]} min`)
      await page.getByTestId('iso-band').first().waitFor()
      assert.equal(await page.getByTestId('iso-band').count(), fc.features.length)
      await page.waitForTimeout(1200)
      await shot(page, 'planning-map')

      // Gap list: paged, and "show on map" highlights the residence.
      await page.getByRole('tab', { name: '缺口清单' }).click()
      await page.getByTestId('gaps-table').locator('tbody tr').first().waitFor({ timeout: 30000 })
      const firstGap = await page.getByTestId('gaps-table').locator('tbody tr').first().innerText()
      await page.getByTestId('gaps-next').click()
      await page.waitForFunction((t) => document.querySelector('[data-testid="gaps-table"] tbody tr')?.innerText !== t, firstGap)
      await page.getByTestId('gap-show').first().click()
      await page.locator('[data-testid="planning-map"]:not([data-highlight=""])').waitFor()
      // The engine's warnings are listed (Monaco has unsnapped buildings and missing categories).
      assert.match(await page.getByTestId('planning-warnings').innerText(), /分析提示（[1-9]\d* 条）/)

      // A bad facilities CSV: the error names file:line.
      await page.getByRole('tab', { name: '基础数据' }).click()
      await page.getByTestId('upload-kind').click()
      await page.getByRole('option', { name: /设施/ }).click()
      const bad = 'id,category,lon,lat\nf1,kindergarten,7.42,43.73\nf2,kindergarten,999,43.73\n'
      await page.getByTestId('upload-file').setInputFiles({ name: 'bad_facilities.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
      await page.getByTestId('upload-submit').click()
      await page.getByTestId('upload-error').waitFor()
      assert.match(await page.getByTestId('upload-error').innerText(), /bad_facilities\.csv:3/)
      // A good one is listed with its row count, and can be deleted again (no analysis uses it).
      const name = `good_facilities_${Date.now()}.csv`
      await page.getByTestId('upload-file').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from('id,category,lon,lat\nf1,kindergarten,7.42,43.73\nf2,clinic,7.421,43.731\n') })
      await page.getByTestId('upload-submit').click()
      const row = page.getByTestId('datasets-table').locator('tbody tr', { hasText: name })
      await row.waitFor()
      assert.match(await row.innerText(), /2 行/)
      assert.equal(await page.getByTestId('upload-error').count(), 0)
      await row.getByRole('button', { name: '删除' }).click()
      await page.locator('.el-message-box__btns .el-button--primary').click()
      await row.waitFor({ state: 'detached' })

      // Export: the coverage CSV downloads with its documented header.
      await page.getByRole('tab', { name: '导出' }).click()
      const dl = page.waitForEvent('download')
      await page.getByTestId('export-coverage').click()
      const file = await (await dl).path()
      const text = fs.readFileSync(file, 'utf8')
      assert.equal(text.split(/\r?\n/)[0], 'area,category,cutoff_min,households,covered_households,share')
      assert.ok(text.split(/\r?\n/).length > 5)
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('DRC planner starts an analysis, watches its progress and cancels it', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'drc')
      const id = await planningProjectId(page)
      await page.goto(`/projects/${id}/planning`)
      await page.getByTestId('page-planning').waitFor()
      await page.getByRole('tab', { name: '分析任务' }).click()
      await page.getByTestId('analysis-new').click()
      await page.getByTestId('analysis-form').waitFor()
      // Client-side validation: no cutoffs is refused before anything is sent.
      await page.getByTestId('form-cutoffs').locator('.el-tag__close').first().waitFor()
      for (let i = 0; i < 4; i++) await page.getByTestId('form-cutoffs').locator('.el-tag__close').first().click()
      await page.getByTestId('analysis-submit').click()
      await page.getByText('请至少填写一个时间阈值').waitFor()
      await page.getByTestId('form-cutoffs').click()
      for (const n of ['5 分钟', '10 分钟', '30 分钟']) await page.getByRole('option', { name: n, exact: true }).click()
      await page.keyboard.press('Escape')
      // Suggestions make the job longer, which leaves time to cancel it.
      await page.getByTestId('form-suggest').click()
      const started = page.waitForResponse((r) => /\/planning\/analyses$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST')
      await page.getByTestId('analysis-submit').click()
      const res = await started
      assert.equal(res.status(), 202, await res.text())
      const a = await res.json()
      assert.deepEqual(a.params?.cutoffs_min ?? [5, 10, 30], [5, 10, 30])
      await page.getByTestId(`analysis-status-${a.id}`).waitFor()
      await page.getByTestId(`analysis-cancel-${a.id}`).click()
      const cancelled = page.waitForResponse((r) => r.url().endsWith(`/analyses/${a.id}/cancel`))
      await page.locator('.el-message-box__btns .el-button--primary').click()
      const c = await cancelled
      console.log(`# cancel answered ${c.status()}`)
      // A job that already finished cannot be cancelled (409); otherwise it ends cancelled.
      if (c.status() === 409) {
        await page.waitForFunction((aid) => document.querySelector(`[data-testid="analysis-status-${aid}"]`)?.textContent?.includes('已完成'), a.id, { timeout: 60000 })
      } else {
        assert.equal(c.status(), 200, await c.text())
        await page.waitForFunction((aid) => document.querySelector(`[data-testid="analysis-status-${aid}"]`)?.textContent?.includes('已取消'), a.id, { timeout: 30000 })
      }
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('phone-sized viewport: the planning page stacks without horizontal overflow', async () => {
    const { context, page } = await newPage(chrome.browser, PHONE)
    try {
      // helpers.login waits for the side menu, which a phone hides in a drawer.
      await page.goto('/login')
      await input(page, 'login-user').fill('drc')
      await input(page, 'login-password').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
      const id = await planningProjectId(page)
      await page.goto(`/projects/${id}/planning`)
      await page.getByTestId('page-planning').waitFor()
      await page.getByTestId('planning-map').locator('canvas').waitFor()
      await page.getByTestId('coverage-table').locator('tbody tr').first().waitFor({ timeout: 180000 })
      await page.locator('[data-testid="planning-map"][data-loaded="1"][data-idle="1"]').waitFor({ timeout: 60000 })
      await page.waitForTimeout(500)
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `page is ${overflow}px wider than the phone`)
      const mapBox = await page.getByTestId('planning-map').boundingBox()
      assert.ok(mapBox.width <= PHONE.width && mapBox.width > 200 && mapBox.height > 200, JSON.stringify(mapBox))
      await shot(page, 'planning-phone')
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('the provincial reviewer reads the results but gets no upload or start controls', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'province')
      const id = await planningProjectId(page)
      await page.goto(`/projects/${id}/planning`)
      await page.getByTestId('coverage-table').locator('tbody tr').first().waitFor({ timeout: 180000 })
      await page.getByRole('tab', { name: '分析任务' }).click()
      await page.getByTestId('analyses-table').waitFor()
      assert.equal(await page.getByTestId('analysis-new').count(), 0)
      await page.getByRole('tab', { name: '基础数据' }).click()
      await page.getByTestId('datasets-table').locator('tbody tr').first().waitFor()
      assert.equal(await page.getByTestId('upload-file').count(), 0)
      for (const tab of ['覆盖率', '缺口清单', '选址建议', '分析任务', '基础数据', '导出']) {
        await page.getByRole('tab', { name: tab }).click()
        await page.waitForTimeout(300)
        assert.deepEqual(await unlabelledControls(page), [], `unlabelled controls on the ${tab} tab`)
      }
      const res = await page.request.post(`/api/v1/projects/${id}/planning/analyses`, { data: { osm_dataset_id: 1 } })
      assert.equal(res.status(), 403)
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('a resident cannot open a planning page', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'drc')
      const id = await planningProjectId(page)
      await context.clearCookies()
      await login(page, 'resident')
      await page.goto(`/projects/${id}/planning`)
      await page.waitForURL((u) => u.pathname === '/403')
      const res = await page.request.get(`/api/v1/projects/${id}/planning/analyses`)
      assert.equal(res.status(), 403)
    } finally {
      await context.close()
    }
  })
})
