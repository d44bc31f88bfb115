import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AdminUser } from '@/services/admin/types'
import { endSession } from '@/services/session'
import AdminUsersPage from './AdminUsersPage.vue'

interface Call {
  root: string
  variables: Record<string, unknown>
}

/** The GraphQL server, by root field: every request is recorded and answered from `pages`. */
const server = {
  calls: [] as Call[],
  pages: new Map<string | null, { ids: string[]; next: string | null }>(),
  bulk: { changed: 2, unchanged: 0 },
  capped: false,
}

function user(id: string): AdminUser {
  return { id, email: `${id}@example.com`, emailVerified: null, displayName: `User ${id}`, role: 'LEARNER', isActive: id !== 'off', createdAt: '2027-01-05T10:00:00Z' }
}

function answer(root: string, variables: Record<string, unknown>): unknown {
  if (root === 'users') {
    const page = server.pages.get((variables.after as string | null) ?? null) ?? { ids: [], next: null }
    return {
      users: {
        edges: page.ids.map((id) => ({ cursor: id, node: user(id) })),
        pageInfo: { hasNextPage: page.next !== null, endCursor: page.next },
        totalCount: server.capped ? 10000 : 61,
        totalCountCapped: server.capped,
      },
    }
  }
  if (root === 'setUsersActive') return { setUsersActive: server.bulk }
  throw new Error(`unexpected ${root}`)
}

