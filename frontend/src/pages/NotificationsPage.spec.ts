import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { CourseNotificationSetting } from '@/services/notifications'
import NotificationsPage from './NotificationsPage.vue'

const server = vi.hoisted(() => ({
  settings: [] as CourseNotificationSetting[],
  calls: [] as [string, boolean][],
  refuse: null as Error | null,
  pending: null as null | (() => void),
}))

vi.mock('@/services/notifications', () => ({
  fetchNotificationSettings: async () => server.settings.map((s) => ({ ...s, course: { ...s.course } })),
  setCourseNotifications: async (courseId: string, enabled: boolean) => {
    server.calls.push([courseId, enabled])
    if (server.pending) await new Promise<void>((resolve) => (server.pending = resolve))
    if (server.refuse) throw server.refuse
    const found = server.settings.find((s) => s.course.id === courseId)
    if (!found) throw new ApiError('Course not found', 'NOT_FOUND')
    found.enabled = enabled
    return { ...found }
  },
}))

function setting(id: string, title: string, enabled = true): CourseNotificationSetting {
  return { course: { id, slug: id, title }, enabled }
}

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/account/notifications', component: NotificationsPage },
      { path: '/account', component: { template: '<div />' } },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
    ],
  })
  await router.push('/account/notifications')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  server.settings = [setting('c1', 'Algebra'), setting('c2', 'Zoology', false)]
  server.calls = []
  server.refuse = null
  server.pending = null
})

describe('notification settings', () => {
  it('lists each enrolled course with a labelled switch that says whether its emails come', async () => {
    const wrapper = await mountPage()
    const rows = wrapper.findAll('[data-testid=notification-row]')
    expect(rows.map((r) => r.get('a').text())).toEqual(['Algebra', 'Zoology'])
    expect(rows[0]?.get('a').attributes('href')).toBe('/courses/c1')
    const switches = wrapper.findAll('[role=switch]')
    expect(switches.map((s) => s.attributes('aria-checked'))).toEqual(['true', 'false'])
    expect(switches[0]?.attributes('aria-label')).toBe('Announcement emails for Algebra')
    expect(rows.map((r) => r.get('[data-testid=notification-state]').text())).toEqual(['All announcements', 'None'])
  })

  it('turns a course off and on again through the API', async () => {
    const wrapper = await mountPage()
    const first = () => wrapper.findAll('[role=switch]')[0]
    await first()?.trigger('click')
    await flushPromises()
    expect(server.calls).toEqual([['c1', false]])
    expect(first()?.attributes('aria-checked')).toBe('false')
    expect(wrapper.get('[role=status]').text()).toBe('Emails off for Algebra.')
    await first()?.trigger('click')
    await flushPromises()
    expect(server.calls).toEqual([['c1', false], ['c1', true]])
    expect(first()?.attributes('aria-checked')).toBe('true')
    expect(wrapper.get('[role=status]').text()).toBe('Emails on for Algebra.')
  })

  it('puts the switch back and says why beside that course when the server refuses', async () => {
    server.refuse = new ApiError('Only the course\'s enrolled learners choose its announcement emails', 'FORBIDDEN')
    const wrapper = await mountPage()
    await wrapper.findAll('[role=switch]')[1]?.trigger('click')
    await flushPromises()
    const rows = wrapper.findAll('[data-testid=notification-row]')
    expect(wrapper.findAll('[role=switch]')[1]?.attributes('aria-checked')).toBe('false')
    expect(rows[1]?.get('[role=alert]').text()).toContain('enrolled learners')
    expect(rows[0]?.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.find('[role=status]').exists()).toBe(false)
  })

  it('ignores clicks while a change is on its way', async () => {
    server.pending = () => undefined
    const wrapper = await mountPage()
    const button = () => wrapper.findAll('[role=switch]')[0]
    await button()?.trigger('click')
    await button()?.trigger('click')
    expect(server.calls).toEqual([['c1', false]])
    expect(button()?.attributes('disabled')).toBeDefined()
    server.pending?.()
    await flushPromises()
    expect(button()?.attributes('aria-checked')).toBe('false')
    expect(button()?.attributes('disabled')).toBeUndefined()
  })

  it('says where announcements come from when there is no course yet', async () => {
    server.settings = []
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('You are not enrolled in a course yet')
    expect(wrapper.find('[role=switch]').exists()).toBe(false)
  })
})
