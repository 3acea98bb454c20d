// Browser tests against a real `weilai serve --demo` (scripts/test.sh starts it).
import { describe, test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, DESK, PHONE, input, launch, login, menuNames, newPage, shot, unlabelledControls } from './helpers.mjs'

let chrome
before(async () => {
  chrome = await launch()
})
after(async () => {
  await chrome?.close()
})

// What each demo role must (and must not) see in the side menu.
const ROLE_MENUS = {
  admin: { has: ['home', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'org-units', 'accounts', 'audit', 'evaluations', 'rulesets', 'timebank', 'points', 'foundation', 'ledger-admin', 'parking', 'work-orders', 'polls', 'security'], not: ['surveys'] },
  drc: { has: ['home', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'rulesets', 'survey-admin'], not: ['accounts', 'audit', 'surveys', 'timebank', 'foundation', 'polls'] },
  leader: { has: ['home', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'rulesets'], not: ['accounts', 'audit', 'surveys', 'parking', 'work-orders'] },
  province: { has: ['home', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'rulesets'], not: ['accounts', 'audit', 'surveys', 'parking', 'work-orders'] },
  liandu: { has: ['home', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'survey-admin'], not: ['accounts', 'audit', 'surveys', 'parking', 'polls'] },
  longquan: { has: ['home', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations'], not: ['accounts', 'audit', 'surveys', 'parking'] },
  community: { has: ['home', 'survey-admin', 'timebank', 'points', 'foundation', 'ledger-admin', 'parking', 'work-orders', 'polls', 'security'], not: ['accounts', 'audit', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations'] },
  butler: { has: ['home', 'foundation', 'parking', 'work-orders', 'security'], not: ['accounts', 'audit', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'survey-admin', 'timebank', 'points', 'polls'] },
  grid: { has: ['home', 'org-units', 'timebank', 'points'], not: ['accounts', 'audit', 'projects', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'foundation', 'parking', 'ledger-admin', 'work-orders', 'polls'] },
  resident: { has: ['home', 'surveys', 'timebank', 'points', 'parking', 'work-orders', 'polls'], not: ['accounts', 'audit', 'projects', 'org-units', 'programme', 'ops-monitoring', 'ops-targets', 'ops-green-channel', 'ops-leadership', 'evaluations', 'rulesets', 'foundation', 'ledger-admin', 'security'] },
}

describe('sign-in', () => {
  test('wrong password shows the Chinese error mapped from the problem code', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await page.goto('/login')
      await input(page, 'login-user').fill('resident')
      await input(page, 'login-password').fill('definitely-wrong-password')
      await page.getByTestId('login-submit').click()
      await page.getByTestId('login-error').waitFor()
      const text = await page.getByTestId('login-error').innerText()
      assert.match(text, /用户名或密码错误|尝试次数过多/)
      await shot(page, 'login-error')
    } finally {
      await context.close()
    }
  })

  for (const [user, expect] of Object.entries(ROLE_MENUS)) {
    test(`${user} sees the right menu`, async () => {
      const { context, page } = await newPage(chrome.browser)
      try {
        await login(page, user)
        const names = await menuNames(page)
        for (const n of expect.has) assert.ok(names.includes(n), `${user}: menu lacks ${n} (has ${names})`)
        for (const n of expect.not) assert.ok(!names.includes(n), `${user}: menu must not show ${n} (has ${names})`)
        assert.deepEqual(page.errors, [])
      } finally {
        await context.close()
      }
    })
  }
})

describe('pages', () => {
  test('official dashboard: stats, charts and the county map', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'drc')
      await page.getByTestId('home-official').waitFor()
      await page.locator('.echart canvas').first().waitFor()
      await page.locator('[data-testid="county-map"] canvas').waitFor()
      await page.locator('.county-label').first().waitFor({ timeout: 15000 })
      assert.equal(await page.locator('.county-label').count(), 9)
      assert.match(await page.locator('.maplibregl-ctrl-attrib').innerText(), /DataV/)
      await page.waitForTimeout(800)
      await shot(page, 'home-official')
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('projects list with county and stage filters', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'province')
      await page.getByTestId('menu-projects').click()
      await page.getByTestId('page-projects').waitFor()
      await page.getByTestId('projects-table').waitFor()
      await page.waitForLoadState('networkidle')
      await shot(page, 'projects')
      // The stage filter lists the Chinese stage names from docs/API.md.
      await page.getByTestId('filter-stage').click()
      await page.getByRole('option', { name: '省级试点' }).waitFor()
      await page.keyboard.press('Escape')
    } finally {
      await context.close()
    }
  })

  test('org-unit tree and details', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-org-units').click()
      await page.getByTestId('org-tree').waitFor()
      await page.getByTestId('org-tree').getByText('丽水市', { exact: true }).first().click()
      await page.getByTestId('org-detail').waitFor()
      assert.match(await page.getByTestId('org-detail').innerText(), /丽水市/)
      await shot(page, 'org-units')
    } finally {
      await context.close()
    }
  })

  test('audit log and chain verification', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-audit').click()
      await page.getByTestId('audit-table').waitFor()
      await page.getByTestId('audit-verify').click()
      await page.getByTestId('audit-verify-result').waitFor()
      assert.match(await page.getByTestId('audit-verify-result').innerText(), /哈希链完整/)
      await shot(page, 'audit')
      // A non-numeric actor id is refused on the client, next to the field.
      await input(page, 'audit-actor').fill('abc')
      await input(page, 'audit-actor').press('Enter')
      await page.getByTestId('audit-actor-item').locator('.el-form-item__error').waitFor()
      // Filtering by action narrows the list to that action.
      await input(page, 'audit-actor').fill('')
      await input(page, 'audit-action').fill('auth.login')
      const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=auth.login'))
      await input(page, 'audit-action').press('Enter')
      assert.equal((await filtered).status(), 200)
      await page.waitForTimeout(300)
      const actions = await page.getByTestId('audit-table').locator('tbody tr td:nth-child(4)').allInnerTexts()
      assert.ok(actions.length > 0 && actions.every((a) => a.trim() === 'auth.login'), actions.join(','))
    } finally {
      await context.close()
    }
  })

  test('404 page for an unknown address', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await page.goto('/no/such/page')
      await page.getByTestId('page-404').waitFor()
      await shot(page, 'not-found')
    } finally {
      await context.close()
    }
  })
})

