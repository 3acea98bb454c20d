import { afterEach, describe, expect, it } from 'vitest'
import { createI18n } from 'vue-i18n'
import zh from '@/i18n/zh-CN'
import en from '@/i18n/en'
import { DEFAULT_LOCALE, STORAGE_KEY, i18n, localName, makeI18n, setLocale, storedLocale } from '@/i18n'

function keys(o: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v as Record<string, unknown>, `${prefix}${k}.`) : [`${prefix}${k}`]))
}

describe('i18n', () => {
  afterEach(() => {
    localStorage.clear()
    setLocale('zh-CN')
  })

  it('zh-CN and en have exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(zh).sort())
  })

  it('has no empty strings', () => {
    for (const [name, m] of [['zh', zh], ['en', en]] as const) {
      for (const k of keys(m)) {
        const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], m)
        expect(String(v).length, `${name}:${k}`).toBeGreaterThan(0)
      }
    }
  })

  it('defaults to Chinese and ignores unknown stored values', () => {
    expect(DEFAULT_LOCALE).toBe('zh-CN')
    expect(storedLocale({ getItem: () => null })).toBe('zh-CN')
    expect(storedLocale({ getItem: () => 'fr' })).toBe('zh-CN')
    expect(storedLocale({ getItem: () => 'en' })).toBe('en')
    expect(storedLocale({ getItem: () => { throw new Error('denied') } })).toBe('zh-CN')
    expect(makeI18n().global.t('login.submit')).toBe('登录')
  })

  it('remembers the chosen language', () => {
    setLocale('en')
    expect(localStorage.getItem(STORAGE_KEY)).toBe('en')
    expect(i18n.global.t('menu.home')).toBe('Home')
    expect(document.documentElement.lang).toBe('en')
    expect(storedLocale()).toBe('en')
  })

  it('falls back to Chinese for a key English lacks', () => {
    const i = createI18n({
      legacy: false, locale: 'en', fallbackLocale: 'zh-CN', missingWarn: false, fallbackWarn: false,
      messages: { 'zh-CN': { only: { zh: '仅中文' } }, en: { only: {} } },
    })
    expect(i.global.t('only.zh')).toBe('仅中文')
  })

  it('picks names by language', () => {
    expect(localName({ name_zh: '莲都区', name_en: 'Liandu' }, 'en')).toBe('Liandu')
    expect(localName({ name_zh: '莲都区', name_en: '' }, 'en')).toBe('莲都区')
    expect(localName({ name_zh: '莲都区', name_en: 'Liandu' }, 'zh-CN')).toBe('莲都区')
    expect(localName(null)).toBe('')
  })

  it('has a Chinese name for every project stage and role in docs/API.md', () => {
    expect(zh.stages.provincial_list).toBe('省级试点')
    expect(zh.stages.plan_filed).toBe('实施方案备案')
    expect(Object.keys(zh.roles)).toHaveLength(9)
  })
})
