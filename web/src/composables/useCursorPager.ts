// A reactive CursorPager for tables.
import { reactive } from 'vue'
import { CursorPager, type Fetcher, type PagerState } from '@/lib/cursorPager'

export function useCursorPager<T>(fetcher: Fetcher<T>) {
  const state = reactive<PagerState<T>>({ items: [], stack: [null], nextCursor: null, loading: false, pageIndex: 0 }) as PagerState<T>
  const pager = new CursorPager<T>(fetcher, state)
  return { state, pager }
}
