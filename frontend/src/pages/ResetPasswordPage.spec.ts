import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import { currentTokens, startSession } from '@/services/session'
import { useAuthStore } from '@/stores/auth'
import ResetPasswordPage from './ResetPasswordPage.vue'

const server = vi.hoisted(() => ({ resets: [] as { token: string; password: string }[], refuse: null as Error | null }))

vi.mock('@/services/auth', async (original) => ({
  ...(await original<typeof import('@/services/auth')>()),
  passwordProblems: async () => [],
  resetPassword: async (token: string, password: string) => {
    server.resets.push({ token, password })
    if (server.refuse) throw server.refuse
  },
}))

beforeEach(() => {
  setActivePinia(createPinia())
  Object.assign(server, { resets: [], refuse: null })
})

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/reset-password', name: 'reset-password', component: ResetPasswordPage },
      { path: '/forgot-password', name: 'forgot-password', component: { template: '<div />' } },
      { path: '/login', name: 'login', component: { template: '<p>login</p>' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

describe('ResetPasswordPage', () => {
  it('takes the token out of the address bar, sets the password, and goes to log in with a notice', async () => {
    const { wrapper, router } = await mountAt('/reset-password?token=abc_DEF-123')
    expect(router.currentRoute.value.fullPath).toBe('/reset-password')
    const field = wrapper.get('#reset-password')
    expect(field.attributes('autocomplete')).toBe('new-password')
    await field.setValue('a long new password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.resets).toEqual([{ token: 'abc_DEF-123', password: 'a long new password' }])
    expect(router.currentRoute.value.name).toBe('login')
    expect(useAuthStore().notice).toContain('Your password was changed and every device was signed out')
  })

  it('forgets a session this browser had (the reset ended it on the server) without calling the server', async () => {
    startSession({ accessToken: 'a', refreshToken: 'r' })
    const auth = useAuthStore()
    auth.user = { id: 'u1', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
    const { wrapper } = await mountAt('/reset-password?token=t')
    await wrapper.get('#reset-password').setValue('a long new password')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(auth.isSignedIn).toBe(false)
    expect(currentTokens()).toBeNull()
    expect(server.resets).toHaveLength(1)
    expect(auth.notice).toContain('Log in with your new password.')
  })

  it('shows a refused password under the field, and a dead link with the way to a new one', async () => {
    const { wrapper, router } = await mountAt('/reset-password?token=abc')
    server.refuse = new ApiError('The password must be at least 10 characters long', 'BAD_USER_INPUT', { field: 'password' })
    await wrapper.get('#reset-password').setValue('short')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    // Said under the field (as sign-up does), not as the form's alert, and the page stays.
    expect(wrapper.get('[data-testid=password-problems]').text()).toBe('The password must be at least 10 characters long')
    expect(wrapper.find('[data-testid=reset-error]').exists()).toBe(false)
    expect(router.currentRoute.value.name).toBe('reset-password')
    server.refuse = new ApiError('This link has expired. Ask for a new one.', 'BAD_USER_INPUT', { reason: 'TOKEN_EXPIRED' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=reset-error]').text()).toContain('This link has expired.')
    expect(wrapper.get('[data-testid=reset-error] a').text()).toBe('Ask for a new link')
    expect(router.currentRoute.value.name).toBe('reset-password')
  })

  it('without a token, points to where a link comes from', async () => {
    const { wrapper } = await mountAt('/reset-password')
    expect(wrapper.get('[role=alert]').text()).toContain('needs the link from your password reset email')
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
