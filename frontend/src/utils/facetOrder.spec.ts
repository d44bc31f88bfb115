import { describe, expect, it } from 'vitest'
import { stableFacets } from './facetOrder'

const facet = (slug: string, count: number) => ({ slug, name: slug.toUpperCase(), count })

describe('stableFacets', () => {
  it('takes the server’s order the first time', () => {
    expect(stableFacets([], [facet('b', 9), facet('a', 3)])).toEqual([facet('b', 9), facet('a', 3)])
  })

  it('keeps the rows in place when the counts change their order', () => {
    const first = stableFacets([], [facet('b', 9), facet('a', 3), facet('c', 1)])
    const next = stableFacets(first, [facet('c', 7), facet('a', 5), facet('b', 2)])
    expect(next.map((f) => [f.slug, f.count])).toEqual([['b', 2], ['a', 5], ['c', 7]])
  })

  it('keeps a category with no course left at 0, and appends one first seen later', () => {
    const first = stableFacets([], [facet('b', 9), facet('a', 3)])
    const next = stableFacets(first, [facet('d', 4), facet('a', 1)])
    expect(next.map((f) => [f.slug, f.count])).toEqual([['b', 0], ['a', 1], ['d', 4]])
    expect(next[0]?.name).toBe('B')
  })
})