beforeEach(() => {
  vi.useFakeTimers()
  endSession('signed-out')
  server.calls = []
  server.bulk = { changed: 2, unchanged: 0 }
  server.capped = false
  server.pages = new Map([[null, { ids: ['u1', 'u2', 'off'], next: 'c1' }], ['c1', { ids: ['u4'], next: null }]])
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    const { query, variables } = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> }
    const root = /\{\s*(\w+)/.exec(query)?.[1] ?? ''
    server.calls.push({ root, variables })
    return new Response(JSON.stringify({ data: answer(root, variables) }), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => {
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

async function mountPage(path = '/admin/users') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/users', name: 'admin-users', component: AdminUsersPage },
      { path: '/admin/users/:id', name: 'admin-user', component: { template: '<p />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

const lists = () => server.calls.filter((c) => c.root === 'users').map((c) => c.variables)
const button = (wrapper: Awaited<ReturnType<typeof mountPage>>['wrapper'], name: string) => {
  const found = wrapper.findAll('button').find((b) => b.text() === name)
  if (!found) throw new Error(`no button ${name}`)
  return found
}

describe('the admin users list', () => {
  it('reads its filters from the URL and sends them, with the total and a link per row', async () => {
    const { wrapper } = await mountPage('/admin/users?q=ann&role=CREATOR&active=0&from=2027-01-01&to=2027-01-31&sort=EMAIL')
    expect(lists()).toEqual([{
      filter: { search: 'ann', role: 'CREATOR', isActive: false, createdAfter: '2027-01-01T00:00:00Z', createdBefore: '2027-02-01T00:00:00Z' },
      sort: 'EMAIL', first: 25, after: null,
    }])
    expect((wrapper.get('#users-search').element as HTMLInputElement).value).toBe('ann')
    expect((wrapper.get('#users-role').element as HTMLSelectElement).value).toBe('CREATOR')
    expect(wrapper.get('[data-testid=users-total]').text()).toBe('61 accounts · page 1')
    const rows = wrapper.findAll('[data-testid=user-row]')
    expect(rows).toHaveLength(3)
    expect(rows[0]?.get('[data-testid=user-link]').attributes('href')).toBe('/admin/users/u1')
    expect(rows[2]?.get('[data-testid=user-status]').text()).toBe('Deactivated')
    wrapper.unmount()
  })

  it('searches once the typing pauses, and puts every filter in the URL', async () => {
    const { wrapper, router } = await mountPage()
    const input = wrapper.get('#users-search')
    await input.setValue('a')
    await input.setValue('an')
    await input.setValue('ann ')
    await vi.advanceTimersByTimeAsync(299)
    expect(lists()).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    await flushPromises()
    expect(lists()).toHaveLength(2)
    expect(lists()[1]).toMatchObject({ filter: { search: 'ann' } })
    expect(router.currentRoute.value.query).toEqual({ q: 'ann' })
    expect((input.element as HTMLInputElement).value).toBe('ann ')

    await wrapper.get('#users-role').setValue('ADMIN')
    await wrapper.get('#users-active').setValue('1')
    await wrapper.get('#users-sort').setValue('NAME')
    await wrapper.get('#users-from').setValue('2027-02-01')
    await wrapper.get('#users-to').setValue('2027-02-28')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'ann', role: 'ADMIN', active: '1', sort: 'NAME', from: '2027-02-01', to: '2027-02-28' })
    expect(lists().at(-1)).toEqual({
      filter: { search: 'ann', role: 'ADMIN', isActive: true, createdAfter: '2027-02-01T00:00:00Z', createdBefore: '2027-03-01T00:00:00Z' },
      sort: 'NAME', first: 25, after: null,
    })
    await button(wrapper, 'Clear filters').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({})
    expect(lists().at(-1)).toEqual({ filter: {}, sort: 'NEWEST', first: 25, after: null })
    wrapper.unmount()
  })

  it('says "10,000+ accounts" when the server stopped counting', async () => {
    server.capped = true
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=users-total]').text()).toBe('10,000+ accounts · page 1')
    wrapper.unmount()
  })

  it('pages with the end cursor and back, and starts again when a filter changes', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=users-prev]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid=users-next]').trigger('click')
    await flushPromises()
    expect(lists().at(-1)).toMatchObject({ after: 'c1' })
    expect(wrapper.findAll('[data-testid=user-row]').map((r) => r.attributes('data-user-id'))).toEqual(['u4'])
    expect(wrapper.get('[data-testid=users-total]').text()).toBe('61 accounts · page 2')
    expect(wrapper.get('[data-testid=users-next]').attributes('disabled')).toBeDefined()
    await wrapper.get('[data-testid=users-prev]').trigger('click')
    await flushPromises()
    expect(lists().at(-1)).toMatchObject({ after: null })
    await wrapper.get('[data-testid=users-next]').trigger('click')
    await flushPromises()
    await wrapper.get('#users-role').setValue('LEARNER')
    await flushPromises()
    expect(lists().at(-1)).toEqual({ filter: { role: 'LEARNER' }, sort: 'NEWEST', first: 25, after: null })
    expect(lists().some((v) => v.after === 'c1' && (v.filter as Record<string, unknown>).role === 'LEARNER')).toBe(false)
    wrapper.unmount()
  })

  it('deactivates the selected accounts with a reason and says what changed', async () => {
    server.bulk = { changed: 1, unchanged: 1 }
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=users-bulk-deactivate]').attributes('disabled')).toBeDefined()
    const boxes = wrapper.findAll('[data-testid=user-select]')
    expect(boxes[0]?.attributes('aria-label')).toBe('Select User u1')
    await boxes[0]?.setValue(true)
    await boxes[2]?.setValue(true)
    expect(wrapper.get('[data-testid=users-selected]').text()).toBe('2 selected')
    expect((wrapper.get('[data-testid=users-select-all]').element as HTMLInputElement).indeterminate).toBe(true)

    await wrapper.get('[data-testid=users-bulk-deactivate]').trigger('click')
    await flushPromises()
    const dialog = wrapper.get('[role=dialog]')
    expect(dialog.text()).toContain('Deactivate 2 accounts')
    await dialog.get('[data-testid=reason-input]').setValue('spam wave')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(server.calls.find((c) => c.root === 'setUsersActive')?.variables).toEqual({ userIds: ['u1', 'off'], isActive: false, reason: 'spam wave' })
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=bulk-outcome]').text()).toBe('Deactivated 1 account; 1 already deactivated.')
    expect(wrapper.get('[data-testid=users-selected]').text()).toBe('0 selected')
    expect(lists()).toHaveLength(2)
    wrapper.unmount()
  })

  it('selects the whole page at once, and reactivates', async () => {
    const { wrapper } = await mountPage()
    await wrapper.get('[data-testid=users-select-all]').setValue(true)
    expect(wrapper.get('[data-testid=users-selected]').text()).toBe('3 selected')
    await wrapper.get('[data-testid=users-bulk-reactivate]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=reason-input]').setValue('appeal accepted')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(server.calls.find((c) => c.root === 'setUsersActive')?.variables).toEqual({ userIds: ['u1', 'u2', 'off'], isActive: true, reason: 'appeal accepted' })
    expect(wrapper.get('[data-testid=bulk-outcome]').text()).toBe('Reactivated 2 accounts; 0 already active.')
    wrapper.unmount()
  })

  it('shows a refused bulk action in the dialog and changes nothing on the page', async () => {
    const { wrapper } = await mountPage()
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ data: null, errors: [{ message: 'At most 100 accounts at once', extensions: { code: 'BAD_USER_INPUT' } }] }), { status: 200 }))
    await wrapper.findAll('[data-testid=user-select]')[1]?.setValue(true)
    await wrapper.get('[data-testid=users-bulk-deactivate]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=reason-input]').setValue('x')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=reason-error]').text()).toBe('At most 100 accounts at once')
    expect(wrapper.get('[data-testid=users-selected]').text()).toBe('1 selected')
    expect(wrapper.find('[data-testid=bulk-outcome]').exists()).toBe(false)
    wrapper.unmount()
  })
})
