import { describe, expect, it } from 'vitest'
import { CursorPager } from '@/lib/cursorPager'
import type { Page } from '@/api/types'

// A fake API: 7 numbers, pages of 3, cursor = start index as a string.
function fakeApi(total = 7, size = 3) {
  const calls: (string | null)[] = []
  const fetcher = async (cursor: string | null): Promise<Page<number>> => {
    calls.push(cursor)
    const start = cursor ? Number(cursor) : 0
    const items = Array.from({ length: Math.max(0, Math.min(size, total - start)) }, (_, i) => start + i)
    return { items, next_cursor: start + size < total ? String(start + size) : null }
  }
  return { fetcher, calls }
}

describe('CursorPager', () => {
  it('pages forward and back with a cursor stack', async () => {
    const { fetcher, calls } = fakeApi()
    const p = new CursorPager(fetcher)
    await p.reset()
    expect(p.state.items).toEqual([0, 1, 2])
    expect(p.hasPrev).toBe(false)
    expect(p.hasNext).toBe(true)
    await p.next()
    expect(p.state.items).toEqual([3, 4, 5])
    await p.next()
    expect(p.state.items).toEqual([6])
    expect(p.hasNext).toBe(false)
    await p.next() // no-op at the end
    await p.prev()
    expect(p.state.items).toEqual([3, 4, 5])
    await p.prev()
    expect(p.state.items).toEqual([0, 1, 2])
    expect(p.state.pageIndex).toBe(0)
    expect(calls).toEqual([null, '3', '6', '3', null])
  })

  it('appends with load more', async () => {
    const { fetcher } = fakeApi()
    const p = new CursorPager(fetcher)
    await p.reset()
    await p.more()
    await p.more()
    expect(p.state.items).toEqual([0, 1, 2, 3, 4, 5, 6])
    expect(p.hasNext).toBe(false)
  })

  it('reset starts over after a filter change', async () => {
    const { fetcher } = fakeApi()
    const p = new CursorPager(fetcher)
    await p.reset()
    await p.next()
    await p.reset()
    expect(p.state.pageIndex).toBe(0)
    expect(p.state.stack).toEqual([null])
    expect(p.state.items).toEqual([0, 1, 2])
  })

  it('drops answers of superseded requests', async () => {
    let release: (v: Page<string>) => void = () => undefined
    const slow = new Promise<Page<string>>((r) => (release = r))
    let n = 0
    const p = new CursorPager<string>(async () => (n++ === 0 ? slow : { items: ['fresh'], next_cursor: null }))
    const first = p.reset()
    await p.reset()
    release({ items: ['stale'], next_cursor: 'x' })
    await first
    expect(p.state.items).toEqual(['fresh'])
    expect(p.state.loading).toBe(false)
  })

  it('keeps loading false after a failed request', async () => {
    const p = new CursorPager<number>(async () => {
      throw new Error('boom')
    })
    await expect(p.reset()).rejects.toThrow('boom')
    expect(p.state.loading).toBe(false)
  })
})
