// Paging through the API's opaque cursors. The API only goes forward (`next_cursor`), so "back"
// replays the cursor that produced the previous page, kept on a stack.
import type { Page } from '@/api/types'

export type Fetcher<T> = (cursor: string | null) => Promise<Page<T>>

export interface PagerState<T> {
  items: T[]
  /** Cursor that produced each page shown so far; stack[0] is always null (the first page). */
  stack: (string | null)[]
  nextCursor: string | null
  loading: boolean
  pageIndex: number
}

export class CursorPager<T> {
  state: PagerState<T>
  private readonly fetcher: Fetcher<T>
  private generation = 0

  constructor(fetcher: Fetcher<T>, state?: PagerState<T>) {
    this.fetcher = fetcher
    this.state = state ?? { items: [], stack: [null], nextCursor: null, loading: false, pageIndex: 0 }
  }

  get hasNext(): boolean {
    return this.state.nextCursor !== null
  }

  get hasPrev(): boolean {
    return this.state.pageIndex > 0
  }

  /** Loads the first page again (after a filter change); results of older requests are dropped. */
  async reset(): Promise<void> {
    this.state.stack = [null]
    this.state.pageIndex = 0
    await this.load(null, 'replace')
  }

  /** Next page, replacing the shown items. */
  async next(): Promise<void> {
    if (!this.hasNext) return
    const cursor = this.state.nextCursor
    this.state.stack = [...this.state.stack.slice(0, this.state.pageIndex + 1), cursor]
    this.state.pageIndex += 1
    await this.load(cursor, 'replace')
  }

  /** Previous page, replaying its cursor. */
  async prev(): Promise<void> {
    if (!this.hasPrev) return
    this.state.pageIndex -= 1
    await this.load(this.state.stack[this.state.pageIndex] ?? null, 'replace')
  }

  /** "Load more": appends the next page to the shown items. */
  async more(): Promise<void> {
    if (!this.hasNext) return
    await this.load(this.state.nextCursor, 'append')
  }

  /** Reloads the current page (after an edit). */
  async refresh(): Promise<void> {
    await this.load(this.state.stack[this.state.pageIndex] ?? null, 'replace')
  }

  private async load(cursor: string | null, mode: 'replace' | 'append'): Promise<void> {
    const gen = ++this.generation
    this.state.loading = true
    try {
      const page = await this.fetcher(cursor)
      if (gen !== this.generation) return
      this.state.items = mode === 'append' ? [...this.state.items, ...page.items] : page.items
      this.state.nextCursor = page.next_cursor ?? null
    } finally {
      if (gen === this.generation) this.state.loading = false
    }
  }
}
