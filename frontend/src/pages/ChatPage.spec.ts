import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { LiveHandlers } from '@/services/live'
import type { Room, RoomEvent } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import ChatPage from './ChatPage.vue'

const server = vi.hoisted(() => ({
  watches: [] as { roomId: string; handlers: LiveHandlers<RoomEvent>; stopped: boolean }[],
  sendError: null as Error | null,
  mutedUntil: null as string | null,
}))

const ROOM: Room = {
  id: 'r1', slug: 'general', name: 'General', kind: 'DISCUSSION', courseId: 'c1', canPost: true, lastReadSeq: 0,
  unreadCount: 0, onlineMembers: [{ id: 'bo', displayName: 'Bo' }], latestSeq: 0, epoch: 'e1', viewerMutedUntil: null,
}

vi.mock('@/services/courses', () => ({
  requireCourse: async () => ({ id: 'c1', slug: 'rust', title: 'Rust', creator: { id: 'bo', displayName: 'Bo' } }),
}))

vi.mock('@/services/chat', () => ({
  fetchRooms: async () => [{ ...ROOM, onlineMembers: [...ROOM.onlineMembers], viewerMutedUntil: server.mutedUntil }],
  fetchHistory: async () => ({ messages: [], hasMore: false }),
  watchRoom: (roomId: string, _position: unknown, handlers: LiveHandlers<RoomEvent>) => {
    const watch = { roomId, handlers, stopped: false }
    server.watches.push(watch)
    return () => {
      watch.stopped = true
    }
  },
  markRead: async (roomId: string, seq: number) => ({ id: roomId, lastReadSeq: seq, unreadCount: 0 }),
  sendMessage: async () => {
    throw server.sendError ?? new Error('unexpected send')
  },
  setTyping: async () => true,
}))

async function mountPage() {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'ana', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug/chat/:room?', name: 'chat', component: ChatPage, props: true },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
    ],
  })
  await router.push('/courses/rust/chat')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

/** The server ends the room's subscription with FORBIDDEN (a whole refund revoked the course). */
function revoke(): void {
  const watch = server.watches.find((w) => !w.stopped)
  if (watch) watch.stopped = true // the server's end
  watch?.handlers.error(new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN'))
}

beforeEach(() => Object.assign(server, { watches: [], sendError: null, mutedUntil: null }))
afterEach(() => vi.useRealTimers())

describe('the chat page after access is revoked', () => {
  it('shows a banner with the way to the course, disables the composer and drops presence', async () => {
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('Online (1)')
    expect(wrapper.get('textarea').attributes('disabled')).toBeUndefined()
    revoke()
    await flushPromises()
    const banner = wrapper.get('[data-testid=chat-access-lost]')
    expect(banner.attributes('role')).toBe('alert')
    expect(banner.text()).toContain("You no longer have access to this course's chat.")
    expect(banner.get('a').attributes('href')).toBe('/courses/rust')
    expect(wrapper.get('textarea').attributes('disabled')).toBeDefined()
    expect(wrapper.text()).not.toContain('online')
    expect(wrapper.find('[data-testid=online]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=live-status]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('Try again')
    expect(server.watches.every((w) => w.stopped)).toBe(true)
  })

  it('takes a FORBIDDEN send the same way, and offers no Retry for the message', async () => {
    const wrapper = await mountPage()
    server.sendError = new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN')
    await wrapper.get('textarea').setValue('hello')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid=chat-access-lost]').exists()).toBe(true)
    expect(wrapper.get('[data-testid=pending-message]').text()).toContain('Not sent')
    expect(wrapper.get('[data-testid=pending-message]').text()).not.toContain('Retry')
    expect(wrapper.get('textarea').attributes('disabled')).toBeDefined()
  })

  it('keeps Retry for a send that failed for another reason', async () => {
    const wrapper = await mountPage()
    server.sendError = new ApiError('Cannot reach EduSphere.', 'NETWORK')
    await wrapper.get('textarea').setValue('hello')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid=chat-access-lost]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=pending-message]').text()).toContain('Retry')
  })
})

describe('the chat page of a muted member', () => {
  // The page's clock (useNow) and Date are faked; promises and other timers run as usual.
  beforeEach(() => vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] }))

  it('disables the composer with the time the mute ends, and enables it again once it has', async () => {
    server.mutedUntil = new Date(Date.now() + 90_000).toISOString()
    const wrapper = await mountPage()
    const notice = wrapper.get('[data-testid=chat-muted]')
    expect(notice.text()).toMatch(/^You are muted in this course's chat until .+\.$/)
    expect(notice.element.closest('[role=status]')).not.toBeNull()
    expect(wrapper.get('textarea').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid=chat-access-lost]').exists()).toBe(false)
    vi.advanceTimersByTime(60_000)
    await flushPromises()
    expect(wrapper.get('textarea').attributes('disabled')).toBeDefined()
    vi.advanceTimersByTime(31_000)
    await flushPromises()
    expect(wrapper.find('[data-testid=chat-muted]').exists()).toBe(false)
    expect(wrapper.get('textarea').attributes('disabled')).toBeUndefined()
  })

  it('says nothing of a mute that has ended already', async () => {
    server.mutedUntil = new Date(Date.now() - 1000).toISOString()
    const wrapper = await mountPage()
    expect(wrapper.find('[data-testid=chat-muted]').exists()).toBe(false)
    expect(wrapper.get('textarea').attributes('disabled')).toBeUndefined()
  })

  it('takes a send refused with reason MUTED as the start of a mute, not as lost access', async () => {
    const wrapper = await mountPage()
    const until = new Date(Date.now() + 15 * 60_000).toISOString()
    server.sendError = new ApiError('You are muted in this chat', 'FORBIDDEN', { reason: 'MUTED', until })
    await wrapper.get('textarea').setValue('hello')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=chat-muted]').text()).toContain("You are muted in this course's chat until")
    expect(wrapper.get('textarea').attributes('disabled')).toBeDefined()
    expect(wrapper.find('[data-testid=chat-access-lost]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=pending-message]').text()).toContain('Retry')
  })
})
