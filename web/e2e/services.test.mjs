// Community services (issue #8): a resident books a shared parking slot on a phone and sees it in
// their bookings; a second, overlapping booking is refused with a clear message. Uses the demo
// slot LS-C01 (open every day, all day), which no other browser test touches, six days ahead; then
// books and cancels LS-S01, priced in points (the resident's balance ends where it began).
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launch, newPage, input, shot, PASSWORD, PHONE } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

describe('shared parking', () => {
  test('a resident books a slot on a phone, sees it, and an overlapping booking is refused', async () => {
    const { context, page } = await newPage(chrome.browser, PHONE)
    try {
      // Sign in on the phone (the side menu is folded away there).
      await page.goto('/login')
      await input(page, 'login-user').fill('resident')
      await input(page, 'login-password').fill(PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.getByTestId('home-resident').waitFor()
      await page.goto('/parking')
      await page.getByTestId('parking-page').waitFor()
      await page.waitForLoadState('networkidle')
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth)
      assert.ok(width <= 390, `scrollWidth ${width} > 390 on the parking page`)
      const day = page.getByTestId('parking-day')
      const options = await day.locator('option').evaluateAll((os) => os.map((o) => o.value))
      await day.selectOption(options[6])
      await page.getByTestId('parking-start').selectOption({ label: '10:00' })
      await page.getByTestId('parking-duration').selectOption({ label: '60 分钟' })
      await page.getByTestId('parking-search').click()
      const card = page.getByTestId('parking-slot-LS-C01')
      await card.getByText('空闲').waitFor()
      await shot(page, 'parking-phone-search')
      await page.getByTestId('parking-book-LS-C01').click()
      await page.getByText('已预订 LS-C01').waitFor()

      await page.getByRole('tab', { name: '我的预订' }).click()
      const booking = page.getByTestId('parking-booking').filter({ hasText: 'LS-C01' }).first()
      await booking.waitFor()
      const text = await booking.innerText()
      assert.match(text, /10:00 – .*11:00/)
      assert.match(text, /已预订/)
      await shot(page, 'parking-phone-mine')

      // A second booking 10:30–11:30 overlaps the first: the server refuses it and the page says
      // so in words, and nothing new appears in the bookings.
      await page.getByRole('tab', { name: '找车位' }).click()
      await page.getByTestId('parking-start').selectOption({ label: '10:30' })
      await page.getByTestId('parking-book-LS-C01').click()
      const error = page.getByTestId('parking-error')
      await error.waitFor()
      assert.match(await error.innerText(), /已被预订/)
      await shot(page, 'parking-phone-refused')
      // A fresh search for 10:30 shows the slot as taken.
      await page.getByTestId('parking-search').click()
      await card.getByText('已占用或未开放').waitFor()
      await page.getByRole('tab', { name: '我的预订' }).click()
      assert.equal(await page.getByTestId('parking-booking').filter({ hasText: 'LS-C01' }).count(), 1)

      // LS-S01 (the school's) is priced in points: booking 19:00–20:00 shows the price and takes
      // 2 积分 from the resident's balance; cancelling gives them back (a ledger reversal).
      await page.getByRole('tab', { name: '找车位' }).click()
      const points = page.getByTestId('parking-my-points')
      await points.waitFor()
      const balance = () => points.innerText().then((t) => Number(t.match(/(\d+)/)[1]))
      const before = await balance()
      await page.getByTestId('parking-start').selectOption({ label: '19:00' })
      await page.getByTestId('parking-search').click()
      const school = page.getByTestId('parking-slot-LS-S01')
      await school.getByText('空闲').first().waitFor()
      assert.match(await page.getByTestId('parking-price-LS-S01').innerText(), /2 积分\/小时.*本次需 2 积分/)
      await page.getByTestId('parking-book-LS-S01').click()
      await page.getByText('已预订 LS-S01').waitFor()
      await shot(page, 'parking-phone-points')
      await page.waitForFunction((n) => document.querySelector('[data-testid="parking-my-points"]')?.textContent?.includes(`：${n}`), before - 2)
      await page.getByRole('tab', { name: '我的预订' }).click()
      const paid = page.getByTestId('parking-booking').filter({ hasText: 'LS-S01' }).first()
      assert.match(await paid.innerText(), /2 积分/)
      await paid.getByRole('button', { name: '取消预订' }).click()
      await paid.getByText('积分已退还').waitFor()
      await page.waitForFunction((n) => document.querySelector('[data-testid="parking-my-points"]')?.textContent?.includes(`：${n}`), before)

      // The slot form offers 积分 as a price kind; a points price of 0 is refused by the server
      // (nothing is registered, so the demo's slot counts stay as they are).
      await page.getByRole('tab', { name: '发布共享时段' }).click()
      const form = page.getByTestId('parking-register')
      await form.waitFor()
      await input(page, 'parking-reg-code').fill('E2E-PTS')
      await page.getByTestId('parking-reg-price-kind').selectOption({ label: '积分' })
      await form.getByText('每小时积分').waitFor()
      await input(page, 'parking-reg-price').fill('0')
      await page.getByTestId('parking-reg-submit').click()
      await page.getByTestId('parking-reg-error').waitFor()
      assert.match(await page.getByTestId('parking-reg-error').innerText(), /price_per_hour/)
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })
})
