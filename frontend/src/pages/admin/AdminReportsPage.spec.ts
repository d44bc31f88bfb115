import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { chatMessage, report } from '@/components/admin/reportFixture'
import type { MessageReport, ReportStatus } from '@/services/admin/moderation'
import { ApiError } from '@/services/api'
import AdminReportsPage from './AdminReportsPage.vue'

const server = vi.hoisted(() => ({
  queries: [] as { status: string; after: string | null }[],
  reports: [] as MessageReport[],
  resolves: [] as { id: string; action: string; minutes: number | null; reason: string }[],
  conflict: false,
  mutes: [] as unknown[],
  unmutes: [] as { id: string; reason: string }[],
  capped: false,
}))

vi.mock('@/services/admin/moderation', async (original) => ({
  ...(await original<typeof import('@/services/admin/moderation')>()),
  fetchReports: async (status: ReportStatus, after: string | null) => {
    server.queries.push({ status, after })
    const items = server.reports.filter((r) => r.status === status)
    return { items, pageInfo: { hasNextPage: false, endCursor: null }, totalCount: server.capped ? 10000 : items.length, totalCountCapped: server.capped }
  },
  resolveReport: async (id: string, action: string, minutes: number | null, reason: string) => {
    if (server.conflict) {
      server.reports = server.reports.map((r) => (r.id === id ? { ...r, status: 'DISMISSED' } : r))
      throw new ApiError('This report was already resolved', 'CONFLICT')
    }
    server.resolves.push({ id, action, minutes, reason })
    const found = server.reports.find((r) => r.id === id) as MessageReport
    return { ...found, status: action === 'DISMISS' ? 'DISMISSED' : 'ACTIONED', resolution: action }
  },
  fetchChatMutes: async () => server.mutes,
  unmuteMember: async (id: string, reason: string) => {
    server.unmutes.push({ id, reason })
    server.mutes = []
    return { id }
  },
}))

let router: Router

