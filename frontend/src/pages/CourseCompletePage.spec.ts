import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CourseDetail } from '@/services/types'
import CourseCompletePage from './CourseCompletePage.vue'

const server = vi.hoisted(() => ({ enrollment: null as null | Record<string, unknown> }))

vi.mock('@/services/courses', () => ({
  requireCourse: async (): Promise<Partial<CourseDetail>> => ({
    id: 'c1', slug: 'rust', title: 'Rust for Pythonistas', viewerEnrollment: server.enrollment as CourseDetail['viewerEnrollment'],
  }),
}))

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug/complete', component: CourseCompletePage, props: true },
      { path: '/certificates/:id', name: 'certificate', component: { template: '<div />' } },
      { path: '/learning', name: 'learning', component: { template: '<div />' } },
      { path: '/courses', name: 'catalog', component: { template: '<div />' } },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<div />' } },
    ],
  })
  await router.push('/courses/rust/complete')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => (server.enrollment = null))

describe('the completion page', () => {
  it('shows the course done, the certificate link, and the next steps', async () => {
    server.enrollment = { id: 'e1', progress: { completedLessons: 2, totalLessons: 2, percent: 100 }, certificate: { id: 'cert1', valid: true } }
    const wrapper = await mountPage()
    expect(wrapper.get('h1').text()).toBe('Course completed')
    expect(wrapper.text()).toContain('Rust for Pythonistas')
    expect(wrapper.get('[data-testid=open-certificate]').attributes('href')).toBe('/certificates/cert1')
    const links = wrapper.findAll('a').map((a) => a.attributes('href'))
    expect(links).toContain('/learning')
    expect(links).toContain('/courses')
  })

  it('says how far along the learner is before the course is complete', async () => {
    server.enrollment = { id: 'e1', progress: { completedLessons: 1, totalLessons: 3, percent: 33 }, certificate: null }
    const wrapper = await mountPage()
    expect(wrapper.get('h1').text()).toBe('Not complete yet')
    expect(wrapper.text()).toContain('1 of 3 lessons')
    expect(wrapper.find('[data-testid=open-certificate]').exists()).toBe(false)
  })

  it('tells someone not enrolled how to get a certificate', async () => {
    const wrapper = await mountPage()
    expect(wrapper.get('h1').text()).toBe('Not complete yet')
    expect(wrapper.get('a.btn-primary').attributes('href')).toBe('/courses/rust')
  })
})
