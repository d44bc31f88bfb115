/**
 * What the catalog had loaded at each history entry, so Back from a course shows the same list
 * (issue 18: "going back after 'Show more' drops the loaded courses and scrolls to the top").
 * The filters are in the URL already; the pages loaded by "Show more" (and the featured row, and
 * the category rows' order) are not, so the page leaves them here as it is left, keyed by the
 * history entry, and takes them back when that entry is shown again. A fresh visit is a new
 * entry (the router numbers them: history.state.position), so it loads afresh; only going back
 * or forward finds a snapshot. The router's scrollBehavior then restores the saved position
 * over the same content. Kept in memory only: a reload asks the server again.
 */
import { defineStore } from 'pinia'
import type { CategoryFacet, CoursePage, CourseSummary } from '@/services/types'

export interface CatalogSnapshot {
  first: CoursePage
  /** Courses "Show more" added after the first page, and where the next page starts. */
  more: CourseSummary[]
  cursor: string | null
  featured: CourseSummary[] | null
  /** The category rows in the order they were shown (see utils/facetOrder). */
  categories: CategoryFacet[]
}

/** A few entries back is what people go back through; older ones load again. */
export const MAX_SNAPSHOTS = 10
/** A snapshot older than this is stale enough to ask again (prices, counts). */
export const SNAPSHOT_TTL_MS = 15 * 60_000

/** One history entry's key: its place in the history and its URL (positions are reused after a
 * new visit cuts the forward history; the URL tells those entries apart when it differs). */
export function entryKey(position: unknown, fullPath: string): string {
  return `${typeof position === 'number' ? position : ''}|${fullPath}`
}

export const useCatalogResults = defineStore('catalogResults', () => {
  const saved = new Map<string, { snapshot: CatalogSnapshot; at: number }>()

  function save(key: string, snapshot: CatalogSnapshot, now = Date.now()): void {
    saved.delete(key) // to the end: the oldest go first
    saved.set(key, { snapshot, at: now })
    for (const oldest of saved.keys()) {
      if (saved.size <= MAX_SNAPSHOTS) break
      saved.delete(oldest)
    }
  }

  function restore(key: string, now = Date.now()): CatalogSnapshot | null {
    const found = saved.get(key)
    if (!found) return null
    if (now - found.at > SNAPSHOT_TTL_MS) {
      saved.delete(key)
      return null
    }
    return found.snapshot
  }

  return { save, restore }
})
