/**
 * The catalog's search state lives in the URL (`/courses?q=vue&category=programming&sort=RATING`),
 * so a search can be shared, bookmarked and reloaded. This module is the only place that knows
 * the query-string format; the page reads `state` and calls `update`.
 */
import { computed } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import type { CatalogFilter } from '@/services/courses'
import type { CourseLevel, CourseSort } from '@/services/types'
import { MAX_SEARCH_CHARS } from '@/utils/catalogSearch'

export interface CatalogState {
  q: string
  categories: string[]
  priceMin: number | null
  priceMax: number | null
  free: boolean
  ratingMin: number | null
  level: CourseLevel | null
  language: string
  /** A creator's id (a suggestion under the search box filters by its creator). */
  creator: string
  sort: CourseSort | null
}

const LEVELS: readonly CourseLevel[] = ['BEGINNER', 'INTERMEDIATE', 'ADVANCED']
const SORTS: readonly CourseSort[] = ['RELEVANCE', 'NEWEST', 'RATING', 'POPULAR', 'PRICE_ASC', 'PRICE_DESC']

function one(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first.trim() : ''
}

function count(value: string): number | null {
  if (!/^\d+$/.test(value)) return null
  return Number(value)
}

/** Anything malformed in a hand-edited URL is ignored rather than sent to the server. */
export function parseCatalogQuery(query: LocationQuery): CatalogState {
  const rating = Number(one(query.rating))
  const level = one(query.level) as CourseLevel
  const sort = one(query.sort) as CourseSort
  return {
    // One past the server's limit: a longer text in a hand-made URL is still answered TOO_LONG
    // (and explained) rather than cut silently, and never sent whole (10,000 characters).
    q: one(query.q).slice(0, MAX_SEARCH_CHARS + 1),
    categories: one(query.category).split(',').filter((slug) => /^[a-z0-9-]+$/.test(slug)),
    priceMin: count(one(query.pmin)),
    priceMax: count(one(query.pmax)),
    free: one(query.free) === '1',
    ratingMin: rating >= 1 && rating <= 5 ? rating : null,
    level: LEVELS.includes(level) ? level : null,
    language: /^[a-z]{2}(-[A-Z]{2})?$/.test(one(query.lang)) ? one(query.lang) : '',
    creator: /^[0-9a-f-]{36}$/i.test(one(query.creator)) ? one(query.creator) : '',
    sort: SORTS.includes(sort) ? sort : null,
  }
}

export function toCatalogQuery(state: CatalogState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.q) query.q = state.q
  if (state.categories.length) query.category = state.categories.join(',')
  if (state.priceMin !== null) query.pmin = String(state.priceMin)
  if (state.priceMax !== null) query.pmax = String(state.priceMax)
  if (state.free) query.free = '1'
  if (state.ratingMin !== null) query.rating = String(state.ratingMin)
  if (state.level) query.level = state.level
  if (state.language) query.lang = state.language
  if (state.creator) query.creator = state.creator
  if (state.sort) query.sort = state.sort
  return query
}

export function toCatalogFilter(state: CatalogState): CatalogFilter {
  const filter: CatalogFilter = {}
  if (state.q) filter.text = state.q
  if (state.categories.length) filter.categorySlugs = state.categories
  if (state.priceMin !== null) filter.priceMin = state.priceMin
  if (state.priceMax !== null) filter.priceMax = state.priceMax
  if (state.free) filter.freeOnly = true
  if (state.ratingMin !== null) filter.ratingMin = state.ratingMin
  if (state.level) filter.level = state.level
  if (state.language) filter.language = state.language
  if (state.creator) filter.creatorId = state.creator
  return filter
}

/** Every filter off; the search text and the sort stay (what "Clear filters" does). */
export const NO_FILTERS: Readonly<Omit<CatalogState, 'q' | 'sort'>> = {
  categories: [], priceMin: null, priceMax: null, free: false, ratingMin: null, level: null, language: '', creator: '',
}

/** The filters set, as the "Filters (n)" button counts them: each category, and the price, the
 * rating, the level, the language and the creator once each (the text and the sort are not filters). */
export function activeFilterCount(state: CatalogState): number {
  const price = state.free || state.priceMin !== null || state.priceMax !== null
  return state.categories.length + [price, state.ratingMin !== null, state.level, state.language, state.creator].filter(Boolean).length
}

/** The sort sent to the server: relevance only means something with search text. */
export function effectiveSort(state: CatalogState): CourseSort {
  if (state.sort === 'RELEVANCE' && !state.q) return 'NEWEST'
  return state.sort ?? (state.q ? 'RELEVANCE' : 'NEWEST')
}

export function useCatalogQuery() {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => parseCatalogQuery(route.query))

  function update(change: Partial<CatalogState>): Promise<unknown> {
    return router.push({ query: toCatalogQuery({ ...state.value, ...change }) })
  }

  function reset(): Promise<unknown> {
    return router.push({ query: {} })
  }

  return { state, update, reset }
}
