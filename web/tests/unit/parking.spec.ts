import { describe, expect, it } from 'vitest'
import { cstDate, cstDay, cstShort, cstTime, ruleDays, weeklyRule } from '@/lib/parking'

describe('shared parking helpers (China time, weekly rules)', () => {
  it('computes CST days and times whatever the browser zone', () => {
    // 2026-12-07 00:30 CST is 2026-12-06 16:30 UTC.
    const t = Date.UTC(2026, 11, 6, 16, 30)
    expect(cstDate(cstDay(t))).toBe('2026-12-07')
    expect(cstTime(cstDay(t), 30)).toBe(t)
    expect(cstShort(cstTime(cstDay(t), 10 * 60))).toBe('12-07 10:00')
  })
  it('builds and reads FREQ=WEEKLY;BYDAY rules in week order', () => {
    expect(weeklyRule(['SU', 'MO', 'WE'])).toBe('FREQ=WEEKLY;BYDAY=MO,WE,SU')
    expect(ruleDays('FREQ=WEEKLY;BYDAY=SA,SU')).toEqual(['SA', 'SU'])
    expect(ruleDays('FREQ=DAILY')).toEqual([])
  })
})
