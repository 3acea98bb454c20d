// Typed calls of collective choice (polls, issue #8): proposals, support, ballots, phases, results.
import { call } from './http'

type Id = number | string

export type PollKind = 'single' | 'multiple' | 'approval' | 'ranked' | 'budget'
export type PollPhase = 'proposal' | 'voting' | 'closed' | 'published'

export interface PollOption { index: number; label: string; cost?: number }
export interface PollVoter { household_id: number; member_id: number | null; name: string; by_proxy: boolean; voted: boolean }
export interface PollResult {
  ballots: number
  participating_households: number
  eligible_households: number
  turnout_pct: number
  quorum_pct: number
  quorum_met: boolean
  by_proxy: number
  tallies: { option: number; label: string; votes: number }[]
  winners: number[]
  rounds?: { tallies: number[]; continuing: number; exhausted: number; eliminated: number | null }[]
  funded?: number[]
  funded_cost?: number
  funded_approvals?: number
  proxy_votes?: { household: string; person: string; proxy: string }[]
}
export interface Poll {
  id: number
  community_id: number
  title: string
  description: string
  kind: PollKind
  options: PollOption[]
  min_choices: number
  max_choices: number
  budget: number
  scope: 'community' | 'grid' | 'building'
  scope_id: number | null
  voters: 'all' | 'owners' | 'tenants'
  ballot_unit: 'household' | 'person'
  quorum_pct: number
  hide_results: boolean
  phase: PollPhase
  support_threshold: number
  support_count: number
  proposed_by_resident: boolean
  closes_at: number | null
  decision: string
  version: number
  supported?: boolean
  my_voters: PollVoter[]
  result: PollResult | null
}
export interface PollSpecBody {
  title: string
  description?: string
  kind: PollKind
  options: (string | { label: string; cost: number })[]
  min_choices?: number
  max_choices?: number
  budget?: number
  voters?: string
  ballot_unit?: string
  quorum_pct?: number
  hide_results?: boolean
}

export const pollApi = {
  list: () => call<{ items: Poll[] }>('polls'),
  get: (id: Id) => call<Poll>('poll', { params: { id } }),
  create: (body: PollSpecBody) => call<Poll>('createPoll', { body }),
  support: (id: Id) => call<{ support_count: number }>('supportPoll', { params: { id }, body: {} }),
  vote: (id: Id, body: { choices: number[]; household_id?: number; member_id?: number }) =>
    call<{ recorded: boolean; by_proxy: boolean }>('votePoll', { params: { id }, body }),
  step: (id: Id, body: { step: 'open_voting' | 'close' | 'publish'; version: number; decision?: string }) =>
    call<Poll>('pollPhase', { params: { id }, body }),
}

/** Sum of the chosen options' costs (budget polls). */
export function chosenCost(poll: Pick<Poll, 'options'>, choices: number[]): number {
  return choices.reduce((s, c) => s + (poll.options[c]?.cost ?? 0), 0)
}

/** Whether a ballot is acceptable before sending (the server checks again). */
export function ballotOk(poll: Pick<Poll, 'kind' | 'options' | 'min_choices' | 'max_choices' | 'budget'>, choices: number[]): boolean {
  const n = choices.length
  if (new Set(choices).size !== n || choices.some((c) => c < 0 || c >= poll.options.length)) return false
  switch (poll.kind) {
    case 'single':
      return n === 1
    case 'multiple':
      return n >= poll.min_choices && n <= poll.max_choices
    case 'budget':
      return n >= 1 && chosenCost(poll, choices) <= poll.budget
    default:
      return n >= 1
  }
}

/** "label|cost" lines (cost only for budget polls) → options. */
export function parseOptionLines(text: string, budget: boolean): (string | { label: string; cost: number })[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => {
      if (!budget) return l
      const [label, cost] = l.split('|')
      return { label: (label ?? '').trim(), cost: Number((cost ?? '').trim()) || 0 }
    })
}
