/**
 * A message search read page by page: `search` takes the first page (new text, order or room),
 * `loadMore` appends the next. A newer search wins: the answer of an older, slower one (or a
 * "more" page of a search since replaced) is dropped instead of mixed in. Text the server would
 * refuse (empty, punctuation only, too long) is refused here first, without a request.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { searchMessages, searchProblem, type MessageSearchOrder, type SearchHit } from '@/services/chatSearch'
import { errorMessage } from './useAction'

export interface SearchParams {
  courseId: string
  query: string
  order: MessageSearchOrder
  roomId: string | null
}

export interface MessageSearch {
  hits: ShallowRef<SearchHit[]>
  /** A search has answered (an empty `hits` then means "nothing found"). */
  searched: Ref<boolean>
  hasMore: Ref<boolean>
  loading: Ref<boolean>
  loadingMore: Ref<boolean>
  error: Ref<string | null>
  search: (params: SearchParams) => Promise<void>
  loadMore: () => Promise<void>
  clear: () => void
}

export function useMessageSearch(): MessageSearch {
  const hits = shallowRef<SearchHit[]>([])
  const searched = ref(false)
  const hasMore = ref(false)
  const loading = ref(false)
  const loadingMore = ref(false)
  const error = ref<string | null>(null)
  let current: SearchParams | null = null
  let cursor: string | null = null
  let generation = 0

  function clear(): void {
    generation++
    current = null
    cursor = null
    hits.value = []
    searched.value = false
    hasMore.value = false
    loading.value = false
    loadingMore.value = false
    error.value = null
  }

  async function search(params: SearchParams): Promise<void> {
    clear()
    const problem = searchProblem(params.query)
    if (problem) {
      error.value = problem
      return
    }
    const mine = generation
    current = params
    loading.value = true
    try {
      const page = await searchMessages(params.courseId, params.query, params.order, null, params.roomId)
      if (mine !== generation) return
      hits.value = page.hits
      cursor = page.hasNextPage ? page.endCursor : null
      hasMore.value = cursor !== null
      searched.value = true
    } catch (e) {
      if (mine === generation) error.value = errorMessage(e)
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  async function loadMore(): Promise<void> {
    if (!current || !cursor || loading.value || loadingMore.value) return
    const mine = generation
    const params = current
    loadingMore.value = true
    error.value = null
    try {
      const page = await searchMessages(params.courseId, params.query, params.order, cursor, params.roomId)
      if (mine !== generation) return
      hits.value = [...hits.value, ...page.hits]
      cursor = page.hasNextPage ? page.endCursor : null
      hasMore.value = cursor !== null
    } catch (e) {
      if (mine === generation) error.value = errorMessage(e)
    } finally {
      if (mine === generation) loadingMore.value = false
    }
  }

  return { hits, searched, hasMore, loading, loadingMore, error, search, loadMore, clear }
}
