// Programme screens' data (issue #5): every stage has a colour and labels in both languages, every
// lifecycle action has a label, and the board/portal routes exist with the right access.
import { describe, expect, it } from 'vitest'
import { STAGES, STAGE_COLORS, COMMENT_ACTIONS, REVIEW_ACTIONS, ACCEPTANCE_ACTIONS } from '@/lib/stages'
import { routes } from '@/router'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'

const ACTIONS = [
  'submit', 'withdraw', 'drc_pass', 'drc_return', 'consent', 'recommend', 'expert_review', 'joint_review',
  'site_check', 'provincial_approve', 'provincial_return', 'file_plan', 'start_construction',
  'request_acceptance', 'accept', 'reject_acceptance', 'start_operating', 'revoke',
]

describe('programme', () => {
  it('colours and names every stage, returned included', () => {
    expect(STAGES).toContain('returned')
    for (const s of STAGES) {
      expect(STAGE_COLORS[s], s).toMatch(/^#[0-9a-f]{6}$/)
      expect((zh.stages as Record<string, string>)[s], s).toBeTruthy()
      expect((en.stages as Record<string, string>)[s], s).toBeTruthy()
    }
  })
  it('labels every lifecycle action in both languages', () => {
    for (const a of [...ACTIONS, ...COMMENT_ACTIONS, ...REVIEW_ACTIONS, ...ACCEPTANCE_ACTIONS]) {
      expect((zh.programme.actions as Record<string, string>)[a], a).toBeTruthy()
      expect((en.programme.actions as Record<string, string>)[a], a).toBeTruthy()
    }
  })
  it('serves the portal without login and the print page only to project readers', () => {
    const portal = routes.find((r) => r.name === 'portal')
    expect(portal?.meta?.public).toBe(true)
    const print = routes.find((r) => r.name === 'project-print')
    expect(print?.meta?.anyOf).toEqual(['projects.read'])
  })
})
