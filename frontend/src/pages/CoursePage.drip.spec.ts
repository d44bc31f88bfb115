// The course page's syllabus under drip release (the page's other parts have their own specs'
// concerns; this file is only the syllabus's locked modules).
import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CourseDetail, Lesson } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import { formatDate } from '@/utils/format'
import CoursePage from './CoursePage.vue'

const OPENS_AT = '2030-03-04T10:00:00+00:00'
const server = vi.hoisted(() => ({ enrolled: true }))

function lesson(id: string, locked: boolean, isPreview = false): Lesson {
  return {
    id, title: `Lesson ${id}`, kind: 'TEXT', position: 0, durationSeconds: 60, isPreview, completed: false, asset: null,
    body: locked || (!server.enrolled && !isPreview) ? null : `Body of ${id}`, videoUrl: null, locked, opensAt: locked ? OPENS_AT : null,
  } as Lesson
}

vi.mock('@/services/courses', () => ({
  requireCourse: async (): Promise<Partial<CourseDetail>> => ({
    id: 'c1', slug: 'rust', title: 'Rust', subtitle: '', description: '', status: 'PUBLISHED', isFree: true, priceCents: 0, currency: 'USD',
    level: 'BEGINNER', language: 'en', category: null, cover: null, ratingAvg: 0, ratingCount: 0, enrollmentCount: 1, lessonCount: 3,
    ratingHistogram: [], viewerReview: null, publicationChecklist: null,
    creator: { id: 'bo', displayName: 'Bo' } as CourseDetail['creator'],
    viewerEnrollment: server.enrolled ? ({ id: 'e1', progress: { completedLessons: 0, totalLessons: 3, percent: 0 }, nextLesson: null, certificate: null } as unknown as CourseDetail['viewerEnrollment']) : null,
    modules: [
      { id: 'm1', title: 'Start', position: 1, opensAfterDays: 0, opensAt: null, locked: false, lessons: [lesson('l1', false, true), lesson('l2', false)] },
      { id: 'm2', title: 'Week two', position: 2, opensAfterDays: 7, opensAt: server.enrolled ? OPENS_AT : null, locked: server.enrolled, lessons: [lesson('l3', server.enrolled)] },
    ] as CourseDetail['modules'],
  }),
  fetchReviews: async () => ({ reviews: [], pageInfo: { hasNextPage: false, endCursor: null } }),
  enroll: async () => ({}),
}))

async function mountPage() {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'ana', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug', name: 'course', component: CoursePage, props: true },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<p/>' } },
      { path: '/courses/:slug/chat', name: 'chat', component: { template: '<p/>' } },
      { path: '/login', name: 'login', component: { template: '<p/>' } },
    ],
  })
  await router.push('/courses/rust')
  const wrapper = mount({ template: '<RouterView />' }, {
    global: { plugins: [router], stubs: { MessageUserButton: true, ReviewForm: true, BuyBox: true, CoverImage: true } },
  })
  await flushPromises()
  return wrapper
}

beforeEach(() => (server.enrolled = true))

describe('the syllabus under drip release', () => {
  it('shows an enrolled learner when a locked module opens, with a lock and no link to its lessons', async () => {
    const wrapper = await mountPage()
    const modules = wrapper.findAll('section[aria-labelledby=syllabus-heading] > ol > li')
    expect(modules).toHaveLength(2)
    expect(modules[0]!.find('[data-testid=module-opens]').exists()).toBe(false)
    expect(modules[0]!.findAll('a').map((a) => a.text())).toEqual(['OpenLesson l1', 'OpenLesson l2'])
    expect(modules[1]!.get('[data-testid=module-opens]').text()).toBe(`🔒 Opens on ${formatDate(OPENS_AT)}`)
    expect(modules[1]!.text()).toContain('Lesson l3')
    expect(modules[1]!.get('[data-testid=lesson-locked]').text()).toBe('🔒 Locked')
    expect(modules[1]!.findAll('a')).toHaveLength(0)
  })

  it('tells a visitor how long after enrolling a module opens', async () => {
    server.enrolled = false
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=module-opens]').text()).toBe('🔒 Opens 7 days after enrollment')
    expect(wrapper.find('[data-testid=lesson-locked]').exists()).toBe(false)
  })
})
