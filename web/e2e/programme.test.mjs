// Programme (issue #5): one NEW project (created by liandu, so no other test's data moves) carried
// from the reserve pool to named in the browser by the demo accounts of each role, with the public
// portal checked without login before it is listed, once on the municipal list, and after naming.
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

const NAME = `E2E未来社区-${Date.now()}`

/** Signs in as `user`, opens the project and returns the page (caller closes the context). */
async function openAs(user, id) {
  const { context, page } = await newPage(chrome.browser)
  await login(page, user)
  await page.goto(`/projects/${id}`)
  await page.getByTestId('project-name').waitFor()
  return { context, page }
}

/** Takes a lifecycle step through the action dialog and waits for the new stage. */
async function act(page, action, stage, fill = async () => {}) {
  await page.getByTestId(`action-${action}`).click()
  await page.getByTestId('action-confirm').waitFor({ state: 'visible' })
  await fill(page)
  await page.getByTestId('action-confirm').click()
  await page.locator(`[data-testid="project-stage"][data-stage="${stage}"]`).waitFor({ timeout: 15000 })
  await page.getByTestId('action-confirm').waitFor({ state: 'hidden' })
}

/** The names on one public list, read from the portal page without signing in. */
async function portalNames(list, viewport = DESK) {
  const { context, page } = await newPage(chrome.browser, viewport)
  try {
    await page.goto('/portal')
    await page.getByTestId('portal-table').waitFor()
    if (list !== 'municipal') {
      await page.getByTestId(`portal-list-${list}`).click()
    }
    // The page marks which list's answer the table holds once it has arrived.
    await page.locator(`[data-testid="portal-table-wrap"][data-loaded-list="${list}"]`).waitFor({ timeout: 20000 })
    const text = await page.getByTestId('portal-table').innerText()
    assert.deepEqual(page.errors, [])
    return text
  } finally {
    await context.close()
  }
}

