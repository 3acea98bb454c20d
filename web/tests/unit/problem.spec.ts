import { describe, expect, it } from 'vitest'
import { ApiError, codeForStatus, parseRetryAfter, pointerToField, problemFieldErrors, toProblem } from '@/api/problem'
import { errorMessage, fieldMessage } from '@/composables/useProblem'
import { makeI18n } from '@/i18n'

const zh = makeI18n('zh-CN').global
const en = makeI18n('en').global
const tz = (k: string, n?: Record<string, unknown>) => (n ? zh.t(k, n) : zh.t(k))
const te = (k: string) => zh.te(k)

describe('problem+json → field errors', () => {
  it('turns JSON pointers into form item names', () => {
    expect(pointerToField('/password')).toBe('password')
    expect(pointerToField('/grants/0/role')).toBe('grants.0.role')
    expect(pointerToField('login')).toBe('login')
    expect(pointerToField('/a~1b')).toBe('a/b')
    expect(pointerToField('?actor_id')).toBe('actor_id')
  })

  it('maps errors[] and the top-level field, first error per field wins', () => {
    const fe = problemFieldErrors(
      {
        status: 422, code: 'validation_failed', field: '/login', detail: 'login taken',
        errors: [
          { field: '/password', message: 'must be at least 10 characters' },
          { field: '/password', message: 'second' },
          { field: '/display_name', message: 'required' },
        ],
      },
      (code, field, msg) => `${code}|${field}|${msg}`,
    )
    expect(fe).toEqual({
      password: 'validation_failed|password|must be at least 10 characters',
      display_name: 'validation_failed|display_name|required',
      login: 'validation_failed|login|login taken',
    })
  })

  it('has no field errors for a plain problem', () => {
    expect(problemFieldErrors({ status: 403, code: 'permission_denied' }, () => 'x')).toEqual({})
  })

  it('keeps the HTTP status and fills a missing code', () => {
    expect(toProblem(502, '<html>bad gateway</html>')).toMatchObject({ status: 502, code: 'internal' })
    expect(toProblem(404, { code: 'not_found', status: 200 })).toMatchObject({ status: 404, code: 'not_found' })
    expect(codeForStatus(429)).toBe('too_many_requests')
    expect(codeForStatus(0)).toBe('network_error')
  })

  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('30')).toBe(30)
    expect(parseRetryAfter(null)).toBeNull()
    expect(parseRetryAfter('soon')).toBeNull()
    const now = Date.parse('2025-01-01T00:00:00Z')
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:45 GMT', now)).toBe(45)
  })
})

describe('messages by code', () => {
  it('shows 用户名或密码错误 for unauthenticated', () => {
    expect(errorMessage(new ApiError({ status: 401, code: 'unauthenticated' }), tz, te)).toBe('用户名或密码错误')
  })
  it('uses Retry-After for too_many_requests', () => {
    expect(errorMessage(new ApiError({ status: 429, code: 'too_many_requests' }, 42), tz, te)).toBe('尝试次数过多，请在 42 秒后重试')
    expect(errorMessage(new ApiError({ status: 429, code: 'too_many_requests' }), tz, te)).toBe('尝试次数过多，请稍后重试')
  })
  it('falls back to a generic message for unknown codes and non-API errors', () => {
    expect(errorMessage(new ApiError({ status: 500, code: 'weird', title: 'Weird' }), tz, te)).toBe('Weird')
    expect(errorMessage(new Error('x'), tz, te)).toBe('服务器出错了，请稍后再试')
  })
  it('translates a known field message shape into Chinese, keeps English as is', () => {
    expect(fieldMessage('validation_failed', 'password', 'must be at least 10 characters', tz, te, 'zh-CN')).toBe('至少 10 个字符')
    expect(fieldMessage('validation_failed', 'password', 'must be at least 10 characters', (k, n) => (n ? en.t(k, n) : en.t(k)), (k) => en.te(k), 'en')).toBe('must be at least 10 characters')
    expect(fieldMessage('already_exists', 'login', 'login taken', tz, te, 'zh-CN')).toBe('已存在')
    expect(fieldMessage('validation_failed', 'phone', 'bad digits', tz, te, 'zh-CN')).toBe('手机号：bad digits')
    expect(fieldMessage('validation_failed', 'password', 'password must be at least 10 characters', tz, te, 'zh-CN')).toBe('密码至少 10 位')
    expect(fieldMessage('validation_failed', 'password', 'password needs three of: lower-case letters, upper-case letters, digits, other characters', tz, te, 'zh-CN')).toMatch(/至少三类/)
    expect(fieldMessage('validation_failed', 'login', 'must be at most 32 characters', tz, te, 'zh-CN')).toBe('最多 32 个字符')
  })
})
