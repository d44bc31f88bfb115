import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Role } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import AppHeader from './AppHeader.vue'

const server = vi.hoisted(() => ({ mailbox: false, mentions: 0 as number | Error, mentionAsks: 0 }))

vi.mock('@/services/devMailbox', () => ({ mailboxEnabled: async () => server.mailbox }))
vi.mock('@/services/mentions', () => ({
  fetchUnreadMentionCount: async () => {
    server.mentionAsks += 1
    if (server.mentions instanceof Error) throw server.mentions
    return server.mentions
  },
}))

async function header(role: Role | null, path = '/courses') {
  setActivePinia(createPinia())
  if (role) useAuthStore().user = { id: 'u1', email: 'u@example.com', displayName: 'Uma', role, emailVerified: null, avatar: null }
  const page = { template: '<p />' }
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: page }] })
  await router.push(path)
  const wrapper = mount(AppHeader, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('the header’s Admin link', () => {
  it('is there for admins only', async () => {
    expect((await header(null)).find('[data-testid=admin-link]').exists()).toBe(false)
    expect((await header('LEARNER')).find('[data-testid=admin-link]').exists()).toBe(false)
    expect((await header('CREATOR')).find('[data-testid=admin-link]').exists()).toBe(false)
    const link = (await header('ADMIN')).get('[data-testid=admin-link]')
    expect([link.text(), link.attributes('href')]).toEqual(['Admin', '/admin'])
  })

  it('stays bold on every admin page', async () => {
    expect((await header('ADMIN', '/admin/users/u2')).get('[data-testid=admin-link]').classes()).toContain('font-semibold')
    expect((await header('ADMIN', '/courses')).get('[data-testid=admin-link]').classes()).not.toContain('font-semibold')
  })
})

describe('the header’s Mailbox link', () => {
  beforeEach(() => (server.mailbox = false))

  it('is there only where the server has the development mailbox, for everyone', async () => {
    expect((await header(null)).find('[data-testid=dev-mailbox-link]').exists()).toBe(false)
    server.mailbox = true
    const link = (await header(null)).get('[data-testid=dev-mailbox-link]')
    expect(link.attributes('href')).toBe('/dev/mailbox')
    expect(link.text()).toContain('Mailbox')
    expect((await header('LEARNER')).find('[data-testid=dev-mailbox-link]').exists()).toBe(true)
  })
})

describe('the header’s Mentions link', () => {
  beforeEach(() => Object.assign(server, { mentions: 0, mentionAsks: 0 }))

  it('is there for signed-in users, with the unread count when there is one', async () => {
    expect((await header(null)).find('[data-testid=mentions-link]').exists()).toBe(false)
    expect(server.mentionAsks).toBe(0)
    const none = await header('LEARNER')
    expect(none.get('[data-testid=mentions-link]').attributes('href')).toBe('/mentions')
    expect(none.find('[data-testid=mentions-badge]').exists()).toBe(false)
    server.mentions = 3
    const some = await header('LEARNER')
    expect(some.get('[data-testid=mentions-badge]').text()).toBe('3')
    expect(some.get('[data-testid=mentions-link]').attributes('aria-label')).toBe('Mentions: 3 unread')
    expect(some.get('[data-testid=menu-mentions-badge]').text()).toBe('(3 unread mentions)') // on the phone's Menu button too
    server.mentions = 250
    expect((await header('CREATOR')).get('[data-testid=mentions-badge]').text()).toBe('99+')
  })

  it('says why when the count cannot be had, and still links', async () => {
    server.mentions = new Error('Cannot reach EduSphere.')
    const wrapper = await header('LEARNER')
    const link = wrapper.get('[data-testid=mentions-link]')
    expect(link.attributes('title')).toBe('Could not count your unread mentions: Cannot reach EduSphere.')
    expect(link.attributes('href')).toBe('/mentions')
    expect(wrapper.find('[data-testid=mentions-badge]').exists()).toBe(false)
  })
})

describe('the header’s Home link', () => {
  it('is there for the signed in, whose home it is; the logo opens the root for everyone', async () => {
    expect((await header(null)).find('[data-testid=home-link]').exists()).toBe(false)
    const signedIn = await header('LEARNER', '/')
    const link = signedIn.get('[data-testid=home-link]')
    expect([link.text(), link.attributes('href')]).toEqual(['Home', '/'])
    expect(link.classes()).toContain('font-semibold')
    expect((await header('LEARNER', '/courses')).get('[data-testid=home-link]').classes()).not.toContain('font-semibold')
    expect((await header(null)).get('a').attributes('href')).toBe('/')
  })
})
