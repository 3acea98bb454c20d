import { describe, expect, it } from 'vitest'
import { RAMP, colorFor, countsByFeatureName, normaliseCountyName } from '@/lib/choropleth'
import { asForest, childKind, counties, findUnit } from '@/lib/orgTree'
import { orderedStageCounts, STAGES } from '@/lib/stages'
import { DEFAULT_CONFIG, mergeConfig } from '@/config'
import { dwellingText, isHead } from '@/lib/household'
import { ROUTES, fillPath } from '@/api/routes'
import { safeRedirect } from '@/router'
import { itemsOf } from '@/api/client'
import type { OrgUnit } from '@/api/types'

describe('choropleth', () => {
  it('joins counts by Chinese name despite suffix differences', () => {
    expect(normaliseCountyName('景宁畲族自治县')).toBe('景宁')
    const m = countsByFeatureName(['莲都区', '景宁畲族自治县', '龙泉市'], [
      { county_id: 1, name_zh: '莲都区', name_en: 'Liandu', count: 3 },
      { county_id: 2, name_zh: '景宁县', name_en: 'Jingning', count: 1 },
    ])
    expect(m.get('莲都区')?.count).toBe(3)
    expect(m.get('景宁畲族自治县')?.count).toBe(1)
    expect(m.get('龙泉市')).toBeNull()
  })
  it('ramps colours from empty to the maximum', () => {
    expect(colorFor(0, 10)).toBe(RAMP[0])
    expect(colorFor(10, 10)).toBe(RAMP[RAMP.length - 1])
    expect(colorFor(1, 10)).toBe(RAMP[1])
    expect(colorFor(5, 0)).toBe(RAMP[0])
  })
})

const tree: OrgUnit = {
  id: 1, kind: 'province', code: '330000', name_zh: '浙江省', name_en: 'Zhejiang', children: [
    { id: 2, kind: 'city', code: '331100', name_zh: '丽水市', name_en: 'Lishui', children: [
      { id: 3, kind: 'county', code: '331102', name_zh: '莲都区', name_en: 'Liandu', children: [
        { id: 5, kind: 'community', code: 'c', name_zh: '灵山社区', name_en: 'Lingshan', children: [] }] },
      { id: 4, kind: 'zone', code: '331171', name_zh: '丽水经济技术开发区', name_en: 'ETDZ', children: [] }] }] }

describe('org tree', () => {
  it('normalises the tree answer', () => {
    expect(asForest(tree)).toHaveLength(1)
    expect(asForest([tree, tree])).toHaveLength(2)
    expect(asForest({ items: [tree] })).toHaveLength(1)
    expect(asForest(null)).toEqual([])
  })
  it('finds county-level units and any unit by id', () => {
    expect(counties([tree]).map((u) => u.id)).toEqual([3, 4])
    expect(findUnit([tree], '5')?.name_zh).toBe('灵山社区')
    expect(findUnit([tree], 99)).toBeNull()
  })
  it('suggests the kind of a new child', () => {
    expect(childKind('county')).toBe('community')
    expect(childKind('community')).toBe('grid')
    expect(childKind('nonsense')).toBe('grid')
  })
})

describe('small helpers', () => {
  it('orders stage counts by lifecycle, zeros included', () => {
    const r = orderedStageCounts([{ stage: 'named', count: 2 }, { stage: 'reserve', count: 1 }, { stage: 'mystery', count: 4 }])
    expect(r).toHaveLength(STAGES.length + 1)
    expect(r[0]).toEqual({ stage: 'reserve', count: 1 })
    expect(r.at(-1)).toEqual({ stage: 'mystery', count: 4 })
  })
  it('merges the runtime config and ignores junk', () => {
    expect(mergeConfig(DEFAULT_CONFIG, null)).toEqual(DEFAULT_CONFIG)
    expect(mergeConfig(DEFAULT_CONFIG, { basemap_url: 'https://t/{z}/{x}/{y}.png' }).basemapUrl).toBe('https://t/{z}/{x}/{y}.png')
    expect(mergeConfig(DEFAULT_CONFIG, { map: { basemap_url: 'u', basemap_is_osm: false } })).toMatchObject({ basemapUrl: 'u', basemapIsOsm: false })
    expect(mergeConfig(DEFAULT_CONFIG, { basemap_url: 42 }).basemapUrl).toBeNull()
  })
  it('formats dwellings from strings or parts', () => {
    expect(dwellingText({ id: 1, dwelling: '3-2-501' })).toBe('3-2-501')
    expect(dwellingText({ id: 1, dwelling: { community_name_zh: '灵山社区', building: '3', unit: '2', room: '501' } })).toBe('灵山社区 3-2-501')
    expect(dwellingText({ id: 1 })).toBe('')
    expect(isHead({ relation: 'head' })).toBe(true)
    expect(isHead({ member_role: 'head' })).toBe(true)
    expect(dwellingText({ id: 1, community_name_zh: '灵山社区', building: '3幢', unit: '2单元', room: '501' })).toBe('灵山社区 3幢-2单元-501')
  })
  it('fills route paths and refuses missing parameters', () => {
    expect(fillPath(ROUTES.removeGrant.path, { id: 3, grant_id: 'a b' })).toBe('/api/v1/accounts/3/grants/a%20b')
    expect(() => fillPath(ROUTES.account.path)).toThrow()
  })
  it('follows only same-app redirects', () => {
    expect(safeRedirect('/accounts?q=1')).toBe('/accounts?q=1')
    expect(safeRedirect('//evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect('/login?x')).toBe('/')
    expect(safeRedirect(undefined)).toBe('/')
  })
  it('reads lists as arrays or pages', () => {
    expect(itemsOf([1])).toEqual([1])
    expect(itemsOf({ items: [2], next_cursor: null })).toEqual([2])
    expect(itemsOf(null)).toEqual([])
  })
})
