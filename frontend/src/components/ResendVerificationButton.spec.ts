import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import { useAuthStore } from '@/stores/auth'
import EmailNotVerifiedNotice from './EmailNotVerifiedNotice.vue'
import ResendVerificationButton from './ResendVerificationButton.vue'
import VerifyEmailBanner from './VerifyEmailBanner.vue'

const server = vi.hoisted(() => ({ resends: 0, refuse: null as Error | null }))

vi.mock('@/services/auth', async (original) => ({
  ...(await original<typeof import('@/services/auth')>()),
  resendVerification: async () => {
    server.resends += 1
    if (server.refuse) throw server.refuse
  },
}))

beforeEach(() => {
  setActivePinia(createPinia())
  Object.assign(server, { resends: 0, refuse: null })
  useAuthStore().user = { id: 'u1', email: 'ana@example.com', emailVerified: false, displayName: 'Ana', role: 'LEARNER', avatar: null }
})

describe('ResendVerificationButton', () => {
  it('mails a new link and says where it went', async () => {
    const wrapper = mount(ResendVerificationButton)
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(server.resends).toBe(1)
    expect(wrapper.get('[data-testid=resend-verification-status]').text()).toBe('Sent to ana@example.com: open the link in it.')
  })

  it('says the server’s words when it refuses (the hourly limit)', async () => {
    server.refuse = new ApiError('Too many verification emails; try again in 3540 seconds', 'RATE_LIMITED')
    const wrapper = mount(ResendVerificationButton, { props: { label: 'Resend' } })
    expect(wrapper.get('button').text()).toBe('Resend')
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid=resend-verification-status]').text()).toContain('try again in 3540 seconds')
  })
})

describe('VerifyEmailBanner', () => {
  it('shows for a signed-in unverified account only', async () => {
    const wrapper = mount(VerifyEmailBanner)
    expect(wrapper.get('[data-testid=verify-email-banner]').text()).toContain('Verify your email to publish or buy.')
    expect(wrapper.text()).toContain('ana@example.com')
    const auth = useAuthStore()
    auth.user = { ...auth.user!, emailVerified: true }
    await flushPromises()
    expect(wrapper.find('[data-testid=verify-email-banner]').exists()).toBe(false)
    auth.user = { ...auth.user, emailVerified: null } // someone else's view: unknown, not "unverified"
    await flushPromises()
    expect(wrapper.find('[data-testid=verify-email-banner]').exists()).toBe(false)
    auth.user = null
    await flushPromises()
    expect(wrapper.find('[data-testid=verify-email-banner]').exists()).toBe(false)
  })
})

describe('EmailNotVerifiedNotice', () => {
  it('puts the server’s sentence beside the way out', async () => {
    const wrapper = mount(EmailNotVerifiedNotice, { props: { message: 'Verify your email address to buy a course.' } })
    expect(wrapper.get('[role=alert]').text()).toContain('Verify your email address to buy a course.')
    await wrapper.get('[data-testid=resend-verification]').trigger('click')
    await flushPromises()
    expect(server.resends).toBe(1)
  })
})
