import { describe, expect, it } from 'vitest'
import { PLAIN_MESSAGE_FIELDS } from '@/services/messageDefaults'
import type { Message, Room, RoomEvent } from '@/services/types'
import {
  addPending,
  applyEvent,
  failPending,
  loadLatest,
  newRoomState,
  prependOlder,
  retryPending,
  TYPING_SHOWN_MS,
  typingUsers,
  upsertMessage,
  openThread,
  loadThread,
  loadAroundPage,
  appendNewer,
} from './roomState'

const ME = { id: 'me', displayName: 'Me' }
const ANA = { id: 'ana', displayName: 'Ana' }

function room(overrides: Partial<Room> = {}): Room {
  return {
    id: 'r1', slug: 'general', name: 'general', kind: 'DISCUSSION', courseId: 'c1', canPost: true,
    lastReadSeq: 0, unreadCount: 0, onlineMembers: [], latestSeq: 0, epoch: null, viewerMutedUntil: null, ...overrides,
  }
}

function message(seq: number, body = `m${seq}`, author = ANA, clientId = `c${seq}`): Message {
  return {
    ...PLAIN_MESSAGE_FIELDS, id: `id${seq}`, seq, roomId: 'r1', author, body, clientId,
    createdAt: '2026-11-25T10:00:00Z', editedAt: null, deleted: false,
  }
}

function posted(seq: number, body?: string, author = ANA): RoomEvent {
  return { type: 'MESSAGE_POSTED', seq, epoch: 'e1', recovered: null, message: message(seq, body, author), thread: null, user: null, emoji: null, added: null }
}

const bodies = (state: ReturnType<typeof newRoomState>) => state.messages.map((m) => m.body)

