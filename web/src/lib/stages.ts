// Project stages in lifecycle order (docs/API.md); labels are i18n keys `stages.<stage>`.
export const STAGES = [
  'reserve', 'submitted', 'returned', 'municipal_review', 'municipal_list', 'provincial_review', 'provincial_list',
  'plan_filed', 'construction', 'acceptance', 'named', 'operating', 'revoked',
] as const
export type Stage = (typeof STAGES)[number]

/** Counts per stage in lifecycle order, zeros included; unknown stages go last. */
export function orderedStageCounts(byStage: { stage: string; count: number }[]): { stage: string; count: number }[] {
  const m = new Map(byStage.map((s) => [s.stage, s.count]))
  const known = STAGES.map((s) => ({ stage: s as string, count: m.get(s) ?? 0 }))
  const extra = byStage.filter((s) => !(STAGES as readonly string[]).includes(s.stage))
  return [...known, ...extra]
}

/** Map colours per stage (the programme map and board). */
export const STAGE_COLORS: Record<string, string> = {
  reserve: '#9aa5a1', submitted: '#6c8ebf', returned: '#d98b4a', municipal_review: '#4f7fc4',
  municipal_list: '#2f64b0', provincial_review: '#7b5fb8', provincial_list: '#5a3d99',
  plan_filed: '#2b9c8f', construction: '#e0a100', acceptance: '#c86d12', named: '#2e8b3c',
  operating: '#1b5e20', revoked: '#b3261e',
}

/** The lifecycle actions whose form records reviewers with scores, acceptance, or needs comments. */
export const REVIEW_ACTIONS = ['expert_review', 'joint_review', 'site_check']
export const ACCEPTANCE_ACTIONS = ['accept', 'reject_acceptance']
export const COMMENT_ACTIONS = ['drc_return', 'provincial_return', 'reject_acceptance', 'revoke']
