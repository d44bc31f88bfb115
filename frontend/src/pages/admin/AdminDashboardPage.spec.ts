import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Dashboard } from '@/services/admin/types'
import AdminDashboardPage from './AdminDashboardPage.vue'

const server = vi.hoisted(() => ({
  days: [] as number[],
  deadLetters: 0,
  mail: { pending: 3, sending: 1, dead: 0, deadLastHour: 0, oldestPendingSeconds: 42 as number | null },
}))

vi.mock('@/services/admin/dashboard', () => ({
  DASHBOARD_DAYS: [7, 30, 90],
  fetchDashboard: async (days: number): Promise<Dashboard> => {
    server.days.push(days)
    return {
      usersByRole: [
        { role: 'LEARNER', count: 100000, active: 99000 },
        { role: 'CREATOR', count: 120, active: 118 },
        { role: 'ADMIN', count: 2, active: 2 },
      ],
      coursesByStatus: [{ status: 'DRAFT', count: 40 }, { status: 'PUBLISHED', count: 9950 }, { status: 'ARCHIVED', count: 10 }],
      enrollments: 250000,
      salesByDay: [
        { day: '2027-03-01', currency: 'USD', orders: 2, revenueCents: 9800, refundedCents: 0 },
        { day: '2027-03-02', currency: 'USD', orders: 1, revenueCents: 4900, refundedCents: 4900 },
        { day: '2027-03-01', currency: 'EUR', orders: 0, revenueCents: 0, refundedCents: 0 },
        { day: '2027-03-02', currency: 'EUR', orders: 1, revenueCents: 1900, refundedCents: 0 },
      ],
      openSockets: 314,
      chatMessagesPerMinute: [
        { minute: '2027-03-02T10:00:00Z', messages: 3 },
        { minute: '2027-03-02T10:01:00Z', messages: 12 },
        { minute: '2027-03-02T10:02:00Z', messages: 5 },
      ],
      writeBehind: { backlog: 17, pending: 3, lagSeconds: 1.25, deadLetters: server.deadLetters },
      openReports: 4,
      mail: server.mail,
    }
  },
}))

async function mountPage(path = '/admin') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin', name: 'admin-dashboard', component: AdminDashboardPage },
      { path: '/admin/reports', name: 'admin-reports', component: { template: '<p />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  server.days = []
  server.deadLetters = 0
  server.mail = { pending: 3, sending: 1, dead: 0, deadLastHour: 0, oldestPendingSeconds: 42 }
})

describe('the admin dashboard', () => {
  it('counts users by role (with active), courses by status, enrollments and open reports', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=dashboard-users-total]').text()).toBe('100,122')
    expect(wrapper.get('[data-testid=dashboard-role-LEARNER]').text()).toBe('Learners100,000 (99,000 active)')
    expect(wrapper.get('[data-testid=dashboard-role-ADMIN]').text()).toBe('Admins2 (2 active)')
    expect(wrapper.get('[data-testid=dashboard-courses-total]').text()).toBe('10,000')
    expect(wrapper.get('[data-testid=dashboard-course-PUBLISHED]').text()).toBe('Published9,950')
    expect(wrapper.get('[data-testid=dashboard-enrollments]').text()).toBe('250,000')
    expect(wrapper.get('[data-testid=dashboard-open-reports]').text()).toBe('4')
    expect(wrapper.get('[data-testid=dashboard-reports-link]').attributes('href')).toBe('/admin/reports')
  })

  it('draws a sales chart per currency, named for screen readers', async () => {
    const { wrapper } = await mountPage()
    const charts = wrapper.findAll('[data-testid=sales-chart]')
    expect(charts.map((c) => c.attributes('aria-label')?.split('.')[0])).toEqual(['Sales per day in EUR', 'Sales per day in USD'])
    expect(charts[1]?.attributes('aria-label')).toContain('3 orders, $147.00 in sales, $49.00 refunded')
  })

  it('shows the live figures: sockets, chat per minute, write-behind', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=dashboard-open-sockets]').text()).toBe('314')
    expect(wrapper.get('[data-testid=dashboard-chat-rate]').text()).toBe('5')
    expect(wrapper.get('[data-testid=sparkline]').attributes('aria-label')).toBe(
      'Chat messages per minute over the last 3 minutes: 20 in all, at most 12 a minute, 5 in the latest minute.',
    )
    expect(wrapper.get('[data-testid=dashboard-backlog]').text()).toBe('17')
    expect(wrapper.get('[data-testid=dashboard-lag]').text()).toBe('1.3 s')
    expect(wrapper.get('[data-testid=dashboard-dead-letters]').text()).toBe('0')
    expect(wrapper.get('[data-testid=dashboard-write-behind]').attributes('data-warning')).toBeUndefined()
    expect(wrapper.find('[data-testid=dashboard-dead-letters-warning]').exists()).toBe(false)
  })

  it('warns when chat events could not be stored', async () => {
    server.deadLetters = 2
    const { wrapper } = await mountPage()
    const card = wrapper.get('[data-testid=dashboard-write-behind]')
    expect(card.attributes('data-warning')).toBe('true')
    expect(card.classes()).toContain('bg-amber-50')
    expect(wrapper.get('[data-testid=dashboard-dead-letters-warning]').text()).toContain('2 chat events could not be written')
  })

  it('shows the mail outbox, and warns of messages refused for good in the last hour', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=dashboard-mail-pending]').text()).toBe('3')
    expect(wrapper.get('[data-testid=dashboard-mail-oldest]').text()).toBe('42 s')
    expect(wrapper.get('[data-testid=dashboard-mail-dead]').text()).toBe('0')
    expect(wrapper.get('[data-testid=dashboard-mail]').attributes('data-warning')).toBeUndefined()
    server.mail = { pending: 0, sending: 0, dead: 5, deadLastHour: 2, oldestPendingSeconds: null }
    const { wrapper: dead } = await mountPage()
    expect(dead.get('[data-testid=dashboard-mail]').attributes('data-warning')).toBe('true')
    expect(dead.get('[data-testid=dashboard-mail-oldest]').text()).toBe('Nothing waiting')
    expect(dead.get('[data-testid=dashboard-mail-dead]').text()).toBe('5')
    expect(dead.get('[data-testid=dashboard-mail-warning]').text()).toContain('2 messages refused for good in the last hour')
  })

  it('asks for 30 days first, then the period chosen, which the URL keeps', async () => {
    const { wrapper, router } = await mountPage()
    expect(server.days).toEqual([30])
    await wrapper.get('#dashboard-days').setValue('90')
    await flushPromises()
    expect(server.days).toEqual([30, 90])
    expect(router.currentRoute.value.query).toEqual({ days: '90' })
    expect(wrapper.get('#dashboard-sales').text()).toBe('Sales, last 90 days')
    const { wrapper: again } = await mountPage('/admin?days=7')
    expect(server.days.at(-1)).toBe(7)
    expect((again.get('#dashboard-days').element as HTMLSelectElement).value).toBe('7')
    await mountPage('/admin?days=100000')
    expect(server.days.at(-1)).toBe(30)
  })
})
