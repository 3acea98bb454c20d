// Work orders, "platform + butler" (issue #8): a resident reports a leaking pipe with a photo on a
// phone-sized screen, the butler works it through the queue and finishes within the SLA, and the
// resident confirms and rates it. Creates its own order (a unique description), so it does not
// depend on other browser tests. The Open311 endpoints are covered by the C++ tests.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, input, login, shot, PASSWORD, PHONE } from './helpers.mjs'

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
)

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

describe('work orders', () => {
  test('a leaking pipe reported on a phone is resolved within SLA, confirmed and rated', async () => {
    const desc = `厨房水管漏水 E2E-${Date.now()}`
    const phone = await newPage(chrome.browser, PHONE)
    const desk = await newPage(chrome.browser)
    try {
      // The resident reports it from the phone.
      const rp = phone.page
      await rp.goto('/login')
      await input(rp, 'login-user').fill('resident')
      await input(rp, 'login-password').fill(PASSWORD)
      await rp.getByTestId('login-submit').click()
      await rp.getByTestId('home-resident').waitFor()
      await rp.goto('/work-orders')
      await rp.getByTestId('work-orders-page').waitFor()
      await rp.waitForLoadState('networkidle')
      const width = await rp.evaluate(() => document.scrollingElement.scrollWidth)
      assert.ok(width <= 390, `scrollWidth ${width} > 390 on the work-orders page`)
      await rp.getByTestId('wo-category').selectOption('water_leak')
      await rp.getByTestId('wo-description').fill(desc)
      await rp.getByTestId('wo-location').fill('1幢1单元201 厨房')
      await rp.getByTestId('wo-photos').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: PNG })
      await shot(rp, 'workorders-phone-report')
      await rp.getByTestId('wo-submit').click()
      const mine = rp.getByTestId('wo-mine-card').filter({ hasText: desc })
      await mine.waitFor()
      assert.match(await mine.getByTestId('wo-status').innerText(), /已上报/)
      assert.equal(await mine.locator('img').count(), 1)
      await shot(rp, 'workorders-phone-mine')

      // The butler works it from the queue: every step is a button on the card.
      const bp = desk.page
      await login(bp, 'butler')
      await bp.goto('/work-orders')
      await bp.getByTestId('work-orders-page').waitFor()
      const card = bp.getByTestId('wo-queue-card').filter({ hasText: desc })
      await card.waitFor()
      assert.match(await card.getByTestId('wo-sla').innerText(), /响应剩余 \d+ 分钟/)
      for (const [step, status] of [
        ['triage', '已分拣'],
        ['assign', '已派单'],
        ['accept', '已接单'],
        ['start', '处理中'],
        ['finish', '已完成待确认'],
      ]) {
        await card.getByTestId(`wo-step-${step}`).click()
        await card.getByTestId('wo-status').getByText(status, { exact: true }).waitFor()
      }
      assert.match(await card.getByTestId('wo-sla').innerText(), /按时办结/)
      await shot(bp, 'workorders-butler-finished')

      // The resident confirms and rates it.
      await rp.reload()
      await rp.getByRole('tab', { name: '我的报修' }).click()
      await mine.getByTestId('wo-status').getByText('已完成待确认').waitFor()
      await mine.getByTestId('wo-confirm').click()
      await mine.getByTestId('wo-status').getByText('已确认').waitFor()
      await mine.getByTestId('wo-rating').selectOption('5')
      await mine.getByTestId('wo-rate').click()
      await mine.getByTestId('wo-rated').getByText('满意度 5 分').waitFor()
      await shot(rp, 'workorders-phone-rated')

      // The statistics count it as met.
      await bp.reload()
      await bp.getByRole('tab', { name: '统计' }).click()
      await bp.getByTestId('wo-stats').waitFor()
      assert.match(await bp.getByTestId('wo-kpi-sla').innerText(), /%/)
      assert.deepEqual(rp.errors, [])
      assert.deepEqual(bp.errors, [])
    } finally {
      await phone.context.close()
      await desk.context.close()
    }
  })
})
