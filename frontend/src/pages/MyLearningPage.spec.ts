import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import MyLearningPage from './MyLearningPage.vue'

vi.mock('@/services/courses', () => ({
  fetchMyLearning: async () => [
    { id: 'e1', course: { slug: 'rust', title: 'Rust' }, progress: { completedLessons: 2, totalLessons: 2, percent: 100 }, nextLesson: null, certificate: { id: 'cert1', valid: true } },
    { id: 'e2', course: { slug: 'go', title: 'Go' }, progress: { completedLessons: 1, totalLessons: 2, percent: 50 }, nextLesson: { id: 'l2', title: 'Two', locked: false, opensAt: null }, certificate: null },
    { id: 'e3', course: { slug: 'js', title: 'JS' }, progress: { completedLessons: 7, totalLessons: 9, percent: 78 }, nextLesson: { id: 'l9', title: 'Nine', locked: true, opensAt: '2026-12-11T09:00:00Z' }, certificate: null },
  ],
}))

describe('my learning', () => {
  it('marks a completed course and links its certificate; a course in progress has neither', async () => {
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/learning', component: MyLearningPage },
        { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
        { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<div />' } },
        { path: '/courses/:slug/chat/:room?', name: 'chat', component: { template: '<div />' } },
        { path: '/certificates/:id', name: 'certificate', component: { template: '<div />' } },
      ],
    })
    await router.push('/learning')
    const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
    await flushPromises()
    const [done, going] = wrapper.findAll('[data-testid=learning-item]')
    expect(done!.get('[data-testid=learning-completed]').text()).toContain('Completed')
    expect(done!.get('[data-testid=learning-certificate]').attributes('href')).toBe('/certificates/cert1')
    expect(going!.find('[data-testid=learning-completed]').exists()).toBe(false)
    expect(going!.find('[data-testid=learning-certificate]').exists()).toBe(false)
    expect(going!.text()).toContain('Next: Two')
    // Every lesson left is locked: when the next opens, not a link to a locked page.
    const waiting = wrapper.findAll('[data-testid=learning-item]')[2]!
    expect(waiting.get('[data-testid=learning-waiting]').text()).toBe('🔒 Next lesson opens on Dec 11, 2026')
    expect(waiting.text()).not.toContain('Next: Nine')
  })
})
