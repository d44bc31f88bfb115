import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { UserDetail } from '@/services/admin/types'
import { LAST_ADMIN_MESSAGE } from '@/services/admin/users'
import { endSession } from '@/services/session'
import { useAuthStore } from '@/stores/auth'
import AdminUserPage from './AdminUserPage.vue'

interface Call {
  root: string
  variables: Record<string, unknown>
}

const server = { calls: [] as Call[], detail: null as UserDetail | null, refuse: {} as Record<string, { message: string; extensions: object }> }

function detail(): UserDetail {
  return {
    user: { id: 'u1', email: 'ann@example.com', emailVerified: null, displayName: 'Ann', role: 'ADMIN', isActive: true, createdAt: '2027-01-05T10:00:00Z' },
    sessions: [
      { id: 's1', startedAt: '2027-03-01T10:00:00Z', lastRefreshedAt: '2027-03-02T10:00:00Z', expiresAt: '2027-03-31T10:00:00Z' },
      { id: 's2', startedAt: '2027-03-03T10:00:00Z', lastRefreshedAt: '2027-03-03T11:00:00Z', expiresAt: '2027-04-02T10:00:00Z' },
    ],
    enrollments: [{ id: 'e1', source: 'PURCHASE', enrolledAt: '2027-02-01T00:00:00Z', revokedAt: null, progress: { percent: 40 }, course: { id: 'c1', slug: 'go', title: 'Go' } }],
    courses: [{ id: 'c2', slug: 'rust', title: 'Rust', status: 'ARCHIVED', enrollmentCount: 12, createdAt: '2026-12-01T00:00:00Z' }],
    orders: [{
      id: 'o1', status: 'PARTIALLY_REFUNDED', provider: 'STRIPE', amountCents: 4900, refundedCents: 1000, currency: 'USD',
      receiptNumber: 'R-0001', createdAt: '2027-02-01T00:00:00Z', course: { id: 'c1', slug: 'go', title: 'Go' },
    }],
  }
}

function answer(root: string, variables: Record<string, unknown>): unknown {
  const d = server.detail
  if (!d) throw new Error('no detail')
  if (root === 'adminUser') return { adminUser: d }
  if (root === 'setUserRole') {
    d.user = { ...d.user, role: variables.role as UserDetail['user']['role'] }
    return { setUserRole: d.user }
  }
  if (root === 'setUserActive') {
    d.user = { ...d.user, isActive: variables.isActive as boolean }
    if (!variables.isActive) d.sessions = []
    return { setUserActive: d.user }
  }
  if (root === 'sendVerificationEmail') return { sendVerificationEmail: true }
  if (root === 'sendPasswordResetEmail') return { sendPasswordResetEmail: true }
  if (root === 'endUserSessions') {
    const ended = d.sessions.length
    d.sessions = []
    return { endUserSessions: ended }
  }
  throw new Error(`unexpected ${root}`)
}

beforeEach(() => {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'me', email: 'me@example.com', displayName: 'Me', role: 'ADMIN', emailVerified: null, avatar: null }
  endSession('signed-out')
  Object.assign(server, { calls: [], detail: detail(), refuse: {} })
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    const { query, variables } = JSON.parse(init.body) as { query: string; variables: Record<string, unknown> }
    const root = /\{\s*(\w+)/.exec(query)?.[1] ?? ''
    server.calls.push({ root, variables })
    const refusal = server.refuse[root]
    const body = refusal ? { data: null, errors: [refusal] } : { data: answer(root, variables) }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

async function mountPage() {
  const stub = { template: '<p />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/users/:id', name: 'admin-user', component: AdminUserPage, props: true },
      { path: '/admin/users', name: 'admin-users', component: stub },
      { path: '/admin/courses/:id', name: 'admin-course', component: stub },
      { path: '/admin/audit', name: 'admin-audit', component: stub },
    ],
  })
  await router.push('/admin/users/u1')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const sent = (root: string) => server.calls.filter((c) => c.root === root).map((c) => c.variables)

