import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import type { AdminCourse, AdminCourseFilter, AdminCourseSort } from '@/services/admin/courses'
import AdminCoursesPage from './AdminCoursesPage.vue'

const server = vi.hoisted(() => ({
  calls: [] as { filter: unknown; sort: string; after: string | null }[],
  pages: new Map<string | null, { ids: string[]; next: string | null }>(),
  total: 0,
  capped: false,
}))

vi.mock('@/services/admin/courses', async (original) => ({
  ...(await original<typeof import('@/services/admin/courses')>()),
  fetchAdminCourses: async (filter: AdminCourseFilter, sort: AdminCourseSort, after: string | null) => {
    server.calls.push({ filter, sort, after })
    const page = server.pages.get(after) ?? { ids: [], next: null }
    return { items: page.ids.map(course), pageInfo: { hasNextPage: page.next !== null, endCursor: page.next }, totalCount: server.total, totalCountCapped: server.capped }
  },
}))

function course(id: string): AdminCourse {
  return {
    id, slug: `slug-${id}`, title: `Course ${id}`, subtitle: '', status: id === 'arch' ? 'ARCHIVED' : 'PUBLISHED', priceCents: 1999,
    currency: 'USD', isFree: false, level: 'BEGINNER', language: 'en', ratingAvg: 0, ratingCount: 0, enrollmentCount: 7,
    lessonCount: 3, createdAt: '2027-01-02T10:00:00Z', publishedAt: null, featuredAt: id === 'feat' ? '2027-01-03T00:00:00Z' : null,
    category: null, creator: { id: 'u1', displayName: 'Bo', email: 'bo@example.com' },
  }
}

let router: Router

async function mountAt(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/courses', component: AdminCoursesPage },
      { path: '/admin/courses/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  server.calls = []
  server.pages.clear()
  server.total = 0
  server.capped = false
})
afterEach(() => vi.useRealTimers())

describe('the admin courses list', () => {
  it('lists every course with its status and featured mark, linking to its admin page, and pages on', async () => {
    server.pages.set(null, { ids: ['feat', 'arch'], next: 'cur1' })
    server.pages.set('cur1', { ids: ['c3'], next: null })
    server.total = 3
    const wrapper = await mountAt('/admin/courses')
    expect(wrapper.get('h1').text()).toBe('Courses')
    expect(server.calls).toEqual([{ filter: {}, sort: 'NEWEST', after: null }])
    const rows = wrapper.findAll('[data-testid=admin-course-row]')
    expect(rows.map((r) => r.get('[data-testid=course-status]').text())).toEqual(['Published', 'Archived'])
    expect(rows[0]?.find('[data-testid=course-featured]').exists()).toBe(true)
    expect(rows[1]?.find('[data-testid=course-featured]').exists()).toBe(false)
    expect(rows[0]?.get('a').attributes('href')).toBe('/admin/courses/feat')
    expect(wrapper.get('[data-testid=admin-course-count]').text()).toBe('3 courses, 2 shown')
    await wrapper.findAll('button').find((b) => b.text() === 'More courses')?.trigger('click')
    await flushPromises()
    expect(server.calls.at(-1)).toEqual({ filter: {}, sort: 'NEWEST', after: 'cur1' })
    expect(wrapper.findAll('[data-testid=admin-course-row]')).toHaveLength(3)
    expect(wrapper.get('[data-testid=admin-course-count]').text()).toBe('3 courses')
    expect(wrapper.findAll('button').some((b) => b.text() === 'More courses')).toBe(false)
  })

  it('says "10,000+ courses" when the server stopped counting, with how many are shown', async () => {
    server.pages.set(null, { ids: ['feat', 'arch'], next: 'cur1' })
    server.total = 10000
    server.capped = true
    const wrapper = await mountAt('/admin/courses')
    expect(wrapper.get('[data-testid=admin-course-count]').text()).toBe('10,000+ courses, 2 shown')
  })

  it('sends status, featured and sort as chosen, from the first page again, and keeps them in the URL', async () => {
    const wrapper = await mountAt('/admin/courses')
    await wrapper.get('#admin-course-status').setValue('ARCHIVED')
    await flushPromises()
    await wrapper.get('#admin-course-featured').setValue('no')
    await flushPromises()
    await wrapper.get('#admin-course-sort').setValue('ENROLLMENTS')
    await flushPromises()
    expect(server.calls.at(-1)).toEqual({ filter: { status: 'ARCHIVED', featured: false }, sort: 'ENROLLMENTS', after: null })
    expect(router.currentRoute.value.query).toEqual({ status: 'ARCHIVED', featured: 'no', sort: 'ENROLLMENTS' })
    await wrapper.get('#admin-course-featured').setValue('yes')
    await flushPromises()
    expect(server.calls.at(-1)?.filter).toEqual({ status: 'ARCHIVED', featured: true })
    await wrapper.findAll('button').find((b) => b.text() === 'Clear filters')?.trigger('click')
    await flushPromises()
    expect(server.calls.at(-1)).toEqual({ filter: {}, sort: 'NEWEST', after: null })
  })

  it('searches once typing pauses, and at once on Enter', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const wrapper = await mountAt('/admin/courses')
    const box = wrapper.get('#admin-course-search')
    await box.setValue('ru')
    vi.advanceTimersByTime(100)
    await box.setValue('rust ')
    vi.advanceTimersByTime(299)
    await flushPromises()
    expect(server.calls).toHaveLength(1)
    vi.advanceTimersByTime(1)
    await flushPromises()
    expect(server.calls.at(-1)).toEqual({ filter: { search: 'rust' }, sort: 'NEWEST', after: null })
    expect(server.calls).toHaveLength(2)
    await box.setValue('go')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.calls.at(-1)?.filter).toEqual({ search: 'go' })
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(server.calls).toHaveLength(3)
  })

  it('reads its filters from the URL and ignores what it does not understand', async () => {
    const wrapper = await mountAt('/admin/courses?q=vue&status=DRAFT&sort=TITLE')
    expect(server.calls).toEqual([{ filter: { search: 'vue', status: 'DRAFT' }, sort: 'TITLE', after: null }])
    expect((wrapper.get('#admin-course-search').element as HTMLInputElement).value).toBe('vue')
    server.calls = []
    await mountAt('/admin/courses?status=DROP%20TABLE&featured=maybe&sort=RANDOM')
    expect(server.calls).toEqual([{ filter: {}, sort: 'NEWEST', after: null }])
  })

  it('says when nothing matches', async () => {
    const wrapper = await mountAt('/admin/courses?q=nothing')
    expect(wrapper.text()).toContain('No course matches these filters.')
  })
})
