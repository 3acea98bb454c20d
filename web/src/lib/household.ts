// Reading a household record: the server sends the dwelling as flat fields (community_name_zh,
// building, unit, room); an older/nested `dwelling` object or string is accepted too.
import type { Household, HouseholdMember } from '@/api/types'

type Bag = Record<string, unknown>

function pick(d: Bag, ...keys: string[]): string {
  for (const k of keys) {
    const v = d[k]
    if (typeof v === 'string' || typeof v === 'number') return String(v)
  }
  return ''
}

export function dwellingText(h: Household, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (typeof h.dwelling === 'string') return h.dwelling
  const d: Bag = h.dwelling && typeof h.dwelling === 'object' ? { ...h, ...h.dwelling } : h
  const community = locale === 'en' ? pick(d, 'community_name_en', 'community_name_zh') : pick(d, 'community_name_zh', 'community_name_en')
  const label = pick(d, 'label', 'address')
  if (label) return [community, label].filter(Boolean).join(' ')
  const parts = [pick(d, 'building'), pick(d, 'unit'), pick(d, 'room', 'room_no')].filter(Boolean)
  return [community, parts.join('-')].filter(Boolean).join(' ')
}

export function memberName(m: HouseholdMember): string {
  return String(m.person_name ?? m.display_name ?? m.name ?? '')
}

/** head | member | tenant | proxy (docs: member_role). */
export function memberRole(m: HouseholdMember): string {
  return String(m.member_role ?? m.relation ?? 'member')
}

export function isHead(m: HouseholdMember): boolean {
  return m.is_head === true || memberRole(m) === 'head'
}
