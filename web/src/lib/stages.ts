// Project stages in lifecycle order (docs/API.md); labels are i18n keys `stages.<stage>`.
export const STAGES = [
  'reserve', 'submitted', 'municipal_review', 'municipal_list', 'provincial_review', 'provincial_list',
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
