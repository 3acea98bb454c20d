// Programme operations (issue 5, monitoring and money) in the browser: the 莲都 county official
// files the latest due monthly report of 灵山未来社区 and submits it; the DRC saw 灵山 in the
// overdue list before, and now sees the period in the trend and the report awaiting review; an
// action item with a past deadline shows as overdue. Creates its own objects (the report of the
// latest due month, which the demo leaves unfiled, and a new action item).
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { PHONE, input, launch, login, newPage, shot } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

async function api(page, path) {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path)
}

describe('programme operations', () => {
  test('a county files a monthly report; the DRC sees it in the trend and the overdue list', async () => {
    const drc = await newPage(chrome.browser)
    const county = await newPage(chrome.browser)
    try {
      // The DRC first: 灵山 is in the overdue list for the latest due month.
      await login(drc.page, 'drc')
      await drc.page.getByTestId('menu-ops-monitoring').click()
      await drc.page.getByTestId('page-ops-monitoring').waitFor()
      const overdue = drc.page.getByTestId('ops-overdue-reports')
      await overdue.getByText('灵山未来社区').waitFor()
      const projects = await api(drc.page, '/api/v1/projects?limit=50')
      const lingshan = projects.items.find((p) => p.name === '灵山未来社区')
      assert.ok(lingshan, 'demo project 灵山未来社区 exists')
      const before = await api(drc.page, `/api/v1/projects/${lingshan.id}/monitoring`)
      assert.ok(before.overdue_report, 'the demo leaves the latest due month unfiled')
      const period = before.overdue_report.period
      await shot(drc.page, 'ops-monitoring-before')

      // The county official files and submits it on the project's page.
      await login(county.page, 'liandu')
      await county.page.goto(`/ops/projects/${lingshan.id}`)
      await county.page.getByTestId('page-ops-project').waitFor()
      await county.page.getByTestId('ops-overdue-report').waitFor()
      await input(county.page, 'ops-report-period').fill(period)
      await input(county.page, 'ops-report-investment').fill('12345678.90')
      await input(county.page, 'ops-report-satisfaction').fill('95')
      await county.page.getByTestId('ops-report-file').click()
      await county.page.getByTestId(`ops-submit-${period}`).click()
      await county.page.getByTestId('ops-overdue-report').waitFor({ state: 'detached' })
      const row = county.page.getByTestId('ops-reports').locator('tr', { hasText: period })
      await row.getByText('已提交').waitFor()
      assert.match(await row.innerText(), /1,234\.57/) // 12,345,678.90 元 = 1,234.57 万元
      await county.page.locator('[data-testid="ops-trend-chart"] canvas').waitFor()
      await shot(county.page, 'ops-project-monitoring')
      assert.deepEqual(county.page.errors, [])

      // The DRC reloads: the period is in the trend, the report awaits review, 灵山 is no longer overdue.
      await drc.page.reload()
      await drc.page.getByTestId('page-ops-monitoring').waitFor()
      await drc.page.getByTestId('ops-trend-periods').getByText(period).waitFor()
      await drc.page.getByTestId('ops-awaiting-review').locator('tr', { hasText: period }).getByText('灵山未来社区').waitFor()
      await drc.page.locator('[data-testid="ops-county-trend"] canvas').waitFor()
      assert.equal(await drc.page.getByTestId('ops-overdue-reports').getByText('灵山未来社区').count(), 0)
      await shot(drc.page, 'ops-monitoring-after')
      assert.deepEqual(drc.page.errors, [])
    } finally {
      await drc.context.close()
      await county.context.close()
    }
  })

  test('an action item past its deadline shows as overdue to the DRC office', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'drc')
      await page.getByTestId('menu-ops-leadership').click()
      await page.getByTestId('page-ops-leadership').waitFor()
      const decision = `E2E督办-${Date.now()}`
      await page.getByTestId('ops-action-meeting').click()
      await page.getByRole('option').first().click()
      await input(page, 'ops-action-decision').fill(decision)
      await input(page, 'ops-action-deadline').fill('2025-01-15')
      await page.getByTestId('ops-action-add').click()
      const row = page.getByTestId('ops-actions').locator('tr', { hasText: decision })
      await row.getByText('已逾期').waitFor()
      assert.match(await row.getAttribute('class'), /ops-overdue/)
      await page.getByTestId('ops-overdue-count').waitFor()
      await shot(page, 'ops-leadership')
      // programme2: a meeting's minutes are edited on screen (PUT with its version). Our own meeting.
      const title = `E2E会议-${Date.now()}`
      await input(page, 'ops-meeting-held-on').fill('2026-11-20')
      await input(page, 'ops-meeting-title').fill(title)
      await page.locator('textarea[data-testid="ops-meeting-minutes"]').fill('初稿')
      await page.getByTestId('ops-meeting-submit').click()
      const meeting = page.getByTestId('ops-meetings').locator('tr', { hasText: title })
      await meeting.waitFor()
      await meeting.getByRole('button', { name: '编辑' }).click()
      await page.locator('textarea[data-testid="ops-meeting-minutes"]').fill('修订：会议纪要定稿')
      await page.getByTestId('ops-meeting-submit').click()
      await meeting.getByText('修订：会议纪要定稿').waitFor()
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('targets board and green channel render for a city leader (phone too)', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'leader')
      await page.setViewportSize(PHONE) // the side menu folds away on a phone: sign in first
      await page.goto('/ops/targets')
      await page.getByTestId('ops-targets').getByText('莲都区').waitFor()
      await shot(page, 'ops-targets-phone')
      await page.goto('/ops/green-channel')
      await page.getByTestId('ops-slowest').getByText('灵山单元控规调整').waitFor()
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })
})
