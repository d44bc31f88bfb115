import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CaughtMail } from '@/services/devMailbox'
import DevMailboxPage from './DevMailboxPage.vue'

const server = vi.hoisted(() => ({ mail: [] as CaughtMail[], error: null as Error | null, asked: 0 }))

vi.mock('@/services/devMailbox', () => ({
  fetchMailbox: async () => {
    server.asked += 1
    if (server.error) throw server.error
    return server.mail
  },
}))

const VERIFY: CaughtMail = {
  id: '1790000000000000002-aaaaaaaa', from: 'EduSphere <no-reply@localhost>', to: ['Ada <ada@example.com>'],
  subject: 'Verify your email', date: '2026-03-01T10:00:00Z', messageId: '<a@localhost>', text: 'Open http://x/verify?token=t',
  html: '<p>Verify</p>', htmlUrl: '/_dev/mail/1790000000000000002-aaaaaaaa.html',
}
const RESET: CaughtMail = { ...VERIFY, id: '1790000000000000001-bbbbbbbb', subject: 'Reset your password', htmlUrl: null, html: null }

beforeEach(() => {
  server.mail = [VERIFY, RESET]
  server.error = null
  server.asked = 0
  vi.useFakeTimers()
})
afterEach(() => vi.useRealTimers())

describe('the development mailbox', () => {
  it('lists caught mail newest first and shows the newest in a sandboxed frame', async () => {
    const wrapper = mount(DevMailboxPage)
    await flushPromises()
    const items = wrapper.findAll('[data-testid=mailbox-item]')
    expect(items.map((i) => i.text())).toEqual([expect.stringContaining('Verify your email'), expect.stringContaining('Reset your password')])
    expect(items[0]?.attributes('aria-current')).toBe('true')
    const frame = wrapper.get('[data-testid=mailbox-frame]')
    expect(frame.attributes('src')).toBe(VERIFY.htmlUrl)
    const sandbox = frame.attributes('sandbox') ?? ''
    expect(sandbox).toContain('allow-top-navigation-by-user-activation') // its links can open the app
    expect(sandbox).not.toContain('allow-scripts')
    expect(sandbox).not.toContain('allow-same-origin')
    expect(wrapper.get('[data-testid=mailbox-to]').text()).toBe('Ada <ada@example.com>')
  })

  it('shows the plain text of a message without HTML, and of any message on asking', async () => {
    const wrapper = mount(DevMailboxPage)
    await flushPromises()
    await wrapper.findAll('[data-testid=mailbox-item]')[1]?.trigger('click')
    expect(wrapper.find('[data-testid=mailbox-frame]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=mailbox-text]').text()).toBe(RESET.text)
    await wrapper.findAll('[data-testid=mailbox-item]')[0]?.trigger('click')
    await wrapper.findAll('button').find((b) => b.text() === 'Plain text')?.trigger('click')
    expect(wrapper.get('[data-testid=mailbox-text]').text()).toContain('verify?token=t')
  })

  it('looks again every few seconds, for mail that arrives a moment later', async () => {
    server.mail = []
    const wrapper = mount(DevMailboxPage)
    await flushPromises()
    expect(wrapper.text()).toContain('No mail yet')
    server.mail = [VERIFY]
    await vi.advanceTimersByTimeAsync(3100)
    await flushPromises()
    expect(wrapper.findAll('[data-testid=mailbox-item]')).toHaveLength(1)
    wrapper.unmount()
    const asked = server.asked
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.asked).toBe(asked) // stops with the page
  })

  it('says what the server says when there is no mailbox (production)', async () => {
    server.error = new Error('Page not found')
    const wrapper = mount(DevMailboxPage)
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toContain('Page not found')
    const asked = server.asked
    await vi.advanceTimersByTimeAsync(10_000)
    expect(server.asked).toBe(asked) // no polling into an error
  })
})
