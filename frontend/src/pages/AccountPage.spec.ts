import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { PasswordProblem } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import AccountPage from './AccountPage.vue'

const server = vi.hoisted(() => ({
  asked: [] as [string, { email?: string; displayName?: string }][],
  problems: [] as PasswordProblem[],
  refusal: null as Error | null,
  changed: [] as [string, string][],
}))

vi.mock('@/services/auth', () => ({
  passwordProblems: async (password: string, context: { email?: string; displayName?: string } = {}) => {
    server.asked.push([password, context])
    return server.problems
  },
  changePassword: async (current: string, next: string) => {
    server.changed.push([current, next])
    if (server.refusal) throw server.refusal
  },
}))

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'u1', email: 'alan.turing@example.com', displayName: 'Alan', role: 'LEARNER', emailVerified: null, avatar: null }
  server.asked = []
  server.problems = []
  server.refusal = null
  server.changed = []
})
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

async function page() {
  const wrapper = mount(AccountPage, { global: { stubs: { AvatarUpload: true, RouterLink: true } }, attachTo: document.body })
  await wrapper.get('#current-password').setValue('correct horse battery')
  return wrapper
}

async function typeNew(wrapper: Awaited<ReturnType<typeof page>>, password: string) {
  await wrapper.get('#new-password').setValue(password)
  await vi.advanceTimersByTimeAsync(300)
  await flushPromises()
}

function passwordForm(wrapper: Awaited<ReturnType<typeof page>>) {
  return wrapper.get('form[aria-labelledby=password-heading]')
}

describe('the account page’s password change', () => {
  it('checks the new password as it is typed, against the signed-in account', async () => {
    const wrapper = await page()
    server.problems = [{ reason: 'CONTAINS_EMAIL', message: 'The password must not contain your email address or the name before its @.' }]
    await typeNew(wrapper, 'alan.turing enigma')
    // No context from the page: the server checks against the signed-in account's own.
    expect(server.asked).toEqual([['alan.turing enigma', { email: '', displayName: '' }]])
    expect(wrapper.get('[data-testid=password-problems]').text()).toContain('must not contain your email address')
  })

  it('shows the server’s refusal of the new password under it, and a wrong current one as before', async () => {
    const wrapper = await page()
    await typeNew(wrapper, 'correct horse battery')
    server.refusal = new ApiError('The new password must differ from the current one', 'BAD_USER_INPUT', { field: 'newPassword', reason: 'UNCHANGED' })
    await passwordForm(wrapper).trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=password-problems] li').text()).toBe('The new password must differ from the current one')
    expect(document.activeElement).toBe(wrapper.get('#new-password').element)
    expect(passwordForm(wrapper).find('[role=alert]').exists()).toBe(false)

    server.refusal = new ApiError('The current password is incorrect', 'BAD_USER_INPUT', { field: 'currentPassword' })
    await typeNew(wrapper, 'a brand new password')
    await passwordForm(wrapper).trigger('submit')
    await flushPromises()
    expect(passwordForm(wrapper).get('[role=alert]').text()).toBe('The current password is incorrect')
  })

  it('clears both fields and the problems once changed', async () => {
    const wrapper = await page()
    await typeNew(wrapper, 'a brand new password')
    await passwordForm(wrapper).trigger('submit')
    await flushPromises()
    expect(server.changed).toEqual([['correct horse battery', 'a brand new password']])
    expect((wrapper.get('#new-password').element as HTMLInputElement).value).toBe('')
    expect(passwordForm(wrapper).get('[role=status]').text()).toContain('Password changed')
    expect(wrapper.findAll('[data-testid=password-problems] li')).toHaveLength(0)
  })
})
