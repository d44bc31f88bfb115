/**
 * "Previous page" / "Next page" over a keyset-paged list: the server only goes forward (each
 * page's `endCursor` opens the next), so the cursors of the pages visited are kept in a stack
 * and going back pops one. The stack belongs to one query (`key`: its filter and sort): when
 * the key changes, paging starts again from the first page, in the same tick, so a request is
 * never sent with a cursor of another query.
 */
import { computed, shallowRef, type ComputedRef } from 'vue'

export interface KeysetPages {
  /** The cursor to ask for the current page with (null: the first page). */
  after: ComputedRef<string | null>
  /** 1 for the first page. */
  page: ComputedRef<number>
  hasPrevious: ComputedRef<boolean>
  next: (endCursor: string | null) => void
  previous: () => void
  reset: () => void
}

export function useKeysetPages(key: () => string): KeysetPages {
  const stack = shallowRef<{ key: string; cursors: string[] }>({ key: key(), cursors: [] })
  const cursors = computed(() => (stack.value.key === key() ? stack.value.cursors : []))

  return {
    after: computed(() => cursors.value.at(-1) ?? null),
    page: computed(() => cursors.value.length + 1),
    hasPrevious: computed(() => cursors.value.length > 0),
    next(endCursor) {
      if (endCursor) stack.value = { key: key(), cursors: [...cursors.value, endCursor] }
    },
    previous() {
      stack.value = { key: key(), cursors: cursors.value.slice(0, -1) }
    },
    reset() {
      stack.value = { key: key(), cursors: [] }
    },
  }
}
