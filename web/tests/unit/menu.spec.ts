import { describe, expect, it } from 'vitest'
import { MENU, allowed, homeKind, menuFor } from '@/lib/menu'
import { routes } from '@/router'
import zh from '@/i18n/zh-CN'

const names = (perms: string[]) => menuFor(perms).map((m) => m.name)

describe('menu by permission', () => {
  it('system admin sees administration', () => {
    expect(names(['accounts.manage', 'org_units.manage', 'audit.read'])).toEqual(['home', 'org-units', 'accounts', 'audit'])
    expect(names(['accounts.manage', 'org_units.read', 'org_units.manage', 'audit.read', 'projects.read'])).toEqual(['home', 'projects', 'programme', 'org-units', 'accounts', 'audit'])
  })
  it('officials see projects but not administration', () => {
    expect(names(['projects.read', 'org_units.read'])).toEqual(['home', 'projects', 'programme', 'org-units'])
  })
  it('residents see only home', () => {
    expect(names(['households.own'])).toEqual(['home'])
    expect(names(['households.own', 'org_units.read'])).toEqual(['home', 'org-units'])
    expect(names([])).toEqual(['home'])
  })
  it('any one listed permission is enough', () => {
    expect(allowed(['a', 'b'], ['b'])).toBe(true)
    expect(allowed(['a'], ['b'])).toBe(false)
    expect(allowed([], [])).toBe(true)
    expect(allowed(undefined, [])).toBe(true)
  })
  it('picks the home by permissions', () => {
    expect(homeKind(['projects.read', 'households.own'])).toBe('official')
    expect(homeKind(['households.own'])).toBe('resident')
    expect(homeKind(['households.read'])).toBe('staff')
  })
  it('every menu entry has a route with the same permissions and an i18n label', () => {
    const children = routes.flatMap((r) => r.children ?? [])
    for (const m of MENU) {
      const r = children.find((c) => c.name === m.name)
      expect(r, m.name).toBeDefined()
      if (m.anyOf.length) expect(r?.meta?.anyOf).toEqual(m.anyOf)
      const [group, key] = m.titleKey.split('.') as [keyof typeof zh, string]
      expect((zh[group] as Record<string, unknown>)[key], m.titleKey).toBeTypeOf('string')
    }
  })
})
