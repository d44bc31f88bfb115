import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import { startSession, endSession } from '@/services/session'
import { useAuthStore } from '@/stores/auth'
import ConfirmEmailPage from './ConfirmEmailPage.vue'
import VerifyEmailPage from './VerifyEmailPage.vue'

const server = vi.hoisted(() => ({ used: [] as string[], refuse: null as Error | null, verified: false }))

vi.mock('@/services/auth', async (original) => ({
  ...(await original<typeof import('@/services/auth')>()),
  verifyEmail: async (token: string) => {
    server.used.push(`verify ${token}`)
    if (server.refuse) throw server.refuse
    server.verified = true
  },
  confirmEmailChange: async (token: string) => {
    server.used.push(`confirm ${token}`)
    if (server.refuse) throw server.refuse
  },
  fetchMe: async () => ({ id: 'u1', email: 'ana@example.com', emailVerified: server.verified, displayName: 'Ana', role: 'LEARNER' }),
}))

beforeEach(() => {
  setActivePinia(createPinia())
  endSession('signed-out')
  Object.assign(server, { used: [], refuse: null, verified: false })
})

async function mountAt(path: string) {
  const stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/verify-email', name: 'verify-email', component: VerifyEmailPage },
      { path: '/confirm-email', name: 'confirm-email', component: ConfirmEmailPage },
      { path: '/login', name: 'login', component: stub },
      { path: '/courses', name: 'catalog', component: stub },
      { path: '/studio', name: 'studio', component: stub },
      { path: '/account', name: 'account', component: stub },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

describe('VerifyEmailPage', () => {
  it('verifies on arrival, refreshes the signed-in user, and leads on', async () => {
    startSession({ accessToken: 'a', refreshToken: 'r' })
    const auth = useAuthStore()
    auth.user = { id: 'u1', email: 'ana@example.com', emailVerified: false, displayName: 'Ana', role: 'LEARNER', avatar: null }
    const { wrapper, router } = await mountAt('/verify-email?token=tok-1')
    expect(server.used).toEqual(['verify tok-1'])
    expect(wrapper.get('[data-testid=verify-result]').text()).toContain('Your email address is verified.')
    expect(auth.needsVerification).toBe(false)
    expect(wrapper.get('[data-testid=verify-result] a').attributes('href')).toBe('/courses')
    expect(router.currentRoute.value.fullPath).toBe('/verify-email')
  })

  it('works signed out too, and then offers to log in', async () => {
    const { wrapper } = await mountAt('/verify-email?token=tok-2')
    expect(wrapper.get('[data-testid=verify-result] a').text()).toBe('Log in')
  })

  it('says why a link does not work, and offers a new one to an unverified account', async () => {
    startSession({ accessToken: 'a', refreshToken: 'r' })
    useAuthStore().user = { id: 'u1', email: 'ana@example.com', emailVerified: false, displayName: 'Ana', role: 'LEARNER', avatar: null }
    server.refuse = new ApiError('This link is not valid: it may have been used already, or mistyped. Ask for a new one.', 'BAD_USER_INPUT', { reason: 'INVALID_TOKEN' })
    const { wrapper } = await mountAt('/verify-email?token=used')
    expect(wrapper.get('[role=alert]').text()).toContain('This link is not valid')
    expect(wrapper.find('[data-testid=resend-verification]').exists()).toBe(true)
  })

  it('without a token, calls nothing', async () => {
    const { wrapper } = await mountAt('/verify-email')
    expect(server.used).toEqual([])
    expect(wrapper.get('[role=alert]').text()).toContain('needs the link from your verification email')
  })
})

describe('ConfirmEmailPage', () => {
  it('switches the address on arrival and says so', async () => {
    const { wrapper, router } = await mountAt('/confirm-email?token=chg')
    expect(server.used).toEqual(['confirm chg'])
    expect(wrapper.get('[data-testid=confirm-result]').text()).toContain('Your account now uses this email address.')
    expect(router.currentRoute.value.fullPath).toBe('/confirm-email')
  })

  it('shows a taken address as the server says it', async () => {
    server.refuse = new ApiError('Another account uses this email address', 'CONFLICT', { reason: 'EMAIL_TAKEN' })
    const { wrapper } = await mountAt('/confirm-email?token=chg')
    expect(wrapper.get('[role=alert]').text()).toContain('Another account uses this email address')
  })
})
