import { describe, expect, it } from 'vitest'
import type { AdminPage } from '@/services/admin/types2'
import { useKeysetList } from './useKeysetList'

function page(ids: string[], next: string | null, totalCount = 10, totalCountCapped = false): AdminPage<{ id: string }> {
  return { items: ids.map((id) => ({ id })), pageInfo: { hasNextPage: next !== null, endCursor: next }, totalCount, totalCountCapped }
}

/** A fetch whose answers the test releases one by one, in any order. */
function controlled() {
  const calls: { after: string | null; resolve: (p: AdminPage<{ id: string }>) => void; reject: (e: Error) => void }[] = []
  const fetchPage = (after: string | null) =>
    new Promise<AdminPage<{ id: string }>>((resolve, reject) => {
      calls.push({ after, resolve, reject })
    })
  return { calls, fetchPage }
}

const ids = (list: { items: { value: { id: string }[] } }) => list.items.value.map((i) => i.id)

describe('useKeysetList', () => {
  it('takes the first page, then appends the next one from the cursor', async () => {
    const server = controlled()
    const list = useKeysetList(server.fetchPage)
    const first = list.reload()
    expect(list.loading.value).toBe(true)
    server.calls[0]?.resolve(page(['a', 'b'], 'cur1', 3))
    await first
    expect([ids(list), list.totalCount.value, list.hasMore.value, list.loading.value]).toEqual([['a', 'b'], 3, true, false])
    const more = list.loadMore()
    expect(server.calls[1]?.after).toBe('cur1')
    server.calls[1]?.resolve(page(['c'], null, 3))
    await more
    expect([ids(list), list.hasMore.value]).toEqual([['a', 'b', 'c'], false])
    await list.loadMore()
    expect(server.calls).toHaveLength(2)
  })

  it('drops the answer of an older reload, and a "more" page of a list since replaced', async () => {
    const server = controlled()
    const list = useKeysetList(server.fetchPage)
    const old = list.reload()
    const fresh = list.reload()
    server.calls[1]?.resolve(page(['new'], 'n1'))
    await fresh
    server.calls[0]?.resolve(page(['old'], null))
    await old
    expect(ids(list)).toEqual(['new'])
    const more = list.loadMore()
    const again = list.reload()
    server.calls[3]?.resolve(page(['filtered'], null, 1))
    await again
    server.calls[2]?.resolve(page(['stale'], null))
    await more
    expect([ids(list), list.totalCount.value, list.loadingMore.value]).toEqual([['filtered'], 1, false])
  })

  it('keeps the first page’s error apart from a failed "more"', async () => {
    const server = controlled()
    const list = useKeysetList(server.fetchPage)
    const first = list.reload()
    server.calls[0]?.reject(new Error('Forbidden.'))
    await first
    expect([list.error.value, list.items.value]).toEqual(['Forbidden.', []])
    const second = list.reload()
    server.calls[1]?.resolve(page(['a'], 'c'))
    await second
    const more = list.loadMore()
    server.calls[2]?.reject(new Error('Offline.'))
    await more
    expect([list.error.value, list.moreError.value, ids(list)]).toEqual([null, 'Offline.', ['a']])
  })

  it('patches or drops rows an action changed, counting the dropped ones out of the total', async () => {
    const server = controlled()
    const list = useKeysetList(server.fetchPage)
    const first = list.reload()
    server.calls[0]?.resolve(page(['a', 'b', 'c'], null, 3))
    await first
    list.replace((i) => i.id === 'b', { id: 'B' })
    list.remove((i) => i.id === 'a' || i.id === 'c')
    expect([ids(list), list.totalCount.value]).toEqual([['B'], 1])
  })

  it('keeps a capped total capped: dropping rows of "10,000+" leaves "10,000+", not a figure nobody counted', async () => {
    const server = controlled()
    const list = useKeysetList(server.fetchPage)
    const first = list.reload()
    server.calls[0]?.resolve(page(['a', 'b', 'c'], 'cur', 10000, true))
    await first
    expect([list.totalCount.value, list.totalCountCapped.value]).toEqual([10000, true])
    list.remove((i) => i.id !== 'b')
    expect([ids(list), list.totalCount.value, list.totalCountCapped.value]).toEqual([['b'], 10000, true])
    // The next page's count replaces it, capped or exact.
    const more = list.loadMore()
    server.calls[1]?.resolve(page(['d'], null, 9999, false))
    await more
    expect([list.totalCount.value, list.totalCountCapped.value]).toEqual([9999, false])
    list.remove((i) => i.id === 'd')
    expect([list.totalCount.value, list.totalCountCapped.value]).toEqual([9998, false])
  })
})