describe('an account’s admin page', () => {
  it('shows the profile, sessions, enrollments, courses taught and orders', async () => {
    const wrapper = await mountPage()
    expect(sent('adminUser')).toEqual([{ id: 'u1' }])
    expect(wrapper.get('[data-testid=admin-user-name]').text()).toBe('Ann')
    expect(wrapper.get('[data-testid=admin-user-email]').text()).toBe('ann@example.com')
    expect(wrapper.get('[data-testid=admin-user-status]').text()).toBe('Active')
    expect(wrapper.findAll('[data-testid=session-row]')).toHaveLength(2)
    expect(wrapper.get('[data-testid=enrollment-row]').text()).toMatch(/Go.*Purchase.*40%/)
    expect(wrapper.get('[data-testid=taught-row]').text()).toMatch(/Rust.*Archived.*12/)
    expect(wrapper.get('[data-testid=taught-row] a').attributes('href')).toBe('/admin/courses/c2')
    expect(wrapper.get('[data-testid=order-row]').text()).toMatch(/Go.*Partly refunded.*\$49\.00.*\$10\.00.*R-0001/)
    expect(wrapper.get('[data-testid=admin-user-audit-link]').attributes('href')).toBe('/admin/audit?type=User&target=u1')
    wrapper.unmount()
  })

  it('changes the role with the reason given', async () => {
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=role-submit]').attributes('disabled')).toBeDefined()
    await wrapper.get('#admin-user-role-select').setValue('CREATOR')
    await wrapper.get('#admin-user-role-reason').setValue('teaches now')
    await wrapper.get('[data-testid=role-submit]').trigger('submit')
    await flushPromises()
    expect(sent('setUserRole')).toEqual([{ userId: 'u1', role: 'CREATOR', reason: 'teaches now' }])
    expect(wrapper.get('[data-testid=admin-user-role]').text()).toBe('Creator')
    expect(wrapper.get('[data-testid=admin-user-notice]').text()).toBe('Role changed to Creator.')
    wrapper.unmount()
  })

  it('says plainly when the change would leave no active admin', async () => {
    server.refuse.setUserRole = { message: 'Cannot remove the last admin', extensions: { code: 'BAD_USER_INPUT', reason: 'LAST_ADMIN' } }
    const wrapper = await mountPage()
    await wrapper.get('#admin-user-role-select').setValue('LEARNER')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const error = wrapper.get('[data-testid=role-error]')
    expect(error.attributes('role')).toBe('alert')
    expect(error.text()).toBe(LAST_ADMIN_MESSAGE)
    expect(wrapper.get('[data-testid=admin-user-role]').text()).toBe('Admin')
    expect(wrapper.get('[data-testid=admin-user-notice]').text()).toBe('')
    wrapper.unmount()
  })

  it('deactivates after a confirmation with a reason, and shows the sessions gone', async () => {
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=admin-user-deactivate]').trigger('click')
    await flushPromises()
    const dialog = wrapper.get('[role=dialog]')
    expect(dialog.text()).toContain('Deactivate Ann')
    await dialog.get('form').trigger('submit')
    expect(sent('setUserActive')).toEqual([])
    await dialog.get('[data-testid=reason-input]').setValue('chargeback fraud')
    await dialog.get('form').trigger('submit')
    await flushPromises()
    expect(sent('setUserActive')).toEqual([{ userId: 'u1', isActive: false, reason: 'chargeback fraud' }])
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=admin-user-status]').text()).toBe('Deactivated')
    expect(wrapper.get('[data-testid=admin-user-notice]').text()).toContain('Account deactivated')
    expect(wrapper.find('[data-testid=session-row]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=admin-user-reactivate]').text()).toBe('Reactivate account')
    wrapper.unmount()
  })

  it('shows the last-admin refusal in the deactivate dialog', async () => {
    server.refuse.setUserActive = { message: 'last admin', extensions: { code: 'BAD_USER_INPUT', reason: 'LAST_ADMIN' } }
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=admin-user-deactivate]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=reason-input]').setValue('leaving')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=reason-error]').text()).toBe(LAST_ADMIN_MESSAGE)
    expect(wrapper.get('[data-testid=admin-user-status]').text()).toBe('Active')
    wrapper.unmount()
  })

  it('ends every session and says how many', async () => {
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=admin-user-end-sessions]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid=reason-input]').setValue('lost laptop')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(sent('endUserSessions')).toEqual([{ userId: 'u1', reason: 'lost laptop' }])
    expect(wrapper.get('[data-testid=admin-user-notice]').text()).toBe('Ended 2 sessions.')
    expect(wrapper.get('[data-testid=sessions-empty]').text()).toBe('Not signed in anywhere.')
    wrapper.unmount()
  })

  it('resends the verification email of an unverified account, with a reason, and then hides the button', async () => {
    server.detail!.user = { ...server.detail!.user, emailVerified: false }
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=admin-user-verified]').text()).toBe('Email not verified')
    await wrapper.get('[data-testid=admin-user-resend-verification]').trigger('click')
    expect(wrapper.get('[role=dialog]').text()).toContain('A new link goes to ann@example.com')
    await wrapper.get('[data-testid=reason-input]').setValue('asked on chat')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(sent('sendVerificationEmail')).toEqual([{ userId: 'u1', reason: 'asked on chat' }])
    expect(wrapper.get('[data-testid=admin-user-notice]').text()).toBe('A new verification link is on its way to ann@example.com.')
    server.detail!.user = { ...server.detail!.user, emailVerified: true }
    wrapper.unmount()
    const again = await mountPage()
    expect(again.get('[data-testid=admin-user-verified]').text()).toBe('Email verified')
    expect(again.find('[data-testid=admin-user-resend-verification]').exists()).toBe(false)
    again.unmount()
  })

  it('sends a password reset email, and says what the server refused', async () => {
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=admin-user-send-reset]').trigger('click')
    expect(wrapper.get('[role=dialog]').text()).toContain('every session ends')
    await wrapper.get('[data-testid=reason-input]').setValue('locked out')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(sent('sendPasswordResetEmail')).toEqual([{ userId: 'u1', reason: 'locked out' }])
    expect(wrapper.get('[data-testid=admin-user-notice]').text()).toContain('A password reset link is on its way to ann@example.com')
    server.refuse.sendPasswordResetEmail = {
      message: 'This account is deactivated: reactivate it first',
      extensions: { code: 'BAD_USER_INPUT', reason: 'ACCOUNT_INACTIVE' },
    }
    await wrapper.get('[data-testid=admin-user-send-reset]').trigger('click')
    await wrapper.get('[data-testid=reason-input]').setValue('again')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role=dialog]').text()).toContain('This account is deactivated: reactivate it first')
    wrapper.unmount()
  })

  it('offers no reset link for a deactivated account', async () => {
    server.detail!.user = { ...server.detail!.user, isActive: false }
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=admin-user-send-reset]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
  })

  it('says so when there is no such account', async () => {
    server.detail = null
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ data: { adminUser: null } }), { status: 200 }))
    const wrapper = await mountPage()
    expect(wrapper.get('[role=alert]').text()).toContain('There is no account with this id.')
    wrapper.unmount()
  })
})
