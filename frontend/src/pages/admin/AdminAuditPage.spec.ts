import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AuditEntry } from '@/services/admin/types'
import { endSession } from '@/services/session'
import AdminAuditPage from './AdminAuditPage.vue'

const server = { calls: [] as Record<string, unknown>[], pages: new Map<string | null, { entries: AuditEntry[]; next: string | null }>() }

function entry(id: string, over: Partial<AuditEntry>): AuditEntry {
  return {
    id, action: 'USER_DEACTIVATED', actorId: 'a1', actor: { id: 'a1', displayName: 'Ada Admin' }, targetType: 'User', targetId: 'u1',
    before: '{"is_active": true}', after: '{"is_active": false}', reason: 'spam account', createdAt: '2027-03-04T10:05:00Z', ...over,
  }
}

const FIRST = [
  entry('e1', {}),
  entry('e2', { action: 'USER_ROLE_CHANGED', before: '{"role":"LEARNER"}', after: '{"role":"CREATOR"}', reason: '' }),
  entry('e3', { action: 'COURSE_ARCHIVED', targetType: 'Course', targetId: 'c9', before: '{"status":"PUBLISHED"}', after: '{"status":"ARCHIVED"}' }),
  entry('e4', { action: 'REVIEW_HIDDEN', targetType: 'Review', targetId: 'r5', before: '{oops', after: '{"hidden_at":"2027-03-04"}' }),
  entry('e5', { action: 'MEMBER_MUTED', targetId: 'u7', before: null, after: '{"course_id":"c1","until":"2027-03-05T10:00:00+00:00"}' }),
]

