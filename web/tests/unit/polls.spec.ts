// Collective choice (polls, issue #8): the ballot checks the screen makes before sending (the
// server checks again) and the option lines of the create form.
import { describe, expect, it } from 'vitest'
import { ballotOk, chosenCost, parseOptionLines } from '@/api/polls'

const opts = (n: number, costs: number[] = []) => Array.from({ length: n }, (_, i) => ({ index: i, label: `o${i}`, cost: costs[i] }))

describe('poll ballots', () => {
  it('single choice takes exactly one known option', () => {
    const p = { kind: 'single' as const, options: opts(3), min_choices: 1, max_choices: 1, budget: 0 }
    expect(ballotOk(p, [1])).toBe(true)
    expect(ballotOk(p, [])).toBe(false)
    expect(ballotOk(p, [0, 1])).toBe(false)
    expect(ballotOk(p, [3])).toBe(false)
  })
  it('multiple choice respects its limits and refuses repeats', () => {
    const p = { kind: 'multiple' as const, options: opts(4), min_choices: 2, max_choices: 3, budget: 0 }
    expect(ballotOk(p, [0])).toBe(false)
    expect(ballotOk(p, [0, 2])).toBe(true)
    expect(ballotOk(p, [0, 1, 2, 3])).toBe(false)
    expect(ballotOk(p, [1, 1])).toBe(false)
  })
  it('budget ballots stay within the budget', () => {
    const p = { kind: 'budget' as const, options: opts(3, [60, 50, 50]), min_choices: 1, max_choices: 1, budget: 100 }
    expect(chosenCost(p, [1, 2])).toBe(100)
    expect(ballotOk(p, [1, 2])).toBe(true)
    expect(ballotOk(p, [0, 1])).toBe(false)
  })
  it('reads option lines, with costs for budget polls', () => {
    expect(parseOptionLines(' 甲 \n\n乙\n', false)).toEqual(['甲', '乙'])
    expect(parseOptionLines('助餐点|120000\n健身角 | 60000', true)).toEqual([
      { label: '助餐点', cost: 120000 },
      { label: '健身角', cost: 60000 },
    ])
  })
})
