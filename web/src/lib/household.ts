// Reading a household record whose dwelling may be a string or an object with building/unit/room.
import type { Household, HouseholdMember } from '@/api/types'

export function dwellingText(h: Household, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const d = h.dwelling
  if (!d) return ''
  if (typeof d === 'string') return d
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = d[k]
      if (typeof v === 'string' || typeof v === 'number') return String(v)
    }
    return ''
  }
  const community = locale === 'en' ? pick('community_name_en', 'community_name_zh', 'community') : pick('community_name_zh', 'community_name_en', 'community')
  const label = pick('label', 'address')
  if (label) return [community, label].filter(Boolean).join(' ')
  const parts = [pick('building'), pick('unit'), pick('room', 'room_no', 'number')].filter(Boolean)
  return [community, parts.join('-')].filter(Boolean).join(' ')
}

export function memberName(m: HouseholdMember): string {
  return String(m.display_name ?? m.name ?? '')
}

export function isHead(m: HouseholdMember): boolean {
  return m.is_head === true || m.relation === 'head' || m.role === 'head'
}
