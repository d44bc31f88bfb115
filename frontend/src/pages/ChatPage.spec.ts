import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { LiveHandlers } from '@/services/live'
import { PLAIN_MESSAGE_FIELDS } from '@/services/messageDefaults'
import type { Message, Room, RoomEvent } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import ChatPage from './ChatPage.vue'

const server = vi.hoisted(() => ({
  watches: [] as { roomId: string; handlers: LiveHandlers<RoomEvent>; stopped: boolean }[],
  sendError: null as Error | null,
  mutedUntil: null as string | null,
  history: [] as Message[],
  thread: [] as Message[],
  sent: [] as { body: string; clientId: string; threadId: string | null | undefined }[],
  reactions: [] as string[],
  enrollment: { id: 'e1' } as { id: string } | null,
  isFree: true,
  enrolled: [] as string[],
}))

const ROOM: Room = {
  id: 'r1', slug: 'general', name: 'General', kind: 'DISCUSSION', courseId: 'c1', canPost: true, lastReadSeq: 0,
  unreadCount: 0, onlineMembers: [{ id: 'bo', displayName: 'Bo' }], latestSeq: 0, epoch: 'e1', viewerMutedUntil: null,
}

vi.mock('@/services/courses', () => ({
  requireCourse: async () => ({
    id: 'c1', slug: 'rust', title: 'Rust', creator: { id: 'bo', displayName: 'Bo' }, isFree: server.isFree, viewerEnrollment: server.enrollment,
  }),
  enroll: async (courseId: string) => {
    server.enrolled.push(courseId)
    server.enrollment = { id: 'e2' }
    return server.enrollment
  },
}))

vi.mock('@/services/chat', () => ({
  fetchRooms: async () => [{ ...ROOM, onlineMembers: [...ROOM.onlineMembers], viewerMutedUntil: server.mutedUntil }],
  fetchHistory: async (_roomId: string, before: number | null) => {
    const older = server.history.filter((m) => before === null || m.seq < before)
    return { messages: older.slice(-50), hasMore: older.length > 50 }
  },
  fetchThread: async () => ({ messages: server.thread, hasMore: false }),
  addReaction: async (id: string, emoji: string) => {
    server.reactions.push(`+${emoji}`)
    const known = server.history.find((m) => m.id === id) as Message
    return { ...known, reactions: [{ emoji, count: 1, users: [{ id: 'ana', displayName: 'Ana' }] }], viewerReactions: [emoji] }
  },
  removeReaction: async (id: string, emoji: string) => {
    server.reactions.push(`-${emoji}`)
    return { ...(server.history.find((m) => m.id === id) as Message), reactions: [], viewerReactions: [] }
  },
  watchRoom: (roomId: string, _position: unknown, handlers: LiveHandlers<RoomEvent>) => {
    const watch = { roomId, handlers, stopped: false }
    server.watches.push(watch)
    return () => {
      watch.stopped = true
    }
  },
  markRead: async (roomId: string, seq: number) => ({ id: roomId, lastReadSeq: seq, unreadCount: 0 }),
  sendMessage: async (roomId: string, body: string, clientId: string, options: { threadId?: string | null } = {}) => {
    if (server.sendError) throw server.sendError
    server.sent.push({ body, clientId, threadId: options.threadId })
    return { ...message(900 + server.sent.length, body, 'ana'), roomId, clientId, threadId: options.threadId ?? null }
  },
  setTyping: async () => true,
}))

function message(seq: number, body = `m${seq}`, author = 'bo'): Message {
  return {
    ...PLAIN_MESSAGE_FIELDS, id: `id${seq}`, seq, roomId: 'r1', author: { id: author, displayName: author === 'bo' ? 'Bo' : 'Ana' },
    body, createdAt: new Date(Date.now() - (1000 - seq) * 60_000).toISOString(), editedAt: null, deleted: false, clientId: `c${seq}`,
  }
}

function event(type: RoomEvent['type'], seq: number, body: Message, extra: Partial<RoomEvent> = {}): RoomEvent {
  return { type, seq, epoch: 'e1', recovered: null, message: body, thread: null, user: null, emoji: null, added: null, ...extra }
}

const live = () => server.watches.find((w) => !w.stopped) as (typeof server.watches)[number]

