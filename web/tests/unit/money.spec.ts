import { describe, expect, it } from 'vitest'
import { bpToPercent, fenToWan, fenToYuan, yuanToFen } from '@/lib/money'

describe('money (integer fen, exact)', () => {
  it('formats fen as yuan', () => {
    expect(fenToYuan(0)).toBe('0.00')
    expect(fenToYuan(5)).toBe('0.05')
    expect(fenToYuan(123456)).toBe('1,234.56')
    expect(fenToYuan(-150)).toBe('-1.50')
    expect(fenToYuan(9007199254740991)).toBe('90,071,992,547,409.91')
    expect(fenToYuan(null)).toBe('—')
  })
  it('formats fen as 万元, rounding half up', () => {
    // 1 万元 = 1,000,000 fen
    expect(fenToWan(1_000_000)).toBe('1.00')
    expect(fenToWan(123_456_789)).toBe('123.46') // 123.456789 万元
    expect(fenToWan(12_000_000_000)).toBe('12,000.00') // 1.2 亿元
    expect(fenToWan(4_999)).toBe('0.00')
    expect(fenToWan(5_000)).toBe('0.01')
  })
  it('reads yuan typed by people into fen exactly', () => {
    expect(yuanToFen('0.1')).toBe(10)
    expect(yuanToFen('1234.56')).toBe(123456)
    expect(yuanToFen(' 12 ')).toBe(1200)
    // 0.1 + 0.2 in floating point is 0.30000000000000004; here it is exact.
    expect(yuanToFen('0.3')).toBe(30)
    expect(yuanToFen('1.234')).toBeNull()
    expect(yuanToFen('-1')).toBeNull()
    expect(yuanToFen('1e5')).toBeNull()
    expect(yuanToFen('')).toBeNull()
    expect(yuanToFen('99999999999999999')).toBeNull() // beyond 2^53 fen
  })
  it('formats basis points', () => {
    expect(bpToPercent(1500)).toBe('15.00%')
    expect(bpToPercent(5)).toBe('0.05%')
  })
})
