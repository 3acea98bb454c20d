// Shared parking (issue #8): times on the server are Unix ms; the community's clock is China
// Standard Time (UTC+8, no DST), whatever the browser's time zone.
export const MINUTE = 60_000
export const DAY = 24 * 60 * MINUTE
export const CST_OFFSET = 8 * 60 * MINUTE

/** The CST day number (days since 1970-01-01 in China) of a Unix-ms instant. */
export function cstDay(ms: number): number {
  return Math.floor((ms + CST_OFFSET) / DAY)
}

/** Unix ms of `minutes` after CST midnight of `day`. */
export function cstTime(day: number, minutes: number): number {
  return day * DAY - CST_OFFSET + minutes * MINUTE
}

/** "2026-12-08" for a CST day number. */
export function cstDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10)
}

/** "12-08 10:00" (CST) for a Unix-ms instant. */
export function cstShort(ms: number): string {
  const d = new Date(ms + CST_OFFSET).toISOString()
  return `${d.slice(5, 10)} ${d.slice(11, 16)}`
}

export const DAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const

/** FREQ=WEEKLY;BYDAY=… from chosen day codes (in week order). */
export function weeklyRule(days: readonly string[]): string {
  return `FREQ=WEEKLY;BYDAY=${DAY_CODES.filter((d) => days.includes(d)).join(',')}`
}

/** The day codes of a FREQ=WEEKLY;BYDAY=… rule. */
export function ruleDays(rrule: string): string[] {
  const m = /BYDAY=([A-Z,]+)/.exec(rrule)
  return m ? m[1].split(',') : []
}
