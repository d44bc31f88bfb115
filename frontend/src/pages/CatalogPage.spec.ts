import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CourseSummary } from '@/services/types'
import CatalogPage from './CatalogPage.vue'

const server = vi.hoisted(() => ({ featured: [] as string[], featuredCalls: 0, featuredError: false, searches: [] as unknown[] }))

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
      courses: [course('listed')], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 1,
      facets: { categories: [], priceBands: [] },
    }
  },
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

beforeEach(() => Object.assign(server, { featured: [], featuredCalls: 0, featuredError: false, searches: [] }))

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
