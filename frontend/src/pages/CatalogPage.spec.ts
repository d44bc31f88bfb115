import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CourseSummary } from '@/services/types'
import CatalogPage from './CatalogPage.vue'

const server = vi.hoisted(() => ({
  featured: [] as string[], featuredCalls: 0, featuredError: false, searches: [] as unknown[],
  search: null as null | { text: string; mode: string; didYouMean: string | null }, empty: false,
  /** Pages of course ids "Show more" goes through; the first by default. */
  pages: null as null | string[][], calls: [] as { filter: unknown; after: string | null; first: number }[],
  categories: [] as { slug: string; name: string; count: number }[], total: null as number | null,
  offline: false,
}))

function course(id: string): CourseSummary {
  return {
    id, slug: id, title: `Course ${id}`, subtitle: '', priceCents: 0, currency: 'USD', isFree: true, level: 'BEGINNER',
    language: 'en', ratingAvg: 0, ratingCount: 0, enrollmentCount: 0, lessonCount: 1, category: null,
    creator: { id: 'u1', displayName: 'Bo' }, cover: null,
  }
}

const BANDS = [
  { key: 'FREE', label: 'Free', minCents: 0, maxCents: 0, count: 4 },
  { key: 'UNDER_20', label: 'Under 20', minCents: 1, maxCents: 1999, count: 2 },
]

vi.mock('@/services/courses', () => ({
  searchCourses: async (filter: unknown, _sort: string, after: string | null, first = 12) => {
    if (server.offline) throw new Error('Cannot reach EduSphere. Check your connection and try again.')
    server.searches.push(filter)
    server.calls.push({ filter, after, first })
    const pages = server.pages ?? [['listed']]
    const index = after ? Number(after) : 0
    const ids = server.empty ? [] : (pages[index] ?? [])
    const more = index + 1 < pages.length
    return {
      courses: ids.map(course), pageInfo: { hasNextPage: more, endCursor: more ? String(index + 1) : null },
      totalCount: server.total ?? (server.empty ? 0 : pages.flat().length),
      facets: { categories: server.categories, priceBands: BANDS }, search: server.search,
    }
  },
  suggestCatalog: async () => [],
  fetchFeaturedCourses: async () => {
    server.featuredCalls += 1
    if (server.featuredError) throw new Error('down')
    return server.featured.map(course)
  },
}))

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses', name: 'catalog', component: CatalogPage },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router, pinia] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

let pinia = createPinia()

beforeEach(() => {
  pinia = createPinia()
  setActivePinia(pinia)
  Object.assign(server, {
    featured: [], featuredCalls: 0, featuredError: false, searches: [], search: null, empty: false, pages: null, calls: [],
    categories: [], total: null, offline: false,
  })
})
afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

describe('the catalog’s featured row', () => {
  it('leads the first, unfiltered page with the featured courses, as course cards', async () => {
    server.featured = ['f1', 'f2']
    const { wrapper } = await mountAt('/courses')
    const row = wrapper.get('[data-testid=featured]')
    expect(row.get('h2').text()).toBe('Featured')
    expect(row.findAll('[data-testid=course-card]').map((c) => c.get('h3').text())).toEqual(['Course f1', 'Course f2'])
    // Before the search results.
    const html = wrapper.html()
    expect(html.indexOf('data-testid="featured"')).toBeLessThan(html.indexOf('Course listed'))
  })

  it('is not shown with a search or a filter, and comes back without refetching', async () => {
    server.featured = ['f1']
    const { wrapper, router } = await mountAt('/courses?q=rust')
    expect(wrapper.find('[data-testid=featured]').exists()).toBe(false)
    expect(server.featuredCalls).toBe(0)
    await router.push('/courses')
    await flushPromises()
    expect(wrapper.find('[data-testid=featured]').exists()).toBe(true)
    await router.push('/courses?free=1')
    await flushPromises()
    expect(wrapper.find('[data-testid=featured]').exists()).toBe(false)
    await router.push('/courses')
    await flushPromises()
    expect(wrapper.find('[data-testid=featured]').exists()).toBe(true)
    expect(server.featuredCalls).toBe(1)
  })

  it('is left out when nothing is featured, or when asking failed', async () => {
    const { wrapper } = await mountAt('/courses')
    expect(wrapper.find('[data-testid=featured]').exists()).toBe(false)
    server.featuredError = true
    server.featured = ['f1']
    const failed = await mountAt('/courses')
    expect(failed.wrapper.find('[data-testid=featured]').exists()).toBe(false)
    expect(failed.wrapper.find('[role=alert]').exists()).toBe(false)
    expect(failed.wrapper.text()).toContain('Course listed')
  })
})

