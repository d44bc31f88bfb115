import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import { backoffMs, STABLE_AFTER_MS, type LiveHandlers } from '@/services/live'
import { PLAIN_MESSAGE_FIELDS } from '@/services/messageDefaults'
import type { Message, Room, RoomEvent } from '@/services/types'
import { useChatStore } from './chat'

interface Watch {
  roomId: string
  position: () => { since: number; epoch: string | null }
  handlers: LiveHandlers<RoomEvent>
  /** The client unsubscribed. */
  stopped: boolean
  /** The server ended it with an `error` message. */
  ended: boolean
}

const server = vi.hoisted(() => ({
  rooms: [] as Room[],
  watches: [] as Watch[],
  histories: [] as string[],
  pages: new Map<string, Promise<{ messages: Message[]; hasMore: boolean }>>(),
  sendError: null as ApiError | null,
}))

vi.mock('@/services/chat', () => ({
  fetchRooms: async () => server.rooms,
  fetchHistory: (roomId: string) => {
    server.histories.push(roomId)
    return server.pages.get(roomId) ?? Promise.resolve({ messages: [], hasMore: false })
  },
  watchRoom: (roomId: string, position: Watch['position'], handlers: Watch['handlers']) => {
    const watch: Watch = { roomId, position, handlers, stopped: false, ended: false }
    server.watches.push(watch)
    return () => {
      watch.stopped = true
    }
  },
  markRead: async (roomId: string, seq: number) => ({ id: roomId, lastReadSeq: seq, unreadCount: 0 }),
  sendMessage: async (roomId: string, body: string, clientId: string) => {
    if (server.sendError) throw server.sendError
    return { ...message(roomId, 99), body, clientId }
  },
}))

const ANA = { id: 'ana', displayName: 'Ana' }

function room(id: string, latestSeq: number, unreadCount = 0): Room {
  return {
    id, slug: id, name: id, kind: 'DISCUSSION', courseId: 'c1', canPost: true, lastReadSeq: 0,
    unreadCount, onlineMembers: [], latestSeq, epoch: 'e1', viewerMutedUntil: null,
  }
}

function message(roomId: string, seq: number): Message {
  return {
    ...PLAIN_MESSAGE_FIELDS, id: `${roomId}-${seq}`, seq, roomId, author: ANA, body: `m${seq}`, clientId: `c${seq}`,
    createdAt: '2026-12-01T10:00:00Z', editedAt: null, deleted: false,
  }
}

function posted(roomId: string, seq: number): RoomEvent {
  return { type: 'MESSAGE_POSTED', seq, epoch: 'e1', recovered: null, message: message(roomId, seq), thread: null, user: null, emoji: null, added: null }
}

const live = (roomId: string) => server.watches.filter((w) => w.roomId === roomId && !w.stopped && !w.ended)

/** The one live watch of a room (a second one would deliver every event twice). */
function only(roomId: string): Watch {
  const watches = live(roomId)
  expect(watches).toHaveLength(1)
  return watches[0] as Watch
}

/** The server ends `watch` with an `error` message, as live.ts reports it. */
function refuse(watch: Watch, error: ApiError): void {
  watch.ended = true
  watch.handlers.error(error)
}

/** The hub's end for a subscriber whose queue overflowed (edusphere/chat/hub.py). */
const fellBehind = () =>
  new ApiError('The connection fell too far behind; resubscribe with `since`', 'RATE_LIMITED', { reason_code: 'FELL_BEHIND' })