describe('applying room events', () => {
  it('watches a room from its latest seq before its history is loaded', () => {
    const state = newRoomState(room({ latestSeq: 7, epoch: 'e1', unreadCount: 2 }))
    expect([state.loaded, state.lastSeq, state.epoch]).toEqual([false, 7, 'e1'])
    expect(applyEvent(state, posted(7), 'me').newMessage).toBe(false) // already counted in unreadCount
    expect(applyEvent(state, posted(8), 'me').newMessage).toBe(true)
    loadLatest(state, [message(6), message(7), message(8)], true)
    expect(state.loaded).toBe(true)
    expect(bodies(state)).toEqual(['m6', 'm7', 'm8'])
    expect(state.lastSeq).toBe(8)
  })

  it('appends posts in seq order and moves the resume point', () => {
    const state = newRoomState(room())
    loadLatest(state, [message(1), message(2)], false)
    expect(state.lastSeq).toBe(2)
    expect(applyEvent(state, posted(3), 'me').newMessage).toBe(true)
    expect(bodies(state)).toEqual(['m1', 'm2', 'm3'])
    expect(state.lastSeq).toBe(3)
    expect(state.epoch).toBe('e1')
  })

  it('drops an event it already applied, so a replay after a reconnect shows each message once', () => {
    const state = newRoomState(room())
    applyEvent(state, posted(1), 'me')
    applyEvent(state, posted(2), 'me')
    const replayed = { ...posted(2), recovered: true }
    expect(applyEvent(state, replayed, 'me').newMessage).toBe(false)
    applyEvent(state, { ...posted(3), recovered: true }, 'me')
    expect(bodies(state)).toEqual(['m1', 'm2', 'm3'])
  })

  it('confirms an optimistic send by its clientId, and never counts my own post as new', () => {
    const state = newRoomState(room())
    addPending(state, 'c7', 'hello')
    const mine = { ...posted(7, 'hello', ME) }
    expect(applyEvent(state, mine, 'me').newMessage).toBe(false)
    expect(state.pending).toEqual([])
    expect(bodies(state)).toEqual(['hello'])
  })

  it('a mutation result shows at once but does not move the resume point past unseen events', () => {
    const state = newRoomState(room())
    applyEvent(state, posted(1), 'me')
    upsertMessage(state, message(3, 'mine', ME))
    expect(state.lastSeq).toBe(1)
    applyEvent(state, posted(2), 'me')
    applyEvent(state, posted(3, 'mine', ME), 'me')
    expect(bodies(state)).toEqual(['m1', 'm2', 'mine'])
  })

  it('applies edits and deletes to loaded messages and ignores them for unloaded ones', () => {
    const state = newRoomState(room())
    loadLatest(state, [message(5)], true)
    const edited = { ...message(5, 'fixed'), editedAt: '2026-11-25T10:01:00Z' }
    applyEvent(state, { type: 'MESSAGE_EDITED', seq: 6, epoch: 'e1', recovered: null, message: edited, thread: null, user: null, emoji: null, added: null }, 'me')
    expect(bodies(state)).toEqual(['fixed'])
    applyEvent(state, { type: 'MESSAGE_EDITED', seq: 7, epoch: 'e1', recovered: null, message: message(1, 'old'), thread: null, user: null, emoji: null, added: null }, 'me')
    expect(state.messages).toHaveLength(1)
    const deleted = { ...message(5, ''), deleted: true }
    applyEvent(state, { type: 'MESSAGE_DELETED', seq: 8, epoch: 'e1', recovered: null, message: deleted, thread: null, user: null, emoji: null, added: null }, 'me')
    expect(state.messages[0]?.deleted).toBe(true)
    expect(state.lastSeq).toBe(8)
  })

  it('tracks presence once per user', () => {
    const state = newRoomState(room({ onlineMembers: [ME] }))
    const joined: RoomEvent = { type: 'MEMBER_JOINED', seq: null, epoch: 'e1', recovered: null, message: null, thread: null, user: ANA, emoji: null, added: null }
    applyEvent(state, joined, 'me')
    applyEvent(state, joined, 'me')
    expect(state.online.map((u) => u.id)).toEqual(['me', 'ana'])
    applyEvent(state, { ...joined, type: 'MEMBER_LEFT' }, 'me')
    expect(state.online.map((u) => u.id)).toEqual(['me'])
  })

  it('shows typing for a few seconds, not for myself, and clears it when the message arrives', () => {
    const state = newRoomState(room())
    const typing: RoomEvent = { type: 'TYPING', seq: null, epoch: 'e1', recovered: null, message: null, thread: null, user: ANA, emoji: null, added: null }
    applyEvent(state, typing, 'me', 1_000)
    applyEvent(state, { ...typing, user: ME }, 'me', 1_000)
    expect(typingUsers(state, 1_500)).toEqual([ANA])
    expect(typingUsers(state, 1_000 + TYPING_SHOWN_MS + 1)).toEqual([])
    applyEvent(state, typing, 'me', 2_000)
    applyEvent(state, posted(1), 'me', 2_100)
    expect(typingUsers(state, 2_200)).toEqual([])
  })

  it('asks for a reload on RESYNC and resumes from the seq it names', () => {
    const state = newRoomState(room())
    applyEvent(state, posted(1), 'me')
    const resync: RoomEvent = { type: 'RESYNC', seq: 40, epoch: 'e2', recovered: false, message: null, thread: null, user: null, emoji: null, added: null }
    expect(applyEvent(state, resync, 'me').resync).toBe(true)
    expect(state.lastSeq).toBe(40)
    expect(state.epoch).toBe('e2')
  })
})

describe('history and pending sends', () => {
  it('prepends older pages without duplicating the overlap', () => {
    const state = newRoomState(room())
    loadLatest(state, [message(3), message(4)], true)
    prependOlder(state, [message(1), message(2), message(3)], false)
    expect(bodies(state)).toEqual(['m1', 'm2', 'm3', 'm4'])
    expect(state.hasMore).toBe(false)
  })

  it('marks a failed send and retries it under the same clientId', () => {
    const state = newRoomState(room())
    addPending(state, 'c1', 'hi')
    failPending(state, 'c1', 'offline')
    expect(state.pending[0]).toMatchObject({ status: 'failed', error: 'offline' })
    expect(retryPending(state, 'c1')).toMatchObject({ clientId: 'c1', body: 'hi', status: 'sending', error: null })
    expect(retryPending(state, 'unknown')).toBeNull()
  })
})

function event(type: RoomEvent['type'], seq: number | null, message: Message | null, extra: Partial<RoomEvent> = {}): RoomEvent {
  return { type, seq, epoch: 'e1', recovered: null, message, thread: null, user: null, emoji: null, added: null, ...extra }
}

