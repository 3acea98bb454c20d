// Translating API errors for people: a message by the problem's stable `code`, and field errors
// placed on the form items they name.
import { reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import { ApiError, problemFieldErrors, type FieldErrors } from '@/api/problem'

type T = (key: string, named?: Record<string, unknown>) => string
type Te = (key: string) => boolean

/** The sentence shown for an error (toast or form alert). Pure so it can be unit-tested. */
export function errorMessage(err: unknown, t: T, te: Te): string {
  if (err instanceof ApiError) {
    const code = err.code
    if (code === 'too_many_requests') {
      return err.retryAfter !== null ? t('errors.too_many_requests', { n: err.retryAfter }) : t('errors.too_many_requests_nowait')
    }
    if (te(`errors.${code}`)) return t(`errors.${code}`)
    return err.problem.title ?? t('errors.internal')
  }
  return t('errors.internal')
}

// Known shapes of the server's English field messages → translated keys (n = first number).
const PATTERNS: [RegExp, string][] = [
  [/password must be at least (\d+)/i, 'password.tooShort'],
  [/password must be at most (\d+)/i, 'password.tooLong'],
  [/password needs three of/i, 'password.classes'],
  [/password must not contain the login/i, 'password.containsLogin'],
  [/password is too common/i, 'password.tooCommon'],
  [/at least (\d+)/i, 'validation.atLeast'],
  [/at most (\d+)/i, 'validation.atMost'],
  [/already (exists|taken|in use)/i, 'errors.already_exists'],
]

/** A field error's text: translated when the message has a known shape, else the server's words. */
export function fieldMessage(code: string, field: string, message: string | undefined, t: T, te: Te, locale: string): string {
  if (locale === 'en' && message) return message
  for (const [re, key] of PATTERNS) {
    const m = message?.match(re)
    if (m) return t(key, { n: m[1] })
  }
  if (code !== 'validation_failed' && code !== 'invalid_argument' && te(`errors.${code}`)) return t(`errors.${code}`)
  const label = te(`fields.${field}`) ? t(`fields.${field}`) : field
  return message ? `${label}：${message}` : t('errors.fieldInvalid')
}

export function useProblem() {
  const { t, te, locale } = useI18n()
  const tt: T = (k, n) => (n ? t(k, n) : t(k))
  return {
    message: (err: unknown) => errorMessage(err, tt, te),
    fieldErrors: (err: unknown): FieldErrors =>
      err instanceof ApiError
        ? problemFieldErrors(err.problem, (code, field, msg) => fieldMessage(code, field, msg, tt, te, locale.value))
        : {},
  }
}

/**
 * Server field errors for one form: `errors.password` feeds `<el-form-item :error>`. `apply`
 * returns the general message to show when the error was not about specific fields.
 */
export function useFormErrors() {
  const { message, fieldErrors } = useProblem()
  const errors = reactive<Record<string, string>>({})
  function clear(): void {
    for (const k of Object.keys(errors)) delete errors[k]
  }
  function apply(err: unknown): string | null {
    clear()
    const fe = fieldErrors(err)
    Object.assign(errors, fe)
    return Object.keys(fe).length > 0 ? null : message(err)
  }
  return { errors, clear, apply, message }
}
