/**
 * An admin list read page by page with keyset cursors: `reload` takes the first page (a filter
 * changed), `loadMore` appends the next one. A newer reload wins: the answer of an older, slower
 * one (or a "more" page of a list the filter has since replaced) is dropped instead of mixed in.
 * Rows changed by an action are patched in place (`replace`) or dropped (`remove`).
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import type { AdminPage } from '@/services/admin/types2'
import { errorMessage } from './useAction'

export interface KeysetList<T> {
  items: ShallowRef<T[]>
  /** Every row the filter selects, exact up to the server's cap (null before the first page). */
  totalCount: Ref<number | null>
  /** The server stopped counting: more rows exist than `totalCount` ("10,000+"). */
  totalCountCapped: Ref<boolean>
  hasMore: Ref<boolean>
  loading: Ref<boolean>
  error: Ref<string | null>
  loadingMore: Ref<boolean>
  moreError: Ref<string | null>
  reload: () => Promise<void>
  loadMore: () => Promise<void>
  replace: (match: (item: T) => boolean, next: T) => void
  remove: (match: (item: T) => boolean) => void
}

export function useKeysetList<T>(fetchPage: (after: string | null) => Promise<AdminPage<T>>): KeysetList<T> {
  const items = shallowRef<T[]>([])
  const totalCount = ref<number | null>(null)
  const totalCountCapped = ref(false)
  const hasMore = ref(false)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const loadingMore = ref(false)
  const moreError = ref<string | null>(null)
  let cursor: string | null = null
  let generation = 0

  function take(page: AdminPage<T>): void {
    totalCount.value = page.totalCount
    totalCountCapped.value = page.totalCountCapped
    cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
    hasMore.value = cursor !== null
  }

  async function reload(): Promise<void> {
    const mine = ++generation
    loading.value = true
    error.value = null
    moreError.value = null
    try {
      const page = await fetchPage(null)
      if (mine !== generation) return
      items.value = page.items
      take(page)
    } catch (e) {
      if (mine === generation) error.value = errorMessage(e)
    } finally {
      if (mine === generation) {
        loading.value = false
        loadingMore.value = false
      }
    }
  }

  async function loadMore(): Promise<void> {
    if (!cursor || loadingMore.value || loading.value) return
    const mine = generation
    loadingMore.value = true
    moreError.value = null
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation) return
      items.value = [...items.value, ...page.items]
      take(page)
    } catch (e) {
      if (mine === generation) moreError.value = errorMessage(e)
    } finally {
      if (mine === generation) loadingMore.value = false
    }
  }

  function replace(match: (item: T) => boolean, next: T): void {
    items.value = items.value.map((item) => (match(item) ? next : item))
  }

  /**
   * Drops rows that no longer belong to the list and takes them off an exact total. A capped
   * total is left as it is: it never said how many rows exist, only "more than 10,000", and
   * taking k of an unknown number away cannot make it exact. Counting down from the cap would
   * show "9,999+" (a figure nobody counted, read as "about 10,000") or, once `capped` dropped,
   * a wrong exact one; "10,000+" stays until the next page's count says otherwise.
   */
  function remove(match: (item: T) => boolean): void {
    const kept = items.value.filter((item) => !match(item))
    if (totalCount.value !== null && !totalCountCapped.value) {
      totalCount.value = Math.max(0, totalCount.value - (items.value.length - kept.length))
    }
    items.value = kept
  }

  return { items, totalCount, totalCountCapped, hasMore, loading, error, loadingMore, moreError, reload, loadMore, replace, remove }
}