async function mountAt(path: string) {
  router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/admin/reports', component: AdminReportsPage }] })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router], stubs: { teleport: true } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

type Page = Awaited<ReturnType<typeof mountAt>>
const cards = (wrapper: Page) => wrapper.findAll('[data-testid=report]')

beforeEach(() => {
  Object.assign(server, {
    queries: [],
    reports: [
      report(),
      // A second member's report of the same message: resolving one resolves both.
      report({ id: 'rep2', reporter: { id: 'cy', displayName: 'Cy', email: null }, reportCount: 2 }),
      report({ id: 'rep3', message: chatMessage('m9', 'buy followers', 'Dee'), author: { id: 'dee', displayName: 'Dee', email: null } }),
      report({ id: 'old', status: 'DISMISSED', resolution: 'DISMISS', resolvedAt: '2027-01-05T00:00:00Z' }),
    ],
    resolves: [],
    conflict: false,
    mutes: [],
    unmutes: [],
    capped: false,
  })
  document.body.innerHTML = ''
})

describe('the chat reports queue', () => {
  it('opens on the open reports, each with its actions', async () => {
    const wrapper = await mountAt('/admin/reports')
    expect(wrapper.get('h1').text()).toBe('Chat reports')
    expect(server.queries).toEqual([{ status: 'OPEN', after: null }])
    const open = wrapper.get('[data-testid=reports-tab-open]')
    expect([open.attributes('role'), open.attributes('aria-selected')]).toEqual(['tab', 'true'])
    expect(cards(wrapper)).toHaveLength(3)
    expect(wrapper.get('[data-testid=reports-count]').text()).toBe('3 open reports')
  })

  it('says "10,000+ open reports" when the server stopped counting', async () => {
    server.capped = true
    const wrapper = await mountAt('/admin/reports')
    expect(wrapper.get('[data-testid=reports-count]').text()).toBe('10,000+ open reports')
  })

  it('switches status with the tabs, by click or arrow key, and keeps it in the URL', async () => {
    const wrapper = await mountAt('/admin/reports')
    await wrapper.get('[data-testid=reports-tab-dismissed]').trigger('click')
    await flushPromises()
    expect(server.queries.at(-1)).toEqual({ status: 'DISMISSED', after: null })
    expect(router.currentRoute.value.query).toEqual({ status: 'DISMISSED' })
    expect(cards(wrapper).map((c) => c.attributes('data-report-id'))).toEqual(['old'])
    await wrapper.get('[data-testid=reports-tab-dismissed]').trigger('keydown', { key: 'ArrowRight' })
    await flushPromises()
    expect(server.queries.at(-1)?.status).toBe('OPEN')
    expect(router.currentRoute.value.query).toEqual({})
    expect(document.activeElement).toBe(wrapper.get('[data-testid=reports-tab-open]').element)
  })

  it('mutes the author for the minutes chosen, and the report leaves the queue with the others of its message', async () => {
    const wrapper = await mountAt('/admin/reports')
    await cards(wrapper)[0]?.get('[data-testid=report-mute-author]').trigger('click')
    await flushPromises()
    expect(document.activeElement).toBe(wrapper.get('[data-testid=mute-duration]').element)
    await wrapper.get('[data-testid=mute-duration]').setValue('custom')
    await wrapper.get('[data-testid=mute-minutes]').setValue('45')
    await wrapper.get('[role=dialog] [data-testid=reason-input]').setValue('Insults')
    await wrapper.get('[data-testid=resolve-form]').trigger('submit')
    await flushPromises()
    expect(server.resolves).toEqual([{ id: 'rep1', action: 'MUTE_AUTHOR', minutes: 45, reason: 'Insults' }])
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(cards(wrapper).map((c) => c.attributes('data-report-id'))).toEqual(['rep3'])
    expect(wrapper.get('[data-testid=reports-notice]').text()).toBe('Author muted: Bo for 45 min.')
    expect(wrapper.get('[data-testid=reports-count]').text()).toBe('1 open report')
    expect(wrapper.get('[data-testid=reports-notice]').element.parentElement?.contains(document.activeElement)).toBe(true)
  })

  it('dismisses without a reason', async () => {
    const wrapper = await mountAt('/admin/reports')
    await cards(wrapper)[2]?.get('[data-testid=report-dismiss]').trigger('click')
    await wrapper.get('[data-testid=resolve-form]').trigger('submit')
    await flushPromises()
    expect(server.resolves).toEqual([{ id: 'rep3', action: 'DISMISS', minutes: null, reason: '' }])
    expect(wrapper.get('[data-testid=reports-notice]').text()).toBe('Report dismissed.')
  })

  it('says so plainly when another moderator resolved the report first, and refreshes the queue', async () => {
    server.conflict = true
    const wrapper = await mountAt('/admin/reports')
    await cards(wrapper)[2]?.get('[data-testid=report-delete-message]').trigger('click')
    await wrapper.get('[role=dialog] [data-testid=reason-input]').setValue('Spam')
    await wrapper.get('[data-testid=resolve-form]').trigger('submit')
    await flushPromises()
    const conflict = wrapper.get('[data-testid=reports-conflict]')
    expect(conflict.attributes('role')).toBe('alert')
    expect(conflict.text()).toContain('Already resolved: another moderator handled this report first.')
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(cards(wrapper).map((c) => c.attributes('data-report-id'))).toEqual(['rep1', 'rep2'])
    expect(server.queries).toHaveLength(2)
  })

  it('lists the mutes in force and lifts one with a reason', async () => {
    server.mutes = [{ id: 'mu1', courseId: 'c1', user: { id: 'bo', displayName: 'Bo', email: null }, reason: 'Insults', createdAt: '2027-01-04T10:00:00Z', endsAt: '2027-01-04T11:00:00Z', liftedAt: null }]
    const wrapper = await mountAt('/admin/reports')
    const mute = wrapper.get('[data-testid=chat-mute]')
    expect(mute.text()).toContain('Bo')
    await mute.get('button').trigger('click')
    await wrapper.get('[role=dialog] [data-testid=reason-input]').setValue('Apologised')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(server.unmutes).toEqual([{ id: 'mu1', reason: 'Apologised' }])
    expect(wrapper.text()).toContain('Nobody is muted.')
    expect(wrapper.get('[data-testid=reports-notice]').text()).toBe('Bo can post again.')
  })
})
