// vue-i18n set-up: zh-CN by default, English switchable and remembered in localStorage.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'

export const LOCALES = ['zh-CN', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'zh-CN'
export const STORAGE_KEY = 'weilai.locale'

export type MessageSchema = typeof zhCN

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

export function storedLocale(storage: Pick<Storage, 'getItem'> | null = safeStorage()): Locale {
  try {
    const v = storage?.getItem(STORAGE_KEY)
    return isLocale(v) ? v : DEFAULT_LOCALE
  } catch {
    return DEFAULT_LOCALE
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function makeI18n(locale: Locale = storedLocale()) {
  return createI18n({
    legacy: false,
    locale,
    // Chinese is the primary language: a key missing in English shows the Chinese text.
    fallbackLocale: DEFAULT_LOCALE,
    missingWarn: false,
    fallbackWarn: false,
    messages: { 'zh-CN': zhCN, en } as Record<Locale, MessageSchema>,
  })
}

export const i18n = makeI18n()

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale
  try {
    localStorage.setItem(STORAGE_KEY, locale)
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

export function currentLocale(): Locale {
  return i18n.global.locale.value as Locale
}

/** Picks `name_zh` or `name_en` of a record by the current language, falling back to Chinese. */
export function localName(r: { name_zh?: string; name_en?: string } | null | undefined, locale: Locale = currentLocale()): string {
  if (!r) return ''
  return (locale === 'en' ? r.name_en || r.name_zh : r.name_zh || r.name_en) ?? ''
}
