// Community ledgers in the browser (its own objects, titled with a unique stamp): a resident earns
// hours by a service the grid worker confirms as proxy, transfers an hour to her father-in-law, who
// spends it on a visit she confirms as family; points are awarded and redeemed; a foundation
// expense is proposed, approved by two others, paid and shown on the public disclosure page.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { DESK, PHONE, input, launch, login, newPage, shot } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

const stamp = Date.now().toString(36)

async function as(user, viewport, fn, password = undefined) {
  // Sign in at desk size (the phone layout hides the side menu the helper waits for), then resize.
  const { context, page } = await newPage(chrome.browser, DESK)
  try {
    await login(page, user, password)
    if (viewport !== DESK) await page.setViewportSize(viewport)
    await fn(page)
    assert.deepEqual(page.errors, [])
  } finally {
    await context.close()
  }
}

async function pick(page, testId, text) {
  await page.getByTestId(testId).click()
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click()
}

async function tab(page, name) {
  await page.locator('.el-tabs__item', { hasText: name }).first().click()
}

/** The id of the service card with this title on the time-bank square. */
async function serviceId(page, title) {
  const card = page.locator(`[data-title="${title}"]`).first()
  await card.waitFor({ timeout: 15000 })
  return (await card.getAttribute('data-testid')).replace('service-', '')
}

async function click(page, testId) {
  const el = page.getByTestId(testId)
  await el.waitFor({ timeout: 15000 })
  await el.click()
  await page.locator('.el-message--success').last().waitFor({ timeout: 15000 })
}

async function ask(page, person, title, pay = false) {
  await tab(page, '求助 / 帮忙')
  await pick(page, 'svc-person', person)
  await input(page, 'svc-title').fill(title)
  if (pay) await page.getByTestId('svc-pay').click()
  await click(page, 'svc-submit')
}

async function serveAndCheckOut(page, title, volunteer) {
  await page.goto('/timebank')
  const id = await serviceId(page, title)
  await pick(page, `take-as-${id}`, volunteer)
  await click(page, `take-${id}`)
  await click(page, `checkin-${id}`)
  await click(page, `checkout-${id}`)
  return id
}

async function hours(page, n) {
  const el = page.locator('[data-testid^="hours-"]').nth(n)
  await el.waitFor()
  return Number(await el.textContent())
}

// One browser test walks the whole demo path of the issue (three steps, in order).
test('the demo path: hours earned by a confirmed service and spent by family, points earned and redeemed, a foundation expense approved and disclosed', async (t) => {
  await t.test('hours are earned, transferred within the family and spent', async () => {
    const t1 = `e2e探访-${stamp}`, t2 = `e2e陪诊-${stamp}`
    await as('grid', DESK, async (page) => {
      await page.goto('/timebank')
      await ask(page, '王女士', t1)
    })
    let lihua0, jianguo0
    await as('resident', PHONE, async (page) => {
      await page.goto('/timebank')
      lihua0 = await hours(page, 0)
      jianguo0 = await hours(page, 1)
      await serveAndCheckOut(page, t1, '张丽华')
      await shot(page, 'ledger-resident-timebank')
    })
    await as('grid', DESK, async (page) => {
      await page.goto('/timebank')
      await click(page, `confirm-${await serviceId(page, t1)}`)
    })
    await as('resident', PHONE, async (page) => {
      await page.goto('/timebank')
      assert.equal(await hours(page, 0), lihua0 + 1, 'the confirmed hour is credited')
      await tab(page, '转赠')
      await pick(page, 'transfer-to', '张建国')
      await click(page, 'transfer-submit')
      await page.goto('/timebank')
      assert.equal(await hours(page, 0), lihua0)
      assert.equal(await hours(page, 1), jianguo0 + 1, 'the father-in-law received the hour')
      await ask(page, '张建国', t2, true)
    })
    await as('grid', DESK, async (page) => {
      await serveAndCheckOut(page, t2, '王女士')
    })
    await as('resident', PHONE, async (page) => {
      await page.goto('/timebank')
      await click(page, `confirm-${await serviceId(page, t2)}`)
      await page.goto('/timebank')
      assert.equal(await hours(page, 1), jianguo0, 'the transferred hour was spent on his visit')
    })
  })

  await t.test('points are awarded and redeemed', async () => {
    await as('grid', DESK, async (page) => {
      await page.goto('/points')
      await pick(page, 'award-rule', '参加志愿服务')
      await pick(page, 'award-person', '张丽华')
      await click(page, 'award-submit')
    })
    await as('resident', PHONE, async (page) => {
      await page.goto('/points')
      const tag = page.locator('[data-testid^="pts-"]').first()
      await tag.waitFor()
      const before = Number((await tag.textContent()).match(/(\d+)/)[1])
      assert.ok(before >= 10)
      const item = page.locator('[data-name="环保购物袋"]').first()
      const id = (await item.getAttribute('data-testid')).replace('item-', '')
      await click(page, `redeem-${id}`)
      await page.goto('/points')
      await tag.waitFor()
      assert.equal(Number((await tag.textContent()).match(/(\d+)/)[1]), before - 5)
      await shot(page, 'ledger-resident-points')
    })
  })

  await t.test('a foundation expense is approved by two others, paid and disclosed', async () => {
    const title = `e2e支出-${stamp}`
    let pid, fundLink
    await as('community', DESK, async (page) => {
      await page.goto('/foundation')
      await input(page, 'proposal-title').fill(title)
      await input(page, 'proposal-payee').fill('测试收款方')
      await click(page, 'proposal-submit')
      const card = page.locator(`[data-title="${title}"]`).first()
      pid = (await card.getAttribute('data-testid')).replace('proposal-', '')
      fundLink = await page.getByTestId('disclosure-link').getAttribute('href')
    })
    // A second board member of our own (other test files change demo passwords): the admin
    // creates a community admin of 灵山社区 for this test.
    const second = `e2efd${stamp}`, secret = 'E2e-Fund-Pass-2026'
    await as('admin', DESK, async (page) => {
      const status = await page.evaluate(async ({ second, secret }) => {
        const post = (url, body) => fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })
        const funds = await (await fetch('/api/v1/public/foundation/funds')).json()
        const acc = await (await post('/api/v1/accounts', { login: second, display_name: '理事（测试）', password: secret })).json()
        const grant = await post(`/api/v1/accounts/${acc.id}/grants`, { role: 'community_admin', org_unit_id: funds.items[0].community_id })
        return grant.status
      }, { second, secret })
      assert.equal(status, 201)
      await page.goto('/foundation')
      await click(page, `approve-${pid}`)
    })
    await as(second, DESK, async (page) => {
      await page.goto('/foundation')
      await click(page, `approve-${pid}`)
    }, secret)
    await as('community', DESK, async (page) => {
      await page.goto('/foundation')
      await input(page, `receipt-${pid}`).fill(`FP-${stamp}`)
      await click(page, `pay-${pid}`)
    })
    const { context, page } = await newPage(chrome.browser, PHONE)
    try {
      await page.goto(fundLink)
      await page.getByTestId('public-expenses').getByText(title).waitFor({ timeout: 15000 })
      await shot(page, 'ledger-public-disclosure')
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })
})
