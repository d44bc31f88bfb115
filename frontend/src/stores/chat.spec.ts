import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { LiveHandlers } from '@/services/live'
import type { Message, Room, RoomEvent } from '@/services/types'
import { useChatStore } from './chat'

interface Watch {
  roomId: string
  position: () => { since: number; epoch: string | null }
  handlers: LiveHandlers<RoomEvent>
  stopped: boolean
}

const server = vi.hoisted(() => ({
  rooms: [] as Room[],
  watches: [] as Watch[],
  histories: [] as string[],
  pages: new Map<string, Promise<{ messages: Message[]; hasMore: boolean }>>(),
}))

vi.mock('@/services/chat', () => ({
  fetchRooms: async () => server.rooms,
  fetchHistory: (roomId: string) => {
    server.histories.push(roomId)
    return server.pages.get(roomId) ?? Promise.resolve({ messages: [], hasMore: false })
  },
  watchRoom: (roomId: string, position: Watch['position'], handlers: Watch['handlers']) => {
    const watch: Watch = { roomId, position, handlers, stopped: false }
    server.watches.push(watch)
    return () => {
      watch.stopped = true
    }
  },
  markRead: async (roomId: string, seq: number) => ({ id: roomId, lastReadSeq: seq, unreadCount: 0 }),
}))

const ANA = { id: 'ana', displayName: 'Ana' }

function room(id: string, latestSeq: number, unreadCount = 0): Room {
  return {
    id, slug: id, name: id, kind: 'DISCUSSION', courseId: 'c1', canPost: true, lastReadSeq: 0,
    unreadCount, onlineMembers: [], latestSeq, epoch: 'e1',
  }
}

function message(roomId: string, seq: number): Message {
  return {
    id: `${roomId}-${seq}`, seq, roomId, author: ANA, body: `m${seq}`, clientId: `c${seq}`,
    createdAt: '2026-12-01T10:00:00Z', editedAt: null, deleted: false,
  }
}

function posted(roomId: string, seq: number): RoomEvent {
  return { type: 'MESSAGE_POSTED', seq, epoch: 'e1', recovered: null, message: message(roomId, seq), user: null }
}

const live = (roomId: string) => server.watches.filter((w) => w.roomId === roomId && !w.stopped)

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
    watch?.handlers.next({ type: 'RESYNC', seq: 9, epoch: 'e2', recovered: false, message: null, user: null })
    await Promise.resolve()
    expect(server.histories).toEqual([])
    expect(watch?.position()).toEqual({ since: 9, epoch: 'e2' })
  })
})