describe('programme lifecycle in the browser', () => {
  let id

  test('the public portal works without login and does not show a reserve project', async () => {
    const { context, page } = await newPage(chrome.browser, PHONE)
    try {
      await page.goto('/portal')
      await page.locator('[data-testid="portal-table-wrap"][data-loaded-list="municipal"]').waitFor({ timeout: 20000 })
      assert.match(await page.getByTestId('portal-table').innerText(), /剑池未来社区/)
      // A demo reserve project is not there.
      assert.doesNotMatch(await page.getByTestId('portal-table').innerText(), /五云未来社区/)
      await page.getByTestId('portal-dictionary').waitFor()
      await shot(page, 'programme-portal-phone')
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })

  test('liandu creates a project in the reserve pool and submits it', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'liandu')
      await page.getByTestId('menu-programme').click()
      await page.getByTestId('programme-board').waitFor()
      await page.getByTestId('project-new').click()
      await input(page, 'create-name').fill(NAME)
      await page.getByTestId('create-submit').click()
      await page.waitForURL(/\/projects\/\d+$/)
      id = Number(new URL(page.url()).pathname.split('/').pop())
      assert.ok(id > 0)
      await page.locator('[data-testid="project-stage"][data-stage="reserve"]').waitFor()
      assert.equal(await page.getByTestId('project-name').innerText(), NAME)
      // The site polygon is drawn with clicks on the offline map: a bow-tie is refused with GEOS's
      // reason, then a square is drawn and kept.
      await page.getByTestId('project-edit').click()
      const canvas = page.locator('[data-testid="site-draw-map"] canvas')
      await canvas.waitFor()
      await page.waitForTimeout(300) // the map sizes itself once loaded
      const draw = async (pts) => {
        if ((await page.getByTestId('site-draw-map').getAttribute('data-points')) !== '0') await page.getByTestId('site-draw-clear').click()
        for (const [x, y] of pts) await canvas.click({ position: { x, y } })
        await page.locator(`[data-testid="site-draw-map"][data-points="${pts.length}"]`).waitFor()
        await page.getByTestId('site-draw-finish').click()
        assert.match(await page.locator('textarea[data-testid="edit-site"]').inputValue(), /"type":"Polygon"/)
      }
      await draw([[60, 60], [160, 160], [160, 60], [60, 160]])
      await page.getByTestId('edit-save').click()
      await page.locator('.el-message').getByText(/Self-intersection/).waitFor()
      await draw([[60, 60], [160, 60], [160, 160], [60, 160]])
      await page.getByTestId('edit-save').click()
      await page.getByTestId('site-map').waitFor()
      // Only the county's own step is offered.
      assert.deepEqual(await page.getByTestId('project-actions').locator('button').allInnerTexts(), ['申报'])
      await act(page, 'submit', 'submitted')
      await shot(page, 'programme-detail-submitted')
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
    assert.doesNotMatch(await portalNames('municipal'), new RegExp(NAME))
  })

  test('drc returns it with comments, liandu resubmits, drc passes it', async () => {
    let s = await openAs('drc', id)
    await act(s.page, 'drc_return', 'returned', async (page) => {
      await page.locator('textarea[data-testid="action-comments"]').fill('请补充资金平衡方案')
    })
    await s.context.close()
    s = await openAs('liandu', id)
    await act(s.page, 'submit', 'submitted')
    await s.context.close()
    s = await openAs('drc', id)
    await act(s.page, 'drc_pass', 'municipal_review')
    assert.match(await s.page.getByTestId('project-transitions').innerText(), /请补充资金平衡方案/)
    await s.context.close()
  })

  test('the city leader consents and the project appears on the public municipal list', async () => {
    const s = await openAs('leader', id)
    await act(s.page, 'consent', 'municipal_list')
    await s.context.close()
    assert.match(await portalNames('municipal'), new RegExp(NAME))
    assert.doesNotMatch(await portalNames('provincial'), new RegExp(NAME))
  })

  test('drc recommends it and the province records three reviews with scores and lists it', async () => {
    let s = await openAs('drc', id)
    await act(s.page, 'recommend', 'provincial_review')
    await s.context.close()
    s = await openAs('province', id)
    for (const [i, step] of ['expert_review', 'joint_review', 'site_check'].entries()) {
      await s.page.getByTestId(`action-${step}`).click()
      await input(s.page, 'reviewer-name-0').fill(`评审专家${i + 1}`)
      await s.page.getByTestId('action-confirm').click()
      await s.page.getByTestId('action-confirm').waitFor({ state: 'hidden' })
      await s.page.getByTestId('project-transitions').getByText(`评审专家${i + 1}`).waitFor()
    }
    await act(s.page, 'provincial_approve', 'provincial_list')
    await s.context.close()
    assert.match(await portalNames('provincial'), new RegExp(NAME))
  })

  test('liandu files the plan, builds and requests acceptance; the DRC evaluates it', async () => {
    let s = await openAs('liandu', id)
    await act(s.page, 'file_plan', 'plan_filed')
    await act(s.page, 'start_construction', 'construction')
    await act(s.page, 'request_acceptance', 'acceptance')
    await s.context.close()
    assert.doesNotMatch(await portalNames('named'), new RegExp(NAME))
    // A real evaluation of this project (evaluation module): a new project has no indicator data,
    // so its binding indicators fail and the verdict is "fail".
    s = await openAs('drc', id)
    await s.page.goto(`/evaluations?project=${id}`)
    await s.page.locator('[data-testid="eval-run"]:not([disabled])').waitFor({ timeout: 15000 })
    await s.page.getByTestId('eval-run').click()
    await s.page.waitForFunction(() => document.querySelector('[data-testid="eval-verdict"]')?.getAttribute('data-verdict') === 'fail', null, { timeout: 20000 })
    assert.deepEqual(s.page.errors, [])
    await s.context.close()
  })

  test('the province sees the failed evaluation, is refused without an override, and names it with one', async () => {
    const s = await openAs('province', id)
    await s.page.getByTestId('action-accept').click()
    const alert = s.page.getByTestId('acceptance-evaluation')
    await alert.waitFor()
    assert.match(await alert.innerText(), /约束性指标未达标/)
    await s.page.locator('textarea[data-testid="acceptance-evidence"]').fill('验收报告\n现场照片')
    // Without the override the server refuses (409), the project stays in acceptance.
    await s.page.getByTestId('action-confirm').click()
    await s.page.locator('.el-message').getByText(/override|特批/).first().waitFor({ timeout: 15000 })
    await s.page.locator('[data-testid="project-stage"][data-stage="acceptance"]').waitFor()
    // The dialog may have closed on the 409 (current state reloaded): open it again if so.
    if (!(await s.page.getByTestId('action-confirm').isVisible())) {
      await s.page.getByTestId('action-accept').click()
      await s.page.getByTestId('acceptance-evaluation').waitFor()
      await s.page.locator('textarea[data-testid="acceptance-evidence"]').fill('验收报告\n现场照片')
    }
    await s.page.getByTestId('acceptance-override').click()
    await input(s.page, 'acceptance-override-reason').fill('约束性指标数据待补报，省级现场核查已达标')
    await s.page.getByTestId('action-confirm').click()
    await s.page.locator('[data-testid="project-stage"][data-stage="named"]').waitFor({ timeout: 15000 })
    await s.page.getByTestId('project-transitions').getByText(/省级特批通过/).first().waitFor()
    await shot(s.page, 'programme-detail-named')
    assert.deepEqual(s.page.errors, [])
    await s.context.close()
    assert.match(await portalNames('named'), new RegExp(NAME))
  })

  test('the DRC board shows it in the named column and the printable summary renders', async () => {
    const { context, page } = await newPage(chrome.browser)
    try {
      await login(page, 'drc')
      await page.goto('/programme')
      await page.getByTestId(`card-${id}`).waitFor()
      const column = await page.getByTestId('column-named').innerText()
      assert.match(column, new RegExp(NAME))
      await shot(page, 'programme-board')
      // The map of all projects coloured by stage draws offline (no tile server).
      await page.getByRole('tab', { name: '项目地图' }).click()
      await page.getByTestId('project-stage-map').locator('canvas').waitFor()
      await shot(page, 'programme-map')
      await page.goto(`/print/projects/${id}/acceptance`)
      await page.getByTestId('project-print').getByText('验收报告').first().waitFor()
      // The acceptance summary shows the evaluation's verdict and the province's override.
      assert.match(await page.getByTestId('print-evaluation').first().innerText(), /未达标/)
      assert.match(await page.getByTestId('print-override').first().innerText(), /省级现场核查已达标/)
      await shot(page, 'programme-print-acceptance')
      assert.deepEqual(page.errors, [])
    } finally {
      await context.close()
    }
  })
})