beforeEach(() => {
  endSession('signed-out')
  server.calls = []
  server.pages = new Map([[null, { entries: FIRST, next: 'k1' }], ['k1', { entries: [entry('e6', { reason: 'older' })], next: null }]])
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    const { variables } = JSON.parse(init.body) as { variables: Record<string, unknown> }
    server.calls.push(variables)
    const page = server.pages.get((variables.after as string | null) ?? null) ?? { entries: [], next: null }
    const data = { auditLog: { edges: page.entries.map((node) => ({ cursor: node.id, node })), pageInfo: { hasNextPage: page.next !== null, endCursor: page.next } } }
    return new Response(JSON.stringify({ data }), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

async function mountPage(path = '/admin/audit') {
  const stub = { template: '<p />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/audit', name: 'admin-audit', component: AdminAuditPage },
      { path: '/admin/users/:id', name: 'admin-user', component: stub },
      { path: '/admin/courses/:id', name: 'admin-course', component: stub },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

function changes(li: ReturnType<Awaited<ReturnType<typeof mountPage>>['wrapper']['get']>) {
  return li.findAll('[data-testid=audit-change]').map((row) => [
    row.get('th').text(), row.get('[data-testid=audit-before]').text(), row.get('[data-testid=audit-after]').text(),
  ])
}

describe('the audit log page', () => {
  it('shows when, who, what, on what and why for each entry', async () => {
    const { wrapper } = await mountPage()
    const entries = wrapper.findAll('[data-testid=audit-entry]')
    expect(entries).toHaveLength(5)
    const first = entries[0]!
    expect(first.get('[data-testid=audit-action]').text()).toBe('Account deactivated')
    expect(first.get('[data-testid=audit-actor]').text()).toBe('Ada Admin')
    expect(first.get('[data-testid=audit-actor]').attributes('href')).toBe('/admin/users/a1')
    expect(first.get('[data-testid=audit-when]').attributes('datetime')).toBe('2027-03-04T10:05:00Z')
    expect(first.get('[data-testid=audit-when]').text()).toMatch(/Mar 4, 2027/)
    expect(first.get('[data-testid=audit-target-link]').attributes('href')).toBe('/admin/users/u1')
    expect(first.get('[data-testid=audit-reason]').text()).toBe('Reason: spam account')
    expect(entries[1]!.get('[data-testid=audit-reason]').text()).toBe('Reason: none given')
    expect(entries[2]!.get('[data-testid=audit-target-link]').attributes('href')).toBe('/admin/courses/c9')
    expect(entries[3]!.find('[data-testid=audit-target-link]').exists()).toBe(false)
    expect(entries[3]!.get('[data-testid=audit-target]').text()).toBe('Target: Review r5')
  })

  it('renders before → after as readable field changes, and unreadable JSON as text', async () => {
    const { wrapper } = await mountPage()
    const [deactivated, role, archived, hidden, muted] = wrapper.findAll('[data-testid=audit-entry]')
    expect(changes(deactivated!)).toEqual([['is_active', 'true', 'false']])
    expect(changes(role!)).toEqual([['role', 'LEARNER', 'CREATOR']])
    expect(changes(archived!)).toEqual([['status', 'PUBLISHED', 'ARCHIVED']])
    expect(hidden!.find('[data-testid=audit-change]').exists()).toBe(false)
    expect(hidden!.findAll('[data-testid=audit-raw] p').map((p) => p.text())).toEqual(['Before: {oops', 'After: {"hidden_at":"2027-03-04"}'])
    expect(changes(muted!)).toEqual([['course_id', 'not set', 'c1'], ['until', 'not set', '2027-03-05T10:00:00+00:00']])
  })

  it('is read-only: no control changes or removes an entry', async () => {
    const { wrapper } = await mountPage()
    const controls = wrapper.findAll('[data-testid=audit-list] button, [data-testid=audit-list] input, [data-testid=audit-list] textarea')
    expect(controls).toHaveLength(0)
    expect(wrapper.findAll('button').map((b) => b.text())).toEqual(['Apply filters', 'Clear filters', 'Previous page', 'Next page'])
  })

  it('sends the filters it is given and keeps them in the URL', async () => {
    const { wrapper, router } = await mountPage()
    await wrapper.get('#audit-action').setValue('USER_DEACTIVATED')
    await wrapper.get('#audit-target-type').setValue('User')
    await wrapper.get('#audit-target-id').setValue(' u1 ')
    await wrapper.get('#audit-actor').setValue('a1')
    await wrapper.get('#audit-search').setValue('spam')
    await wrapper.get('#audit-from').setValue('2027-03-01')
    await wrapper.get('#audit-to').setValue('2027-03-04')
    expect(server.calls).toHaveLength(1)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ action: 'USER_DEACTIVATED', type: 'User', target: 'u1', actor: 'a1', q: 'spam', from: '2027-03-01', to: '2027-03-04' })
    expect(server.calls.at(-1)).toEqual({
      filter: {
        action: 'USER_DEACTIVATED', targetType: 'User', targetId: 'u1', actorId: 'a1', search: 'spam',
        createdAfter: '2027-03-01T00:00:00Z', createdBefore: '2027-03-05T00:00:00Z',
      },
      first: 50, after: null,
    })
    await wrapper.findAll('button').find((b) => b.text() === 'Clear filters')?.trigger('click')
    await flushPromises()
    expect(server.calls.at(-1)).toEqual({ filter: {}, first: 50, after: null })
    expect((wrapper.get('#audit-target-id').element as HTMLInputElement).value).toBe('')
  })

  it('opens with the filters of its URL (a link from the user page)', async () => {
    const { wrapper } = await mountPage('/admin/audit?type=User&target=u1')
    expect(server.calls).toEqual([{ filter: { targetType: 'User', targetId: 'u1' }, first: 50, after: null }])
    expect((wrapper.get('#audit-target-id').element as HTMLInputElement).value).toBe('u1')
  })

  it('pages on with the end cursor and back', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('[data-testid=audit-next]').trigger('click')
    await flushPromises()
    expect(server.calls.at(-1)).toMatchObject({ after: 'k1' })
    expect(wrapper.findAll('[data-testid=audit-entry]').map((e) => e.get('[data-testid=audit-reason]').text())).toEqual(['Reason: older'])
    expect(wrapper.get('[data-testid=audit-status]').text()).toBe('Page 2 · 1 entry')
    await wrapper.get('[data-testid=audit-prev]').trigger('click')
    await flushPromises()
    expect(server.calls.at(-1)).toMatchObject({ after: null })
    expect(wrapper.findAll('[data-testid=audit-entry]')).toHaveLength(5)
  })
})