describe('threads, reactions and pins', () => {
  const root = (replyCount = 0): Message => ({ ...message(1, 'question'), replyCount })
  const reply = (seq: number, body = `r${seq}`): Message => ({ ...message(seq, body), threadId: 'id1' })

  it('keeps replies out of the timeline, puts them in the open thread, and moves the root\'s count', () => {
    const state = newRoomState(room())
    loadLatest(state, [root()], false)
    applyEvent(state, event('MESSAGE_POSTED', 2, reply(2), { thread: { ...root(1), lastReplyAt: '2026-11-25T10:05:00Z' } }), 'me')
    expect(bodies(state)).toEqual(['question'])
    expect(state.messages[0]?.replyCount).toBe(1)
    const thread = openThread(state, state.messages[0] as Message)
    loadThread(thread, [reply(2)], false)
    const result = applyEvent(state, event('MESSAGE_POSTED', 3, reply(3), { thread: root(2) }), 'me')
    expect(result.newMessage).toBe(false) // replies do not count as unread
    expect(state.thread?.replies.map((m) => m.body)).toEqual(['r2', 'r3'])
    expect(state.thread?.root?.replyCount).toBe(2)
    expect(state.messages[0]?.replyCount).toBe(2)
  })

  it('keeps replies that arrived while the thread loaded', () => {
    const state = newRoomState(room())
    loadLatest(state, [root()], false)
    const thread = openThread(state, root())
    applyEvent(state, event('MESSAGE_POSTED', 4, reply(4)), 'me')
    loadThread(thread, [reply(2), reply(3)], false)
    expect(thread.replies.map((m) => m.seq)).toEqual([2, 3, 4])
  })

  it('applies coalesced reaction counts and keeps my own reactions, following my other tab', () => {
    const state = newRoomState(room())
    loadLatest(state, [{ ...root(), viewerReactions: ['👍'] }], false)
    const counts = [{ emoji: '👍', count: 2, users: [ME, ANA] }, { emoji: '🎉', count: 1, users: [ME] }]
    applyEvent(state, event('REACTION_CHANGED', 5, { ...root(), reactions: counts, viewerReactions: null }, { user: ME, emoji: '🎉', added: true }), 'me')
    expect(state.messages[0]?.reactions).toEqual(counts)
    expect(state.messages[0]?.viewerReactions).toEqual(['👍', '🎉'])
    applyEvent(state, event('REACTION_CHANGED', 6, { ...root(), reactions: counts.slice(1), viewerReactions: null }, { user: ANA, emoji: '👍', added: false }), 'me')
    expect(state.messages[0]?.viewerReactions).toEqual(['👍', '🎉'])
  })

  it('marks pins and unpins, and adds an edit to the moderators\' history', () => {
    const state = newRoomState(room())
    loadLatest(state, [{ ...root(), editHistory: [] }], false)
    applyEvent(state, event('MESSAGE_PINNED', 7, { ...root(), pinned: true, pinnedAt: '2026-11-25T10:06:00Z' }), 'me')
    expect(state.messages[0]?.pinned).toBe(true)
    applyEvent(state, event('MESSAGE_EDITED', 8, { ...root(), pinned: true, body: 'better question', editedAt: '2026-11-25T10:07:00Z' }), 'me')
    expect(state.messages[0]?.editHistory).toEqual([{ body: 'question', replacedAt: '2026-11-25T10:07:00Z' }])
    applyEvent(state, event('MESSAGE_UNPINNED', 9, { ...root(), pinned: false }), 'me')
    expect(state.messages[0]?.pinned).toBe(false)
  })
})

describe('a page around an older message', () => {
  it('holds new posts back until the reader pages forward to the newest, and keeps the resume point', () => {
    const state = newRoomState(room({ latestSeq: 500 }))
    loadAroundPage(state, [message(10), message(11), message(12)], true, true)
    expect(state.lastSeq).toBe(500)
    applyEvent(state, posted(501), 'me')
    expect(bodies(state)).toEqual(['m10', 'm11', 'm12']) // not after a gap
    expect(state.lastSeq).toBe(501)
    applyEvent(state, event('MESSAGE_EDITED', 502, { ...message(11, 'fixed'), editedAt: '2026-11-25T10:09:00Z' }), 'me')
    expect(bodies(state)).toEqual(['m10', 'fixed', 'm12'])
    appendNewer(state, [message(13), message(501)], false)
    applyEvent(state, posted(503), 'me')
    expect(bodies(state)).toEqual(['m10', 'fixed', 'm12', 'm13', 'm501', 'm503'])
  })
})
