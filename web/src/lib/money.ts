// Money on screen: the API carries integer fen (分); screens show yuan (元) or 万元 and read yuan
// typed by people. Exact decimal string arithmetic, never floating point.

/** 123456 → "1,234.56" (yuan with two decimals, thousands separated). */
export function fenToYuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen)) return '—'
  const neg = fen < 0
  const digits = String(Math.abs(fen)).padStart(3, '0')
  const int = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg ? '-' : ''}${int}.${digits.slice(-2)}`
}

/** 123456789 fen → "123.46" 万元 (rounded half up at the 万元 cent: 100 fen × 10000 / 100). */
export function fenToWan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined || !Number.isSafeInteger(fen)) return '—'
  const neg = fen < 0
  // 1 万元 = 1,000,000 fen; two decimals = units of 10,000 fen.
  const units = (BigInt(Math.abs(fen)) + 5000n) / 10000n
  const s = units.toString().padStart(3, '0')
  const int = s.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${neg && units > 0n ? '-' : ''}${int}.${s.slice(-2)}`
}

/** "1234.5" (yuan) → 123450 fen; null when it is not a non-negative amount with ≤ 2 decimals. */
export function yuanToFen(text: string): number | null {
  const m = /^\s*(\d{1,16})(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  const fen = BigInt(m[1]) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'))
  return fen <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null
}

/** 1500 basis points → "15.00%". */
export function bpToPercent(bp: number | null | undefined): string {
  if (bp === null || bp === undefined) return '—'
  return `${Math.trunc(bp / 100)}.${String(bp % 100).padStart(2, '0')}%`
}
