/**
 * The catalog's category rows keep their places while the visitor clicks filters (issue 18: rows
 * re-sorted under the cursor). The server sorts a facet by count, and every other filter changes
 * the counts; so the rows stay in the order they were first shown in (most courses first, at the
 * first load), a category first met later is added at the end, and one that drops to no course
 * stays in its place with a count of 0 rather than vanishing from under the pointer.
 */
import type { CategoryFacet } from '@/services/types'

export function stableFacets(shown: readonly CategoryFacet[], current: readonly CategoryFacet[]): CategoryFacet[] {
  const counts = new Map(current.map((facet) => [facet.slug, facet]))
  const kept = shown.map((facet) => ({ ...facet, ...(counts.get(facet.slug) ?? { count: 0 }) }))
  const known = new Set(shown.map((facet) => facet.slug))
  return [...kept, ...current.filter((facet) => !known.has(facet.slug))]
}