describe('permissions and forms', () => {
  test('a resident cannot open an admin page: 403 page, and the API refuses with 403', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'resident')
      await page.goto('/accounts')
      await page.getByTestId('page-403').waitFor()
      await shot(page, 'forbidden')
      const status = await page.evaluate(async () => (await fetch('/api/v1/accounts', { credentials: 'same-origin' })).status)
      assert.equal(status, 403)
    } finally {
      await context.close()
    }
  })

  test('create account with a short password shows the server 422 error next to the password field', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-accounts').click()
      await page.getByTestId('accounts-table').waitFor()
      await shot(page, 'accounts')
      await page.getByTestId('account-create').click()
      await input(page, 'account-login').fill(`e2e_${Date.now() % 100000}`)
      await input(page, 'account-name').fill('测试账号')
      await input(page, 'account-password').fill('abc')
      const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/accounts') && r.request().method() === 'POST')
      await page.getByTestId('account-save').click()
      const res = await answer
      assert.equal(res.status(), 422)
      const body = await res.json()
      assert.ok((body.errors ?? []).some((e) => e.field === '/password') || body.field === '/password', JSON.stringify(body))
      const err = page.getByTestId('account-password-item').locator('.el-form-item__error')
      await err.waitFor()
      assert.ok((await err.innerText()).length > 0)
      await shot(page, 'accounts-create-error')
    } finally {
      await context.close()
    }
  })

  test('session expiry sends to login and back to where the user was', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-audit').click()
      await page.getByTestId('audit-table').waitFor()
      await context.clearCookies()
      await page.getByTestId('menu-accounts').click()
      await page.waitForURL(/\/login\?/)
      const url = new URL(page.url())
      assert.equal(url.searchParams.get('redirect'), '/accounts')
      await input(page, 'login-user').fill('admin')
      await input(page, 'login-password').fill(process.env.WEILAI_DEMO_PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.waitForURL((u) => u.pathname === '/accounts')
      await page.getByTestId('accounts-table').waitFor()
    } finally {
      await context.close()
    }
  })
})

