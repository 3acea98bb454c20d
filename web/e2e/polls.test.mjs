// Collective choice (polls, issue #8): a resident votes on a phone, the community admin closes the
// poll and publishes the result with a decision, and the resident sees the published result. The
// test creates and opens its own poll (through the API, as the admin), so it depends on no other
// test and no demo poll.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, newPage, input, login, shot, PASSWORD, PHONE } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

async function api(method, path, token, body) {
  const res = await fetch(`${BASE}${path}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

describe('collective choice', () => {
  test('a resident votes on a phone, the admin closes and publishes, the resident sees the result', async () => {
    const title = `楼道照明改造 ${Date.now()}`
    const admin = (await api('POST', '/api/v1/auth/login', null, { login: 'community', password: PASSWORD })).body.token
    const created = await api('POST', '/api/v1/polls', admin, {
      title,
      description: '选择 3 幢楼道的照明方式',
      kind: 'single',
      options: ['LED 感应灯', '常亮节能灯', '维持现状'],
      quorum_pct: 0,
      hide_results: true,
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const id = created.body.id
    const opened = await api('POST', `/api/v1/polls/${id}/phase`, admin, { step: 'open_voting', version: 1 })
    assert.equal(opened.status, 200, JSON.stringify(opened.body))

    // The resident votes on a phone-sized screen.
    const phone = await newPage(chrome.browser, PHONE)
    try {
      const { page } = phone
      await page.goto('/login')
      await input(page, 'login-user').fill('resident')
      await input(page, 'login-password').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.getByTestId('home-resident').waitFor()
      await page.goto('/polls')
      await page.getByTestId('polls-page').waitFor()
      const card = page.getByTestId(`poll-card-${id}`)
      await card.waitFor()
      await page.waitForLoadState('networkidle')
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth)
      assert.ok(width <= 390, `scrollWidth ${width} > 390 on the polls page`)
      assert.match(await card.innerText(), /投票中/)
      const vote = page.getByTestId(`poll-vote-${id}`)
      assert.equal(await vote.isDisabled(), true) // nothing chosen yet
      await page.getByTestId(`poll-option-${id}-0`).click()
      await shot(page, 'polls-phone-ballot')
      await vote.click()
      await page.getByTestId(`poll-voted-${id}`).waitFor()
      // Results stay hidden until close.
      assert.equal(await page.getByTestId(`poll-result-${id}`).count(), 0)
      await shot(page, 'polls-phone-voted')
      assert.deepEqual(page.errors, [])
    } finally {
      await phone.context.close()
    }

    // The community admin closes the poll and publishes the result with the decision.
    const desk = await newPage(chrome.browser)
    try {
      const { page } = desk
      await login(page, 'community')
      await page.getByTestId('menu-polls').click()
      await page.getByTestId('polls-page').waitFor()
      const card = page.getByTestId(`poll-card-${id}`)
      await page.getByTestId(`poll-close-${id}`).click()
      await card.getByText('已截止').waitFor()
      const result = page.getByTestId(`poll-result-${id}`)
      await result.waitFor()
      assert.match(await result.innerText(), /参与 1\/\d+ 户/)
      await page.locator(`textarea[data-testid="poll-decision-input-${id}"], [data-testid="poll-decision-input-${id}"] textarea`).first().fill('采用 LED 感应灯，下月施工')
      await page.getByTestId(`poll-publish-${id}`).click()
      await page.getByTestId(`poll-decision-${id}`).waitFor()
      await shot(page, 'polls-admin-published')
      assert.deepEqual(page.errors, [])
    } finally {
      await desk.context.close()
    }

    // The resident sees the published result and the decision.
    const again = await newPage(chrome.browser, PHONE)
    try {
      const { page } = again
      await page.goto('/login')
      await input(page, 'login-user').fill('resident')
      await input(page, 'login-password').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.getByTestId('home-resident').waitFor()
      await page.goto('/polls')
      const result = page.getByTestId(`poll-result-${id}`)
      await result.waitFor()
      const text = await result.innerText()
      assert.match(text, /最终结果/)
      assert.match(text, /★ LED 感应灯/)
      assert.match(await page.getByTestId(`poll-decision-${id}`).innerText(), /采用 LED 感应灯/)
      assert.match(await page.getByTestId(`poll-card-${id}`).innerText(), /已公布/)
      await shot(page, 'polls-phone-published')
      assert.deepEqual(page.errors, [])
    } finally {
      await again.context.close()
    }
  })
})
