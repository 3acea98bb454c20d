// Shared e2e helpers: one Chromium (Debian's, never downloaded) per test file, demo logins, and
// screenshots into ../test-artifacts/screenshots.
import { chromium } from 'playwright-core'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BASE = process.env.WEILAI_BASE_URL ?? ''
export const PASSWORD = process.env.WEILAI_DEMO_PASSWORD ?? ''
if (!BASE || !PASSWORD) {
  throw new Error('WEILAI_BASE_URL and WEILAI_DEMO_PASSWORD must be set (scripts/test.sh starts a real `weilai serve`)')
}
const here = path.dirname(fileURLToPath(import.meta.url))
export const SHOTS = path.resolve(here, '../../test-artifacts/screenshots')
fs.mkdirSync(SHOTS, { recursive: true })

export const DESK = { width: 1440, height: 900 }
export const PHONE = { width: 390, height: 844 }

export async function launch() {
  // Playwright gives every launch a fresh temporary profile (--user-data-dir) of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  })
  return {
    browser,
    async close() {
      await browser.close()
    },
  }
}

/** A fresh context (own cookies and localStorage) with console errors collected. */
export async function newPage(browser, viewport = DESK) {
  const context = await browser.newContext({ viewport, baseURL: BASE, locale: 'zh-CN' })
  const page = await context.newPage()
  page.errors = []
  page.on('pageerror', (e) => page.errors.push(String(e)))
  return { context, page }
}

export async function login(page, user, password = PASSWORD) {
  await page.goto('/login')
  await input(page, 'login-user').fill(user)
  await input(page, 'login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 15000 })
  await page.getByTestId('side-menu').waitFor()
}

export async function shot(page, name) {
  await page.waitForTimeout(300)
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

/** The names of the visible side-menu entries, e.g. ['home', 'projects']. */
export async function menuNames(page) {
  const ids = await page.getByTestId('side-menu').locator('[data-testid^="menu-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
  return ids.map((s) => s.replace(/^menu-/, ''))
}

/** An Element Plus input by test id (el-input puts the attribute on the <input> itself). */
export function input(page, testId) {
  return page.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first()
}

/** Visible controls with no accessible name (label, aria-label, aria-labelledby, title or text). */
export async function unlabelledControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]),button,select,textarea,[role=combobox],[role=button],a[href]')]
      .filter((el) => el.getClientRects().length > 0)
      .filter((el) => {
        const labels = el.labels ? [...el.labels].map((l) => l.textContent).join('').trim() : ''
        return !(labels || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title') || el.textContent.trim())
      })
      .map((el) => el.outerHTML.slice(0, 160)),
  )
}