vi.mock('@/services/chatSearch', () => ({
  loadAround: async (_roomId: string, seq: number) => ({
    messages: server.history.filter((m) => Math.abs(m.seq - seq) <= 10),
    hasMore: seq > 11,
    hasMoreAfter: true,
  }),
  loadAfter: async () => ({ messages: [], hasMore: true, hasMoreAfter: false }),
}))

async function mountPage(path = '/courses/rust/chat') {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'ana', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug/chat/:room?', name: 'chat', component: ChatPage, props: true },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
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

beforeEach(() =>
  Object.assign(server, { watches: [], sendError: null, mutedUntil: null, history: [], thread: [], sent: [], reactions: [], enrollment: { id: 'e1' }, isFree: true, enrolled: [] }),
)
afterEach(() => vi.useRealTimers())

describe('the chat page for a signed-in visitor who is not enrolled', () => {
  it('offers to enroll in a free course instead of an error, and opens the rooms once enrolled', async () => {
    server.enrollment = null
    const wrapper = await mountPage()
    const join = wrapper.get('[data-testid=chat-join]')
    expect(join.text()).toContain('Join Rust to chat')
    expect(wrapper.text()).not.toContain('Try again')
    expect(server.watches).toHaveLength(0) // no room was asked for
    await join.get('button').trigger('click')
    await flushPromises()
    expect(server.enrolled).toEqual(['c1'])
    expect(wrapper.find('[data-testid=chat-join]').exists()).toBe(false)
    expect(wrapper.text()).toContain('Online (1)')
  })

  it('sends a paid course to its page, where it can be bought', async () => {
    Object.assign(server, { enrollment: null, isFree: false })
    const wrapper = await mountPage()
    const join = wrapper.get('[data-testid=chat-join]')
    expect(join.find('button').exists()).toBe(false)
    expect(join.get('a').attributes('href')).toBe('/courses/rust')
    expect(join.get('a').text()).toBe('See the course and enroll')
  })
})

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

describe('threads on the chat page', () => {
  it('opens a root\'s thread beside the timeline, replies in it, and keeps replies out of the timeline', async () => {
    server.history = [message(1, 'Who is stuck?')]
    server.thread = [{ ...message(2, 'Me'), threadId: 'id1' }]
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=reply-in-thread]').trigger('click')
    await flushPromises()
    const panel = wrapper.get('[data-testid=thread-panel]')
    expect(panel.get('[data-testid=thread-root]').text()).toContain('Who is stuck?')
    expect(panel.findAll('[data-testid=thread-reply]').map((r) => r.text())).toEqual([expect.stringContaining('Me')])
    await panel.get('#thread-input').setValue('Me too')
    await panel.get('#thread-input').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(server.sent).toEqual([{ body: 'Me too', clientId: expect.any(String), threadId: 'id1' }])
    expect(panel.findAll('[data-testid=thread-reply]')).toHaveLength(2)
    // Someone else's reply arrives live: into the thread, the root's count moves, the timeline stays roots only.
    live().handlers.next(event('MESSAGE_POSTED', 3, { ...message(3, 'Read chapter 4'), threadId: 'id1' }, { thread: { ...message(1, 'Who is stuck?'), replyCount: 3 } }))
    await flushPromises()
    expect(panel.findAll('[data-testid=thread-reply]')).toHaveLength(3)
    const timeline = wrapper.get('[data-testid=timeline]')
    expect(timeline.findAll('[data-testid=chat-message]')).toHaveLength(1)
    expect(timeline.get('[data-testid=thread-summary]').text()).toContain('3 replies')
    await panel.get('[data-testid=thread-close]').trigger('click')
    expect(wrapper.find('[data-testid=thread-panel]').exists()).toBe(false)
  })

  it('shows a lesson question\'s tag, its marked answer first and badged', async () => {
    server.history = [{ ...message(1, 'How do lifetimes work?', 'ana'), lessonId: 'l1', answerId: 'id3', replyCount: 2 }]
    server.thread = [{ ...message(2, 'Good question'), threadId: 'id1' }, { ...message(3, 'Read chapter 4'), threadId: 'id1' }]
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=lesson-tag]').text()).toBe('Lesson question')
    await wrapper.get('[data-testid=thread-summary]').trigger('click')
    await flushPromises()
    const replies = wrapper.get('[data-testid=thread-panel]').findAll('[data-testid=thread-reply]')
    expect(replies.map((r) => r.find('[data-testid=answer-badge]').exists())).toEqual([true, false])
    expect(replies[0]?.text()).toContain('Read chapter 4')
    // Ana asked: she may mark.
    expect(replies[1]?.get('[data-testid=mark-answer]').text()).toBe('Mark as answer')
  })
})

