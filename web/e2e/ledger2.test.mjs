// Community ledger administration and phone views (issue #7, second part): the community admin
// edits the time-bank policy (and puts it back: the demo server is shared), registers a family
// relation, edits a catalogue item, and exports the statistics as CSV and XLSX; the resident's
// time-bank and points pages fit a 390×844 phone without sideways scrolling; the grid worker's
// proxy view lists the persons of the grid and marks that actions are recorded as proxy.
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESK, PHONE, input, launch, login, newPage, shot } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

async function as(user, viewport, fn) {
  const { context, page } = await newPage(chrome.browser, DESK)
  try {
    await login(page, user)
    if (viewport !== DESK) await page.setViewportSize(viewport)
    await fn(page)
    assert.deepEqual(page.errors, [])
  } finally {
    await context.close()
  }
}

async function tab(page, name) {
  await page.locator('.el-tabs__item', { hasText: name }).first().click()
}

async function saved(page, testId) {
  const before = await page.locator('.el-message--success').count()
  await page.getByTestId(testId).click()
  await page.waitForFunction((n) => document.querySelectorAll('.el-message--success').length > n, before, { timeout: 15000 })
}

async function numberIn(page, testId) {
  return Number(await page.getByTestId(testId).locator('input').inputValue())
}

async function setNumber(page, testId, value) {
  const box = page.getByTestId(testId).locator('input')
  await box.fill(String(value))
  await box.blur()
}

describe('community ledger administration', () => {
  test('policy, relations, catalogue and statistics export', async () => {
    await as('community', DESK, async (page) => {
      await page.goto('/ledger-admin')
      await page.getByTestId('adm-settings').waitFor()
      await page.waitForFunction(() => document.querySelector('[data-testid="adm-daily"] input')?.value !== '')
      const daily = await numberIn(page, 'adm-daily')
      await setNumber(page, 'adm-daily', daily + 1)
      await saved(page, 'adm-save-settings')
      await page.goto('/ledger-admin')
      await page.getByTestId('adm-settings').waitFor()
      await page.waitForFunction((v) => document.querySelector('[data-testid="adm-daily"] input')?.value === String(v), daily + 1, { timeout: 15000 })
      // Put the shared demo's policy back.
      await setNumber(page, 'adm-daily', daily)
      await saved(page, 'adm-save-settings')
      await shot(page, 'ledger-admin-settings')

      // A family relation between two registered persons: listed as a transfer receiver.
      await tab(page, '亲属登记')
      await page.getByTestId('rel-person').click()
      await page.locator('.el-select-dropdown__item:visible').nth(4).click()
      // Let the first dropdown finish closing, or its fading options count among the second's.
      await page.locator('.el-select-dropdown__item:visible').first().waitFor({ state: 'hidden', timeout: 15000 })
      await page.getByTestId('rel-relative').click()
      const relative = page.locator('.el-select-dropdown__item:visible').nth(7)
      await relative.waitFor({ timeout: 15000 })
      const name = (await relative.textContent()).trim()
      await relative.click()
      await saved(page, 'rel-submit')
      await page.getByTestId('rel-list').getByText(name).first().waitFor({ timeout: 15000 })

      // Catalogue: one more in stock.
      await tab(page, '兑换目录')
      const card = page.locator('.el-card[data-testid^="adm-item-"]').first()
      await card.waitFor()
      const id = (await card.getAttribute('data-testid')).replace('adm-item-', '')
      const stock = await numberIn(page, `adm-item-stock-${id}`)
      await setNumber(page, `adm-item-stock-${id}`, stock + 1)
      await saved(page, `adm-item-save-${id}`)
      await page.goto('/points')
      await page.goto('/ledger-admin')
      await tab(page, '兑换目录')
      await page.waitForFunction(({ id, v }) => document.querySelector(`[data-testid="adm-item-stock-${id}"] input`)?.value === String(v), { id, v: stock + 1 }, { timeout: 15000 })

      // Statistics with CSV and XLSX export.
      await tab(page, '统计')
      await page.getByTestId('adm-stats').waitFor()
      const csv = await page.evaluate(async (href) => (await fetch(href)).text(), await page.getByTestId('adm-csv').getAttribute('href'))
      assert.match(csv, /confirmed_as/)
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('adm-xlsx').click()])
      assert.match(download.suggestedFilename(), /^timebank-\d+\.xlsx$/)
      await shot(page, 'ledger-admin-stats')
    })
  })

  test('resident phone views fit 390×844; the grid worker acts as a recorded proxy', async () => {
    await as('resident', PHONE, async (page) => {
      for (const path of ['/timebank', '/points']) {
        await page.goto(path)
        await page.locator('[data-testid^="hours-"], [data-testid^="pts-"]').first().waitFor({ timeout: 15000 })
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
        assert.ok(overflow <= 1, `${path} scrolls sideways by ${overflow}px on a phone`)
      }
      await shot(page, 'ledger-resident-points-phone')
    })
    await as('grid', PHONE, async (page) => {
      await page.goto('/timebank')
      await page.locator('.el-alert', { hasText: '代办' }).waitFor({ timeout: 15000 })
      await tab(page, '求助 / 帮忙')
      await page.getByTestId('svc-person').click()
      // The options render after the dropdown opens: wait for them before counting.
      await page.locator('.el-select-dropdown__item:visible').nth(2).waitFor({ timeout: 15000 })
      assert.ok((await page.locator('.el-select-dropdown__item:visible').count()) > 2, 'the grid\'s persons are listed')
      await page.keyboard.press('Escape')
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      assert.ok(overflow <= 1, `the proxy view scrolls sideways by ${overflow}px`)
    })
  })
})
