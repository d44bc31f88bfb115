import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CourseSummary } from '@/services/types'
import CatalogPage from './CatalogPage.vue'

const server = vi.hoisted(() => ({
  featured: [] as string[], featuredCalls: 0, featuredError: false, searches: [] as unknown[],
  search: null as null | { text: string; mode: string; didYouMean: string | null }, empty: false,
}))

function course(id: string): CourseSummary {
  return {
    id, slug: id, title: `Course ${id}`, subtitle: '', priceCents: 0, currency: 'USD', isFree: true, level: 'BEGINNER',
    language: 'en', ratingAvg: 0, ratingCount: 0, enrollmentCount: 0, lessonCount: 1, category: null,
    creator: { id: 'u1', displayName: 'Bo' }, cover: null,
  }
}

vi.mock('@/services/courses', () => ({
  searchCourses: async (filter: unknown) => {
    server.searches.push(filter)
    return {
      courses: server.empty ? [] : [course('listed')], pageInfo: { hasNextPage: false, endCursor: null },
      totalCount: server.empty ? 0 : 1, facets: { categories: [], priceBands: [] }, search: server.search,
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
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() =>
  Object.assign(server, { featured: [], featuredCalls: 0, featuredError: false, searches: [], search: null, empty: false }),
)

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

  it('explains a text with nothing to search for', async () => {
    server.empty = true
    server.search = { text: '!!!', mode: 'NO_WORDS', didYouMean: null }
    const { wrapper } = await mountAt('/courses?q=!!!')
    expect(wrapper.get('[data-testid=catalog-empty]').text()).toBe('“!!!” has no letters or digits to search for.')
  })

  it('filters by a creator named in the URL', async () => {
    const id = '0b7c9a52-58b4-4a55-9f0e-2f4f6c1d2e3a'
    await mountAt(`/courses?creator=${id}`)
    expect(server.searches.at(-1)).toEqual({ creatorId: id })
    await mountAt('/courses?creator=not-an-id')
    expect(server.searches.at(-1)).toEqual({})
  })
})