describe('administration', () => {
  test('admin creates an account, grants it a role on an org unit, then removes the grant', async () => {
    const { context, page } = await newPage(chrome.browser)
    const loginName = `e2e.user${Date.now() % 1000000}`
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-accounts').click()
      await page.getByTestId('account-create').click()
      await input(page, 'account-login').fill(loginName)
      await input(page, 'account-name').fill('端到端测试')
      await input(page, 'account-password').fill('Lsh-2025-future')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/accounts') && r.request().method() === 'POST')
      await page.getByTestId('account-save').click()
      assert.equal((await created).status(), 201)
      await page.getByTestId('account-dialog').waitFor({ state: 'hidden' })
      await input(page, 'accounts-search').fill(loginName)
      const searched = page.waitForResponse((r) => r.url().includes('/api/v1/accounts?') && r.url().includes(`q=${encodeURIComponent(loginName)}`))
      await input(page, 'accounts-search').press('Enter')
      assert.equal((await searched).status(), 200)
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tbody tr').length === 1)
      const row = page.getByTestId('accounts-table').locator('tr', { hasText: loginName })
      await row.waitFor()
      assert.equal(await page.getByTestId('accounts-table').locator('tbody tr').count(), 1)
      await row.getByRole('button', { name: '授权' }).click()
      const drawer = page.getByTestId('grants-drawer')
      await drawer.waitFor()
      await page.getByTestId('grant-role').click()
      await page.getByRole('option', { name: '网格员' }).click()
      await page.locator('.el-select[data-testid="org-unit-select"]').click()
      await page.keyboard.type('丽水市')
      await page.locator('.el-tree-select__popper .el-tree-node__content', { hasText: '丽水市' }).first().click()
      const added = page.waitForResponse((r) => /\/grants$/.test(r.url()) && r.request().method() === 'POST')
      await page.getByTestId('grant-add').click()
      assert.equal((await added).status(), 201)
      const grantRow = drawer.locator('tbody tr', { hasText: '丽水市' })
      await grantRow.waitFor()
      await shot(page, 'accounts-grants')
      await grantRow.getByRole('button', { name: '移除' }).click()
      const removed = page.waitForResponse((r) => /\/grants\/\w+$/.test(r.url()) && r.request().method() === 'DELETE')
      await page.locator('.el-message-box').getByRole('button', { name: '确定' }).click()
      assert.equal((await removed).status(), 204)
      await grantRow.waitFor({ state: 'detached' })
    } finally {
      await context.close()
    }
  })

  test('editing a stale account version shows the conflict and loads the current record; disabling works', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-accounts').click()
      await input(page, 'accounts-search').fill('longquan')
      const searched = page.waitForResponse((r) => r.url().includes('q=longquan'))
      await input(page, 'accounts-search').press('Enter')
      await searched
      const row = page.getByTestId('accounts-table').locator('tbody tr', { hasText: 'longquan' })
      await row.waitFor()
      await row.getByRole('button', { name: '编辑' }).click()
      await page.getByTestId('account-dialog').waitFor()
      // Someone else changes the account meanwhile.
      const bumped = await page.evaluate(async () => {
        const list = await (await fetch('/api/v1/accounts?q=longquan')).json()
        const a = list.items.find((x) => x.login === 'longquan')
        const r = await fetch(`/api/v1/accounts/${a.id}`, {
          method: 'PATCH', headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ display_name: '龙泉市未来办（他人修改）', version: a.version }),
        })
        return r.status
      })
      assert.equal(bumped, 200)
      await input(page, 'account-name').fill('龙泉市未来办（我的修改）')
      const stale = page.waitForResponse((r) => /\/api\/v1\/accounts\/\w+$/.test(r.url()) && r.request().method() === 'PATCH')
      await page.getByTestId('account-save').click()
      assert.equal((await stale).status(), 409)
      await page.getByTestId('account-alert').waitFor()
      assert.equal(await input(page, 'account-name').inputValue(), '龙泉市未来办（他人修改）')
      // Re-apply on the current version, and disable the account.
      await input(page, 'account-name').fill('龙泉市未来办')
      await page.getByTestId('account-disabled').click()
      const ok = page.waitForResponse((r) => /\/api\/v1\/accounts\/\w+$/.test(r.url()) && r.request().method() === 'PATCH')
      await page.getByTestId('account-save').click()
      assert.equal((await ok).status(), 200)
      await row.getByText('已停用').waitFor()
      // Enable it again so later runs of the suite are unaffected.
      await row.getByRole('button', { name: '编辑' }).click()
      await page.getByTestId('account-disabled').click()
      const back = page.waitForResponse((r) => /\/api\/v1\/accounts\/\w+$/.test(r.url()) && r.request().method() === 'PATCH')
      await page.getByTestId('account-save').click()
      assert.equal((await back).status(), 200)
      await row.getByText('正常').waitFor()
    } finally {
      await context.close()
    }
  })

  test('admin adds a child org unit', async () => {
    const { context, page } = await newPage(chrome.browser)
    const code = `E2E${Date.now() % 100000}`
    try {
      await login(page, 'admin')
      await page.getByTestId('menu-org-units').click()
      await page.getByTestId('org-tree').getByText('云和县', { exact: true }).first().click()
      await page.getByTestId('org-detail').waitFor()
      await page.getByTestId('org-add-child').click()
      await input(page, 'org-code').fill(code)
      await input(page, 'org-name-zh').fill('测试社区')
      await input(page, 'org-name-en').fill('Test Community')
      const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/org-units') && r.request().method() === 'POST')
      await page.getByTestId('org-save').click()
      const res = await created
      assert.equal(res.status(), 201, await res.text())
      await page.getByTestId('org-detail').getByText(code).waitFor()
      assert.match(await page.getByTestId('org-detail').innerText(), /测试社区/)
    } finally {
      await context.close()
    }
  })
})

