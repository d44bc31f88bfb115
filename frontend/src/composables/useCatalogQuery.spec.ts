import { describe, expect, it } from 'vitest'
import { activeFilterCount, effectiveSort, parseCatalogQuery, toCatalogFilter, toCatalogQuery } from './useCatalogQuery'

describe('the catalog query string', () => {
  it('round-trips every filter through the URL', () => {
    const query = { q: 'rust', category: 'programming,design', pmin: '1', pmax: '1999', free: '1', rating: '4', level: 'BEGINNER', lang: 'pt-BR', creator: '0b7c9a52-58b4-4a55-9f0e-2f4f6c1d2e3a', sort: 'RATING' }
    const state = parseCatalogQuery(query)
    expect(state).toEqual({
      q: 'rust', categories: ['programming', 'design'], priceMin: 1, priceMax: 1999, free: true,
      ratingMin: 4, level: 'BEGINNER', language: 'pt-BR', creator: '0b7c9a52-58b4-4a55-9f0e-2f4f6c1d2e3a', sort: 'RATING',
    })
    expect(toCatalogQuery(state)).toEqual(query)
  })

  it('leaves defaults out of the URL', () => {
    expect(toCatalogQuery(parseCatalogQuery({}))).toEqual({})
  })

  it('ignores malformed values from a hand-edited URL instead of sending them', () => {
    const state = parseCatalogQuery({ pmin: '-5', rating: '9', level: 'GURU', lang: 'english', sort: 'RANDOM', category: 'ok,Bad Slug!' })
    expect(state).toMatchObject({ priceMin: null, ratingMin: null, level: null, language: '', sort: null, categories: ['ok'] })
  })

  it('maps the state to the server filter', () => {
    expect(toCatalogFilter(parseCatalogQuery({ q: 'go', free: '1', category: 'programming' }))).toEqual({
      text: 'go', freeOnly: true, categorySlugs: ['programming'],
    })
  })

  it('sorts by relevance only when there is text to be relevant to', () => {
    expect(effectiveSort(parseCatalogQuery({ q: 'go' }))).toBe('RELEVANCE')
    expect(effectiveSort(parseCatalogQuery({}))).toBe('NEWEST')
    expect(effectiveSort(parseCatalogQuery({ sort: 'RELEVANCE' }))).toBe('NEWEST')
    expect(effectiveSort(parseCatalogQuery({ q: 'go', sort: 'PRICE_ASC' }))).toBe('PRICE_ASC')
  })

  it('never sends a 10,000-character text from a URL, but keeps it too long for the server to say so', () => {
    expect(parseCatalogQuery({ q: 'x'.repeat(10_000) }).q).toHaveLength(201)
    expect(parseCatalogQuery({ q: 'x'.repeat(200) }).q).toHaveLength(200)
  })

  it('counts the filters set for the Filters (n) button: text and sort are not filters', () => {
    expect(activeFilterCount(parseCatalogQuery({ q: 'go', sort: 'RATING' }))).toBe(0)
    expect(activeFilterCount(parseCatalogQuery({ free: '1' }))).toBe(1)
    expect(activeFilterCount(parseCatalogQuery({ pmin: '1', pmax: '1999' }))).toBe(1)
    expect(activeFilterCount(parseCatalogQuery({ category: 'a,b', rating: '4', level: 'BEGINNER', lang: 'de' }))).toBe(5)
  })
})
