import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { SearchHit, SearchPage } from '@/services/chatSearch'
import { useMessageSearch } from './useMessageSearch'

const server = vi.hoisted(() => ({
  calls: [] as { query: string; after: string | null; resolve: (p: SearchPage) => void; reject: (e: Error) => void }[],
}))

vi.mock('@/services/chatSearch', async (original) => ({
  ...(await original<typeof import('@/services/chatSearch')>()),
  searchMessages: (_course: string, query: string, _order: string, after: string | null) =>
    new Promise<SearchPage>((resolve, reject) => server.calls.push({ query, after, resolve, reject })),
}))

function hit(id: string): SearchHit {
  return {
    aroundSeq: 1,
    message: { id, seq: 1, roomId: 'r', threadId: null, createdAt: '2026-01-01T00:00:00Z', editedAt: null, author: { id: 'u', displayName: 'U' } },
    room: { id: 'r', slug: 'general', name: 'General', kind: 'DISCUSSION' },
    snippet: [],
  }
}
const page = (ids: string[], next: string | null): SearchPage => ({ hits: ids.map(hit), endCursor: next, hasNextPage: next !== null })
const params = (query: string) => ({ courseId: 'c', query, order: 'NEWEST' as const, roomId: null })
const ids = (s: ReturnType<typeof useMessageSearch>) => s.hits.value.map((h) => h.message.id)

beforeEach(() => {
  server.calls = []
})

describe('useMessageSearch', () => {
  it('refuses text the server would refuse without a request', async () => {
    const s = useMessageSearch()
    await s.search(params('?!?'))
    expect([s.error.value, server.calls.length, s.searched.value]).toEqual(['Search for at least one word.', 0, false])
  })

  it('takes the first page, appends the next from the cursor, then stops', async () => {
    const s = useMessageSearch()
    const first = s.search(params('walrus'))
    server.calls[0]?.resolve(page(['a', 'b'], 'cur1'))
    await first
    expect([ids(s), s.hasMore.value, s.searched.value]).toEqual([['a', 'b'], true, true])
    const more = s.loadMore()
    expect(server.calls[1]?.after).toBe('cur1')
    server.calls[1]?.resolve(page(['c'], null))
    await more
    expect([ids(s), s.hasMore.value]).toEqual([['a', 'b', 'c'], false])
    await s.loadMore()
    expect(server.calls).toHaveLength(2)
  })

  it('drops the answer of an older search, and a "more" page of a search since replaced', async () => {
    const s = useMessageSearch()
    const old = s.search(params('old'))
    const fresh = s.search(params('new'))
    server.calls[1]?.resolve(page(['n'], 'c'))
    await fresh
    server.calls[0]?.resolve(page(['o'], null))
    await old
    expect(ids(s)).toEqual(['n'])
    const more = s.loadMore()
    void s.search(params('third'))
    server.calls[2]?.resolve(page(['late'], null))
    await more
    expect(ids(s)).toEqual([])
  })

  it('says why the server refused', async () => {
    const s = useMessageSearch()
    const run = s.search(params('walrus'))
    server.calls[0]?.reject(new Error('Course not found'))
    await run
    expect([s.error.value, s.loading.value, s.hits.value]).toEqual(['Course not found', false, []])
  })
})