describe('password change and logout', () => {
  test('the password dialog shows the server field error, then changes the password; logout; sign in with it', async () => {
    const { context, page } = await newPage(chrome.browser)
    const next = `Bx7-${Date.now()}-neu`
    try {
      await login(page, 'butler')
      await page.getByTestId('user-menu').click()
      await page.getByTestId('user-password').click()
      await input(page, 'pw-current').fill(process.env.WEILAI_DEMO_PASSWORD)
      await input(page, 'pw-new').fill('short')
      await input(page, 'pw-confirm').fill('short')
      const bad = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'))
      await page.getByTestId('pw-save').click()
      assert.equal((await bad).status(), 422)
      await page.getByTestId('pw-new-item').locator('.el-form-item__error').waitFor()
      await shot(page, 'password-change-error')
      await input(page, 'pw-new').fill(next)
      await input(page, 'pw-confirm').fill(next)
      const good = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'))
      await page.getByTestId('pw-save').click()
      assert.equal((await good).status(), 200)
      await page.getByTestId('pw-dialog').waitFor({ state: 'hidden' })
      // Still signed in with the new session.
      await page.getByTestId('menu-org-units').click()
      await page.getByTestId('org-tree').waitFor()
      await page.getByTestId('user-menu').click()
      await page.getByTestId('user-logout').click()
      await page.waitForURL(/\/login/)
      await login(page, 'butler', next)
      // Put the demo password back: later browser-test files sign in as the butler.
      await page.getByTestId('user-menu').click()
      await page.getByTestId('user-password').click()
      await input(page, 'pw-current').fill(next)
      await input(page, 'pw-new').fill(process.env.WEILAI_DEMO_PASSWORD)
      await input(page, 'pw-confirm').fill(process.env.WEILAI_DEMO_PASSWORD)
      const back = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password'))
      await page.getByTestId('pw-save').click()
      assert.equal((await back).status(), 200)
    } finally {
      await context.close()
    }
  })
})