describe('the catalog’s forgiving search', () => {
  it('offers the server’s correction as a link that searches it', async () => {
    server.search = { text: 'pythn', mode: 'SIMILAR_TITLES', didYouMean: 'python' }
    const { wrapper, router } = await mountAt('/courses?q=pythn&free=1')
    const offer = wrapper.get('[data-testid=did-you-mean]')
    expect(offer.text()).toBe('Did you mean python?')
    server.search = { text: 'python', mode: 'ALL_WORDS', didYouMean: null }
    await offer.get('a').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'python', free: '1' })
    expect(wrapper.find('[data-testid=did-you-mean]').exists()).toBe(false)
  })

  it('says when it fell back to any word', async () => {
    server.search = { text: 'python basics', mode: 'ANY_WORD', didYouMean: null }
    const { wrapper } = await mountAt('/courses?q=python+basics')
    expect(wrapper.get('[data-testid=search-mode]').text()).toContain('No course has every word of “python basics”')
  })

  it('names what was searched when nothing is found, and offers clearing filters only when some are set', async () => {
    server.empty = true
    server.search = { text: 'zzz', mode: 'NOTHING_FOUND', didYouMean: null }
    const { wrapper, router } = await mountAt('/courses?q=zzz')
    const empty = wrapper.get('[data-testid=catalog-empty]')
    expect(empty.text()).toBe('No course found for “zzz”.')
    expect(empty.find('button').exists()).toBe(false)
    await router.push('/courses?q=zzz&free=1&level=BEGINNER')
    await flushPromises()
    const filtered = wrapper.get('[data-testid=catalog-empty]')
    expect(filtered.text()).toContain('No course matches for “zzz” with these filters.')
    await filtered.get('button').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'zzz' })
  })

  it('shows no count above an error: it was the count of another search', async () => {
    server.total = 500
    const { wrapper, router } = await mountAt('/courses')
    expect(wrapper.get('[data-testid=result-count]').text()).toBe('500 courses')
    server.offline = true
    await router.push('/courses?q=rust')
    await flushPromises()
    expect(wrapper.text()).toContain('Cannot reach EduSphere')
    expect(wrapper.get('[data-testid=result-count]').text()).toBe('')
  })

  it('explains a text with nothing to search for', async () => {
    server.empty = true
    server.search = { text: '!!!', mode: 'NO_WORDS', didYouMean: null }
    const { wrapper } = await mountAt('/courses?q=!!!')
    expect(wrapper.get('[data-testid=catalog-empty]').text()).toBe('Search for a word or two: “!!!” has no letters or digits.')
  })

  it('filters by a creator named in the URL', async () => {
    const id = '0b7c9a52-58b4-4a55-9f0e-2f4f6c1d2e3a'
    await mountAt(`/courses?creator=${id}`)
    expect(server.searches.at(-1)).toEqual({ creatorId: id })
    await mountAt('/courses?creator=not-an-id')
    expect(server.searches.at(-1)).toEqual({})
  })
})

function cardTitles(wrapper: ReturnType<typeof mount>): string[] {
  return wrapper.get('[data-testid=results]').findAll('[data-testid=course-card]').map((card) => card.get('h3').text())
}

describe('Back from a course (issue 18)', () => {
  it('shows the pages “Show more” loaded again, without asking the server', async () => {
    server.pages = [['a', 'b'], ['c']]
    const { wrapper, router } = await mountAt('/courses?level=BEGINNER')
    const showMore = wrapper.findAll('button').find((b) => b.text() === 'Show more courses')
    await showMore?.trigger('click')
    await flushPromises()
    expect(cardTitles(wrapper)).toEqual(['Course a', 'Course b', 'Course c'])
    expect(wrapper.findAll('button').some((b) => b.text() === 'Show more courses')).toBe(false)
    const asked = server.calls.length
    await router.push('/courses/c')
    await flushPromises()
    router.back()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/courses?level=BEGINNER')
    expect(cardTitles(wrapper)).toEqual(['Course a', 'Course b', 'Course c'])
    expect(server.calls.length).toBe(asked)
  })

  it('loads afresh what it had not loaded, a search answer coming late for another entry is dropped', async () => {
    server.pages = [['a']]
    const { wrapper, router } = await mountAt('/courses')
    await router.push('/courses?level=ADVANCED')
    server.pages = [['z']]
    router.back() // before the ADVANCED answer is read: the snapshot of /courses wins
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/courses')
    expect(cardTitles(wrapper)).toEqual(['Course a'])
  })
})

