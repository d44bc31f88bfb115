import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import ChangeEmailForm from './ChangeEmailForm.vue'

const server = vi.hoisted(() => ({ requests: [] as { email: string; password: string }[], refuse: null as Error | null }))

vi.mock('@/services/auth', async (original) => ({
  ...(await original<typeof import('@/services/auth')>()),
  requestEmailChange: async (email: string, password: string) => {
    server.requests.push({ email, password })
    if (server.refuse) throw server.refuse
  },
}))

beforeEach(() => Object.assign(server, { requests: [], refuse: null }))

async function fill(wrapper: ReturnType<typeof mount>, email: string, password: string): Promise<void> {
  await wrapper.get('#new-email').setValue(email)
  await wrapper.get('#email-password').setValue(password)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

describe('ChangeEmailForm', () => {
  it('asks for the new address with the current password, and says nothing changes until the link', async () => {
    const wrapper = mount(ChangeEmailForm, { props: { current: 'ana@example.com' } })
    expect(wrapper.text()).toContain('Now: ana@example.com')
    await fill(wrapper, '  ana@new.example ', 'my password here')
    expect(server.requests).toEqual([{ email: 'ana@new.example', password: 'my password here' }])
    expect(wrapper.get('[role=status]').text()).toContain('We sent a link to ana@new.example')
    expect(wrapper.get('[role=status]').text()).toContain('until then your account keeps the current one')
    expect((wrapper.get('#email-password').element as HTMLInputElement).value).toBe('')
  })

  it('shows a taken address or a wrong password as the server says it', async () => {
    server.refuse = new ApiError('Another account uses this email address', 'CONFLICT', { reason: 'EMAIL_TAKEN' })
    const wrapper = mount(ChangeEmailForm, { props: { current: 'ana@example.com' } })
    await fill(wrapper, 'bo@example.com', 'my password here')
    expect(wrapper.get('[role=alert]').text()).toBe('Another account uses this email address')
    expect(wrapper.find('[role=status]').exists()).toBe(false)
  })
})