describe('accessibility and paging', () => {
  test('every visible control on the main pages has an accessible name', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await page.goto('/login')
      await page.getByTestId('login-submit').waitFor()
      assert.deepEqual(await unlabelledControls(page), [], 'login')
      await login(page, 'admin')
      for (const name of ['home', 'projects', 'org-units', 'accounts', 'audit']) {
        await page.getByTestId(`menu-${name}`).click()
        await page.waitForLoadState('networkidle')
        await page.waitForTimeout(300)
        assert.deepEqual(await unlabelledControls(page), [], name)
      }
    } finally {
      await context.close()
    }
  })

  test('the accounts table pages through the cursor with "load more"', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      // Make sure there are more accounts than one page (20) holds.
      const made = await page.evaluate(async () => {
        const page1 = await (await fetch('/api/v1/accounts?limit=200')).json()
        const need = Math.max(0, 25 - page1.items.length)
        const stamp = Date.now() % 100000
        for (let i = 0; i < need; i++) {
          const r = await fetch('/api/v1/accounts', {
            method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ login: `page.${stamp}.${i}`, display_name: `分页${i}`, password: 'Paging-2025-ok' }),
          })
          if (r.status !== 201) return `create failed: ${r.status}`
        }
        return need
      })
      assert.equal(typeof made, 'number', String(made))
      await page.getByTestId('menu-accounts').click()
      const rows = page.getByTestId('accounts-table').locator('tbody tr')
      await page.getByTestId('accounts-more').waitFor()
      assert.equal(await rows.count(), 20)
      const next = page.waitForResponse((r) => r.url().includes('/api/v1/accounts?') && r.url().includes('cursor='))
      await page.getByTestId('accounts-more').click()
      assert.equal((await next).status(), 200)
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="accounts-table"] tbody tr').length > 20)
      assert.ok((await rows.count()) >= 25)
    } finally {
      await context.close()
    }
  })
})

describe('keyboard', () => {
  test('the side menu is reachable with Tab, opens with Enter, and focus is visible', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'admin')
      await page.getByTestId('home-staff').or(page.getByTestId('home-official')).first().waitFor()
      let found = false
      for (let i = 0; i < 25 && !found; i++) {
        await page.keyboard.press('Tab')
        found = await page.evaluate(() => document.activeElement?.closest('[data-testid="menu-audit"]') !== null)
      }
      assert.ok(found, 'Tab never reached the audit menu entry')
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle)
      assert.notEqual(outline, 'none')
      await page.keyboard.press('Enter')
      await page.waitForURL((u) => u.pathname === '/audit')
      await page.getByTestId('audit-table').waitFor()
    } finally {
      await context.close()
    }
  })
})

describe('language and phones', () => {
  test('switching to English changes visible texts and is remembered', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'drc')
      assert.match(await page.getByTestId('menu-home').innerText(), /首页/)
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-en').click()
      await page.getByTestId('menu-home').getByText('Home').waitFor()
      assert.match(await page.getByTestId('menu-projects').innerText(), /Pilot projects/)
      await page.reload()
      await page.getByTestId('menu-home').getByText('Home').waitFor()
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en')
      await page.waitForTimeout(800)
      await shot(page, 'home-official-en')
      await page.getByTestId('lang-switch').click()
      await page.getByTestId('lang-zh-CN').click()
      await page.getByTestId('menu-home').getByText('首页').waitFor()
    } finally {
      await context.close()
    }
  })

  test('resident home on a phone (390×844) has no horizontal scroll', async () => {
    const { context, page } = await newPage(chrome.browser, PHONE)
    try {
      await page.goto('/login')
      await shot(page, 'login-phone')
      await input(page, 'login-user').fill('resident')
      await input(page, 'login-password').fill(process.env.WEILAI_DEMO_PASSWORD)
      await page.getByTestId('login-submit').click()
      await page.getByTestId('home-resident').waitFor()
      await page.waitForLoadState('networkidle')
      const width = await page.evaluate(() => document.scrollingElement.scrollWidth)
      assert.ok(width <= 390, `scrollWidth ${width} > 390`)
      await shot(page, 'home-resident-phone')
    } finally {
      await context.close()
    }
  })

  test('login page at desk size', async () => {
    const { context, page } = await newPage(chrome.browser, DESK)
    try {
      await page.goto('/login')
      await page.getByTestId('login-submit').waitFor()
      await shot(page, 'login')
    } finally {
      await context.close()
    }
  })
})

test('the server under test is the one asked for', () => {
  assert.ok(BASE.startsWith('http://127.0.0.1:'))
})