describe('the chat store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    Object.assign(server, { rooms: [room('general', 12), room('questions', 3, 1)], watches: [], histories: [] })
    server.pages.clear()
  })

  it('watches every room from its latest seq and loads no history on open', async () => {
    const chat = useChatStore()
    await chat.open('c1')
    expect(server.histories).toEqual([])
    expect(server.watches.map((w) => [w.roomId, w.position()])).toEqual([
      ['general', { since: 12, epoch: 'e1' }],
      ['questions', { since: 3, epoch: 'e1' }],
    ])
    live('questions')[0]?.handlers.next(posted('questions', 4))
    expect(chat.rooms.questions?.unread).toBe(2)
  })

  it('loads a room once when it is shown, and resumes its watch after the page', async () => {
    const chat = useChatStore()
    await chat.open('c1')
    let answer: (page: { messages: Message[]; hasMore: boolean }) => void = () => undefined
    server.pages.set('general', new Promise((resolve) => (answer = resolve)))
    const shown = chat.select('general')
    const again = chat.select('general')
    expect(live('general')).toEqual([]) // no events while the page is on its way
    answer({ messages: [message('general', 11), message('general', 14)], hasMore: true })
    await Promise.all([shown, again])
    expect(server.histories).toEqual(['general'])
    expect(live('general').map((w) => w.position())).toEqual([{ since: 14, epoch: 'e1' }])
    expect(chat.active?.loaded).toBe(true)
    expect(chat.active?.messages.map((m) => m.seq)).toEqual([11, 14])
  })

  it('moves an unshown room past a RESYNC without loading it', async () => {
    const chat = useChatStore()
    await chat.open('c1')
    const [watch] = live('questions')
    watch?.handlers.next({ type: 'RESYNC', seq: 9, epoch: 'e2', recovered: false, message: null, thread: null, user: null, emoji: null, added: null })
    await Promise.resolve()
    expect(server.histories).toEqual([])
    expect(watch?.position()).toEqual({ since: 9, epoch: 'e2' })
  })

  describe('when a room falls behind', () => {
    beforeEach(() => {
      vi.useFakeTimers()
    })

    afterEach(() => {
      vi.useRealTimers()
    })

    /** The room is watched again within the backoff of `attempt` (its jitter included), not before. */
    async function resubscribedWithin(roomId: string, attempt: number | null): Promise<Watch> {
      const before = server.watches.length
      if (attempt === null) {
        await vi.advanceTimersByTimeAsync(0) // at once
      } else {
        await vi.advanceTimersByTimeAsync(backoffMs(attempt, () => 0) - 1)
        expect(live(roomId)).toEqual([])
        await vi.advanceTimersByTimeAsync(backoffMs(attempt, () => 1) - backoffMs(attempt, () => 0) + 1)
      }
      expect(server.watches.length).toBe(before + 1)
      return only(roomId)
    }

    it('resubscribes at once from the last seq it saw, without reloading or showing an error', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      await chat.select('general')
      const first = only('general')
      first.handlers.next(posted('general', 13))
      first.handlers.next(posted('general', 14))
      const histories = [...server.histories]

      refuse(first, fellBehind())
      const again = await resubscribedWithin('general', null)
      expect(again).not.toBe(first)
      expect(again.position()).toEqual({ since: 14, epoch: 'e1' })
      expect(server.histories).toEqual(histories) // the server replays from `since`: no page
      expect(chat.liveError).toBeNull()
      again.handlers.next(posted('general', 15))
      expect(chat.active?.messages.map((m) => m.seq)).toEqual([13, 14, 15])
      expect(only('questions').position()).toEqual({ since: 3, epoch: 'e1' }) // the other room is untouched
    })

    it('waits longer and longer, up to a cap, when the room keeps falling behind', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      refuse(only('questions'), fellBehind())
      await resubscribedWithin('questions', null)
      for (let attempt = 0; attempt < 8; attempt += 1) {
        refuse(only('questions'), fellBehind())
        await resubscribedWithin('questions', attempt)
      }
      refuse(only('questions'), fellBehind())
      await resubscribedWithin('questions', Infinity) // at the cap, never longer
      expect(chat.liveError).toBeNull()
      expect(only('general').position()).toEqual({ since: 12, epoch: 'e1' })
    })

    it('resubscribes at once again after the room kept up for a while', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      for (const attempt of [null, 0, 1]) {
        refuse(only('questions'), fellBehind())
        await resubscribedWithin('questions', attempt)
      }
      await vi.advanceTimersByTimeAsync(STABLE_AFTER_MS)
      refuse(only('questions'), fellBehind())
      await resubscribedWithin('questions', null)
      refuse(only('questions'), fellBehind())
      await resubscribedWithin('questions', 0)
    })

    it('keeps one watch when the room is shown while a resubscribe waits', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      refuse(only('general'), fellBehind())
      await resubscribedWithin('general', null)
      refuse(only('general'), fellBehind()) // now waiting out a backoff
      await chat.select('general')
      expect(only('general').position()).toEqual({ since: 12, epoch: 'e1' })
      await vi.advanceTimersByTimeAsync(10_000)
      only('general')
    })

    it('does not resubscribe after the course is closed', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      refuse(only('general'), fellBehind())
      chat.close()
      const watches = server.watches.length
      await vi.advanceTimersByTimeAsync(10_000)
      expect(server.watches.length).toBe(watches)
    })

    it('takes a FORBIDDEN end as lost access: every watch stops, presence goes, nothing is retried', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      const general = chat.rooms.general
      if (general) general.online = [ANA]
      refuse(only('questions'), new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN'))
      await vi.advanceTimersByTimeAsync(10_000)
      expect(chat.accessLost).toBe(true)
      expect(chat.liveError).toBeNull()
      expect(live('questions')).toEqual([])
      expect(live('general')).toEqual([])
      expect(chat.rooms.general?.online).toEqual([])
      await chat.select('general') // loading a room afterwards does not watch it again
      expect(live('general')).toEqual([])
      chat.close()
      expect(chat.accessLost).toBe(false)
    })

    it('treats any other RATE_LIMITED end as an error, not as falling behind', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      refuse(only('questions'), new ApiError('Too many subscriptions', 'RATE_LIMITED'))
      await vi.advanceTimersByTimeAsync(10_000)
      expect(live('questions')).toEqual([])
      expect(chat.liveError).toBe('Too many subscriptions')
    })
  })

  describe('when a send is refused', () => {
    beforeEach(() => {
      server.rooms = [room('general', 3)]
      server.watches = []
      server.sendError = null
    })

    it('takes FORBIDDEN in a room the viewer may post in as lost access, and retries nothing', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      await chat.select('general')
      server.sendError = new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN')
      await chat.send('hello')
      expect(chat.accessLost).toBe(true)
      expect(live('general')).toEqual([])
      const pending = chat.active?.pending[0]
      expect(pending?.status).toBe('failed')
      await chat.retry(pending?.clientId ?? '')
      expect(chat.active?.pending[0]?.status).toBe('failed')
    })

    it('keeps the chat for any other refusal', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      await chat.select('general')
      server.sendError = new ApiError('Slow down', 'RATE_LIMITED')
      await chat.send('hello')
      expect(chat.accessLost).toBe(false)
      expect(live('general')).toHaveLength(1)
    })

    it('takes FORBIDDEN with reason MUTED as a mute until its end, not as lost access', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      await chat.select('general')
      expect(chat.mutedUntil).toBeNull()
      server.sendError = new ApiError('You are muted in this chat', 'FORBIDDEN', { reason: 'MUTED', until: '2030-01-01T12:00:00Z' })
      await chat.send('hello')
      expect(chat.accessLost).toBe(false)
      expect(chat.mutedUntil).toBe(Date.parse('2030-01-01T12:00:00Z'))
      expect(live('general')).toHaveLength(1)
      const pending = chat.active?.pending[0]
      expect([pending?.status, pending?.error]).toEqual(['failed', 'You are muted in this chat'])
      chat.close()
      expect(chat.mutedUntil).toBeNull()
    })

    it('stays muted with no end it can tell when the server gives none', async () => {
      const chat = useChatStore()
      await chat.open('c1')
      await chat.select('general')
      server.sendError = new ApiError('You are muted', 'FORBIDDEN', { reason: 'MUTED', until: 'soon' })
      await chat.send('hello')
      expect([chat.accessLost, chat.mutedUntil]).toEqual([false, Infinity])
    })
  })

  it('knows the viewer is muted from the rooms, the latest end of any', async () => {
    server.rooms = [
      { ...room('general', 1), viewerMutedUntil: '2030-01-01T10:00:00Z' },
      { ...room('questions', 1), viewerMutedUntil: null },
    ]
    const chat = useChatStore()
    await chat.open('c1')
    expect(chat.mutedUntil).toBe(Date.parse('2030-01-01T10:00:00Z'))
  })
})
