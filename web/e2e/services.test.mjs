// Community services (issue #8): a resident books a shared parking slot on a phone and sees it in
// their bookings; a second, overlapping booking is refused with a clear message. Uses the demo
// slot LS-C01 (open every day, all day), which no other browser test touches, six days ahead.
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
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })
})