describe('the catalog’s filters', () => {
  it('keep the category rows in place as other filters change their counts', async () => {
    server.categories = [{ slug: 'b', name: 'Business', count: 9 }, { slug: 'a', name: 'Art', count: 3 }]
    const { wrapper, router } = await mountAt('/courses')
    server.categories = [{ slug: 'a', name: 'Art', count: 5 }]
    await router.push('/courses?level=BEGINNER')
    await flushPromises()
    const rows = wrapper.get('[data-testid=catalog-filters] fieldset').findAll('label').map((label) => label.text())
    expect(rows).toEqual(['Business0', 'Art5'])
  })

  it('offer Free once, as a price band, which is the free=1 filter', async () => {
    const { wrapper, router } = await mountAt('/courses?free=1')
    expect(wrapper.text()).not.toContain('Free courses only')
    const radios = wrapper.findAll('input[type=radio]')
    expect(radios.map((radio) => radio.element.parentElement?.textContent?.trim())).toEqual(['Any price', 'Free4', 'Under 202'])
    expect((radios[1]?.element as HTMLInputElement).checked).toBe(true)
    await radios[2]?.setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ pmin: '1', pmax: '1999' })
    await radios[1]?.setValue(true)
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ free: '1' })
  })

  it('name languages in the viewer’s language', async () => {
    const { wrapper } = await mountAt('/courses')
    const names = wrapper.findAll('select').find((s) => s.find('option[value=de]').exists())?.findAll('option').map((o) => o.text())
    expect(names).toContain('German')
    expect(names).not.toContain('de')
  })
})

describe('the filter sheet on a phone', () => {
  beforeEach(() => {
    vi.stubGlobal('matchMedia', () => ({ matches: false, addEventListener: () => undefined, removeEventListener: () => undefined }))
  })

  const dialog = () => document.querySelector<HTMLElement>('[role=dialog]')
  const button = (name: string) => Array.from(document.querySelectorAll('button')).find((b) => b.textContent?.trim() === name)

  it('leads with the results: the filters wait behind a button that counts them', async () => {
    const { wrapper } = await mountAt('/courses?level=BEGINNER&q=go')
    expect(wrapper.find('aside').exists()).toBe(false)
    expect(wrapper.find('[data-testid=catalog-filters]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=filters-button]').text()).toBe('Filters (1)')
    expect(cardTitles(wrapper)).toEqual(['Course listed'])
  })

  it('applies a draft with Show N results, counted by the server as it changes', async () => {
    server.categories = [{ slug: 'art', name: 'Art', count: 3 }]
    const { wrapper, router } = await mountAt('/courses?level=BEGINNER')
    ;(wrapper.get('[data-testid=filters-button]').element as HTMLButtonElement).focus() // as a click does
    await wrapper.get('[data-testid=filters-button]').trigger('click')
    await flushPromises()
    expect(dialog()?.getAttribute('aria-labelledby')).toBeTruthy()
    expect(document.activeElement?.closest('[role=dialog]')).toBe(dialog()) // focus moved in
    const checkbox = dialog()?.querySelector<HTMLInputElement>('input[type=checkbox]')
    checkbox?.click()
    await flushPromises()
    expect(button('Show results')).toBeTruthy() // counting
    server.total = 3
    await new Promise((resolve) => setTimeout(resolve, 200))
    await flushPromises()
    expect(server.calls.at(-1)).toEqual({ filter: { categorySlugs: ['art'], level: 'BEGINNER' }, after: null, first: 1 })
    expect(router.currentRoute.value.query).toEqual({ level: 'BEGINNER' }) // nothing applied yet
    button('Show 3 results')?.click()
    await flushPromises()
    expect(dialog()).toBeNull()
    expect(router.currentRoute.value.query).toEqual({ category: 'art', level: 'BEGINNER' })
    expect(wrapper.get('[data-testid=filters-button]').text()).toBe('Filters (2)')
    expect(document.activeElement).toBe(wrapper.get('[data-testid=filters-button]').element) // focus back
  })

  it('closes with Escape or Cancel and changes nothing', async () => {
    const { wrapper, router } = await mountAt('/courses')
    await wrapper.get('[data-testid=filters-button]').trigger('click')
    await flushPromises()
    dialog()?.querySelector<HTMLInputElement>('input[type=radio]:not(:checked)')?.click()
    dialog()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(dialog()).toBeNull()
    expect(router.currentRoute.value.query).toEqual({})
    await wrapper.get('[data-testid=filters-button]').trigger('click')
    await flushPromises()
    button('Cancel')?.click()
    await flushPromises()
    expect(dialog()).toBeNull()
    expect(wrapper.get('[data-testid=filters-button]').text()).toBe('Filters')
  })
})