describe('reactions and errors on the chat page', () => {
  it('toggles my reaction from the picker and from the chip', async () => {
    server.history = [message(1, 'Ship it')]
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=reaction-add]').trigger('click')
    const party = wrapper.findAll('button').find((b) => b.attributes('aria-label') === 'React with 🎉')
    await party?.trigger('click')
    await flushPromises()
    const chip = wrapper.get('[data-testid=reaction-chip]')
    expect([chip.text(), chip.attributes('aria-pressed'), chip.attributes('title')]).toEqual(['🎉1', 'true', 'Ana reacted with 🎉'])
    await chip.trigger('click')
    await flushPromises()
    expect(server.reactions).toEqual(['+🎉', '-🎉'])
    expect(wrapper.find('[data-testid=reaction-chip]').exists()).toBe(false)
  })

  it("shows a refused send's reason (RATE_LIMITED) with Retry", async () => {
    const wrapper = await mountPage()
    server.sendError = new ApiError('Too many messages; try again in 3 seconds', 'RATE_LIMITED', { retryAfterSeconds: 3 })
    await wrapper.get('#chat-input').setValue('hello')
    await wrapper.get('#chat-input').trigger('keydown', { key: 'Enter' })
    await flushPromises()
    const pending = wrapper.get('[data-testid=pending-message]')
    expect(pending.text()).toContain('Not sent: Too many messages; try again in 3 seconds')
    expect(pending.text()).toContain('Retry')
  })
})

describe('opening the room around a message', () => {
  it('loads older pages until the message is there, and highlights it', async () => {
    server.history = Array.from({ length: 120 }, (_, i) => message(i + 1))
    const wrapper = await mountPage('/courses/rust/chat?around=7')
    await flushPromises()
    const target = wrapper.get('[data-seq="7"]')
    expect(target.classes()).toContain('ring-amber-300')
    expect(wrapper.findAll('[data-testid=chat-message]')).toHaveLength(120)
  })

  it('says so when the message is not in the room, and ignores a hostile value', async () => {
    server.history = [message(1)]
    const missing = await mountPage('/courses/rust/chat?around=999')
    await flushPromises()
    expect(missing.get('[data-testid=around-notice]').text()).toContain('not in this room')
    const hostile = await mountPage('/courses/rust/chat?around=1e9%3Cscript%3E')
    await flushPromises()
    expect(hostile.find('[data-testid=around-notice]').exists()).toBe(false)
    expect(hostile.findAll('[data-testid=chat-message]')).toHaveLength(1)
  })
})

describe('opening the room far back', () => {
  it('takes the page around the message, holds new posts back, and jumps to the latest', async () => {
    server.history = Array.from({ length: 240 }, (_, i) => message(i + 1))
    const wrapper = await mountPage('/courses/rust/chat?around=7')
    await flushPromises()
    expect(wrapper.get('[data-seq="7"]').classes()).toContain('ring-amber-300')
    expect(wrapper.findAll('[data-testid=chat-message]')).toHaveLength(17)
    live().handlers.next(event('MESSAGE_POSTED', 241, message(241, 'brand new')))
    await flushPromises()
    expect(wrapper.get('[data-testid=timeline]').text()).not.toContain('brand new')
    const jump = wrapper.get('[data-testid=newer-controls]').findAll('button').find((b) => b.text() === 'Jump to the latest')
    await jump?.trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid=newer-controls]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid=chat-message]').at(-1)?.attributes('data-seq')).toBe('240')
  }, 20_000) // renders 200 messages of Markdown in jsdom
})

describe('a link to a thread reply', () => {
  it('opens the reply\'s thread beside the timeline with the reply highlighted', async () => {
    server.history = [message(1, 'root')]
    server.thread = [{ ...message(5, 'you were named here'), threadId: 'id1' }]
    const wrapper = await mountPage('/courses/rust/chat?around=5&thread=id1')
    await flushPromises()
    const reply = wrapper.get('[data-testid=thread-panel]').get('[data-testid=thread-reply]')
    expect(reply.text()).toContain('you were named here')
    expect(reply.classes()).toContain('ring-amber-300')
    expect(wrapper.find('[data-testid=around-notice]').exists()).toBe(false)
  })
})
