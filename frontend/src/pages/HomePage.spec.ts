import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Home } from '@/services/home'
import type { CourseSummary } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import HomePage from './HomePage.vue'

const server = vi.hoisted(() => ({ home: null as Home | null, hold: null as Promise<Home> | null, failures: 0, calls: 0 }))

vi.mock('@/services/home', () => ({
  fetchHome: async () => {
    server.calls += 1
    if (server.hold) return server.hold
    if (server.failures > 0) {
      server.failures -= 1
      throw new Error('The server is down')
    }
    return server.home
  },
}))

function course(id: string, category = 'Design'): CourseSummary {
  return {
    id, slug: id, title: `Course ${id}`, subtitle: '', priceCents: 0, currency: 'USD', isFree: true, level: 'BEGINNER',
    language: 'en', ratingAvg: 4.5, ratingCount: 2, enrollmentCount: 3, lessonCount: 4,
    category: { id: '1', slug: category.toLowerCase(), name: category }, creator: { id: 'u1', displayName: 'Bo' }, cover: null,
  }
}

function inProgress(id: string, done: number, total: number, next: string, opensAt: string | null = null): Home['continueLearning'][number] {
  return {
    course: course(id),
    nextLesson: { id: `${id}-next`, title: next, kind: 'TEXT', durationSeconds: 60, locked: opensAt !== null, opensAt },
    progress: { completedLessons: done, totalLessons: total, percent: Math.round((100 * done) / total) },
    lastActivityAt: '2026-12-04T10:00:00Z',
  }
}

async function mountHome() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: HomePage },
      { path: '/courses', name: 'catalog', component: { template: '<p>catalog</p>' } },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<p>lesson</p>' } },
    ],
  })
  await router.push('/')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'me', email: 'ada@example.com', displayName: 'Ada', role: 'LEARNER', emailVerified: true, avatar: null }
  Object.assign(server, { home: { continueLearning: [], recommended: [] }, hold: null, failures: 0, calls: 0 })
})

describe('the home page', () => {
  it('shows each course in progress with its progress and a link straight to its next lesson', async () => {
    server.home = { continueLearning: [inProgress('rust', 1, 3, 'Ownership'), inProgress('go', 0, 2, 'Hello')], recommended: [course('css')] }
    const { wrapper, router } = await mountHome()
    expect(wrapper.get('h1').text()).toBe('Welcome back, Ada')
    const items = wrapper.findAll('[data-testid=continue-item]')
    expect(items.map((item) => item.get('h3').text())).toEqual(['Course rust', 'Course go'])
    expect(items[0]!.get('[role=progressbar]').attributes('aria-valuenow')).toBe('33')
    expect(items[0]!.get('[data-testid=continue-progress]').text()).toBe('1 of 3 lessons · 33%')
    const link = items[0]!.get('[data-testid=continue-link]')
    expect(link.text()).toBe('Continue: Ownership')
    expect(link.attributes('href')).toBe('/courses/rust/learn/rust-next')
    await link.trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust/learn/rust-next')
  })

  it('recommends courses with the catalog’s card, and links the catalog', async () => {
    server.home = { continueLearning: [inProgress('rust', 1, 2, 'Two')], recommended: [course('css'), course('ux')] }
    const { wrapper } = await mountHome()
    const cards = wrapper.get('[data-testid=recommended]').findAll('[data-testid=course-card]')
    expect(cards.map((card) => card.get('h3').text())).toEqual(['Course css', 'Course ux'])
    expect(cards[0]!.text()).toContain('Design')
    expect(wrapper.get('[data-testid=browse-catalog]').attributes('href')).toBe('/courses')
    expect(wrapper.find('[data-testid=recommended-empty]').exists()).toBe(false)
  })

  it('says when nothing is in progress and nothing is left to recommend', async () => {
    const { wrapper } = await mountHome()
    expect(wrapper.get('[data-testid=continue-empty]').text()).toContain('Nothing in progress')
    expect(wrapper.get('[data-testid=continue-empty] a').attributes('href')).toBe('/courses')
    expect(wrapper.get('[data-testid=recommended-empty]').text()).toContain('No recommendations yet')
    expect(wrapper.findAll('[data-testid=continue-item]')).toHaveLength(0)
  })

  it('shows the error with a retry, and the page once the retry succeeds', async () => {
    server.failures = 1
    server.home = { continueLearning: [inProgress('rust', 1, 2, 'Two')], recommended: [] }
    const { wrapper } = await mountHome()
    expect(wrapper.get('[role=alert]').text()).toContain('The server is down')
    expect(wrapper.find('[data-testid=continue-item]').exists()).toBe(false)
    await wrapper.get('[role=alert] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid=continue-item]')).toHaveLength(1)
    expect(server.calls).toBe(2)
  })

  it('shows the loading state until the answer comes', async () => {
    let release: (home: Home) => void = () => undefined
    server.hold = new Promise<Home>((resolve) => (release = resolve))
    const { wrapper } = await mountHome()
    expect(wrapper.get('[role=status]').text()).toContain('Loading')
    expect(wrapper.find('[data-testid=continue-empty]').exists()).toBe(false)
    release({ continueLearning: [], recommended: [course('css')] })
    await flushPromises()
    expect(wrapper.find('[role=status]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid=course-card]')).toHaveLength(1)
  })
})

describe('a course whose remaining lessons are all still locked (drip release)', () => {
  it('says when the next lesson opens instead of linking to a locked page', async () => {
    server.home = { continueLearning: [inProgress('a', 7, 10, 'Lesson 3.1', '2026-12-11T09:00:00Z'), inProgress('b', 1, 4, 'Two')], recommended: [] }
    const { wrapper } = await mountHome()
    const cards = wrapper.findAll('[data-testid=continue-item]')
    expect(cards[0]!.get('[data-testid=continue-waiting]').text()).toMatch(/^🔒 Next lesson opens on Dec 11, 2026$/)
    expect(cards[0]!.find('[data-testid=continue-link]').exists()).toBe(false)
    expect(cards[1]!.get('[data-testid=continue-link]').text()).toBe('Continue: Two')
  })
})
