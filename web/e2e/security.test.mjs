// Smart security (issue #8): the community admin registers a device in the browser (its secret is
// shown once), the test — playing the device — posts a signed smoke alarm, and the alarm appears
// with its case (a security work order); a butler records it as a false alarm. Uses its own device
// code (unique per run), so it does not depend on other browser tests.
import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHmac } from 'node:crypto'
import { BASE, launch, newPage, login, input, shot } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

async function postSigned(deviceId, secret, eventId, body) {
  const ts = String(Date.now())
  const text = JSON.stringify(body)
  const sig = createHmac('sha256', secret).update(`${deviceId}\n${eventId}\n${ts}\n${text}`).digest('hex')
  return fetch(`${BASE}/api/v1/security/events`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Weilai-Device': String(deviceId),
      'X-Weilai-Event-Id': eventId,
      'X-Weilai-Timestamp': ts,
      'X-Weilai-Signature': sig,
    },
    body: text,
  })
}

describe('smart security', () => {
  test('admin registers a device; its signed alarm appears as a case; a butler marks it false', async () => {
    const code = `E2E-SMK-${Date.now() % 100000}`
    const eventId = `e2e-${Date.now()}`
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'community')
      await page.goto('/security')
      await page.getByTestId('security-page').waitFor()
      await page.getByRole('tab', { name: '设备' }).click()
      await input(page, 'security-device-code').fill(code)
      await page.getByTestId('security-device-kind').selectOption('smoke_sensor')
      await input(page, 'security-device-name').fill('端到端烟感')
      await input(page, 'security-device-location').fill('3幢楼道')
      await page.getByTestId('security-device-register').click()
      const secret = (await page.getByTestId('security-secret-value').textContent()).trim()
      assert.equal(secret.length, 43)
      await shot(page, 'security-device-secret')
      const devices = await page.evaluate(async () => (await (await fetch('/api/v1/security/devices')).json()).items)
      const device = devices.find((d) => d.code === code)
      assert.ok(device, 'the registered device is listed')
      assert.equal(JSON.stringify(devices).includes(secret), false, 'the secret is never listed')

      // Out of service and back (its events are refused meanwhile: the C++ tests check that).
      await page.getByTestId(`security-device-toggle-${code}`).click()
      await page.getByTestId(`security-device-state-${code}`).getByText('停用').waitFor()
      await page.getByTestId(`security-device-toggle-${code}`).click()
      await page.getByTestId(`security-device-state-${code}`).getByText('启用').waitFor()

      // A wrong signature is refused; the right one is stored with a case.
      const bad = await postSigned(device.id, 'wrong', eventId, { type: 'smoke', severity: 'alarm' })
      assert.equal(bad.status, 401)
      const res = await postSigned(device.id, secret, eventId, { type: 'smoke', severity: 'alarm', message: '烟雾报警' })
      assert.equal(res.status, 201)
      const event = await res.json()
      assert.ok(event.work_order_id, 'the alarm opened a work order')

      await page.getByRole('tab', { name: '告警与案件' }).click()
      await page.getByTestId('security-refresh').click()
      await page.getByTestId(`security-case-${eventId}`).getByText('已上报').waitFor()
      await shot(page, 'security-alarms')
    } finally {
      await context.close()
    }

    const butler = await newPage(chrome.browser)
    try {
      await login(butler.page, 'butler')
      await butler.page.goto('/security')
      await butler.page.getByTestId(`security-false-${eventId}`).click()
      await butler.page.getByTestId(`security-status-${eventId}`).getByText('误报').waitFor()
    } finally {
      await butler.context.close()
    }
  })
})
