import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import type { CatalogSnapshot } from './catalogResults'
import { entryKey, MAX_SNAPSHOTS, SNAPSHOT_TTL_MS, useCatalogResults } from './catalogResults'

function snapshot(cursor: string): CatalogSnapshot {
  return {
    first: { courses: [], pageInfo: { hasNextPage: true, endCursor: 'c1' }, totalCount: 0, facets: { categories: [], priceBands: [] }, search: null },
    more: [], cursor, featured: null, categories: [],
  }
}

beforeEach(() => setActivePinia(createPinia()))

describe('the catalog results store', () => {
  it('gives back what was saved for the same history entry only', () => {
    const store = useCatalogResults()
    store.save(entryKey(3, '/courses?q=vue'), snapshot('c2'))
    expect(store.restore(entryKey(3, '/courses?q=vue'))?.cursor).toBe('c2')
    expect(store.restore(entryKey(4, '/courses?q=vue'))).toBeNull() // a new visit to the same URL
    expect(store.restore(entryKey(3, '/courses'))).toBeNull()
  })

  it('keys entries without a position (memory history) by their URL', () => {
    expect(entryKey(undefined, '/courses')).toBe('|/courses')
    expect(entryKey('3', '/courses')).toBe('|/courses') // not a router-made position
  })

  it('keeps the latest few entries and forgets stale ones', () => {
    const store = useCatalogResults()
    for (let n = 0; n <= MAX_SNAPSHOTS; n++) store.save(entryKey(n, '/courses'), snapshot(`c${n}`), 1000)
    expect(store.restore(entryKey(0, '/courses'), 1000)).toBeNull()
    expect(store.restore(entryKey(1, '/courses'), 1000)?.cursor).toBe('c1')
    expect(store.restore(entryKey(1, '/courses'), 1000 + SNAPSHOT_TTL_MS + 1)).toBeNull()
  })
})
