/**
 * One chat room as the app sees it, and the rules for applying server events to it.
 *
 * Plain functions over plain data (no Vue, no network), so every ordering rule is unit tested:
 * `lastSeq` is the resume point and only the subscription moves it; an event at or below it was
 * already applied and is dropped, which is what makes a resume show each missed message once.
 */
import type { ChatUser, Message, Room, RoomEvent } from '@/services/types'

export const TYPING_SHOWN_MS = 4_000

export interface PendingMessage {
  clientId: string
  body: string
  status: 'sending' | 'failed'
  error: string | null
}

export interface RoomState {
  room: Room
  /** The newest page of history is in `messages` (rooms are watched before they are shown). */
  loaded: boolean
  messages: Message[]
  pending: PendingMessage[]
  lastSeq: number
  epoch: string | null
  hasMore: boolean
  online: ChatUser[]
  /** user id -> when their "typing" expires (ms since the epoch). */
  typing: Record<string, { user: ChatUser; until: number }>
  unread: number
  /** Messages above this seq were unread when the room was opened: the divider goes before them. */
  dividerAfter: number | null
}

/** A room watched from its latest seq, its history not loaded yet. */
export function newRoomState(room: Room): RoomState {
  return {
    room,
    loaded: false,
    messages: [],
    pending: [],
    lastSeq: room.latestSeq,
    epoch: room.epoch,
    hasMore: false,
    online: [...room.onlineMembers],
    typing: {},
    unread: room.unreadCount,
    dividerAfter: null,
  }
}

/** Replace the timeline with a freshly loaded newest page (first load, or after a RESYNC). */
export function loadLatest(state: RoomState, messages: Message[], hasMore: boolean): void {
  state.loaded = true
  state.messages = [...messages].sort((a, b) => a.seq - b.seq)
  state.hasMore = hasMore
  state.lastSeq = Math.max(state.lastSeq, ...messages.map((m) => m.seq), 0)
}

/** Older messages loaded upwards; anything already present is kept as is. */
export function prependOlder(state: RoomState, messages: Message[], hasMore: boolean): void {
  const known = new Set(state.messages.map((m) => m.id))
  state.messages = [...messages.filter((m) => !known.has(m.id)), ...state.messages].sort((a, b) => a.seq - b.seq)
  state.hasMore = hasMore
}

/** Insert or replace a message (by id), keeping the timeline in seq order; confirms a pending send. */
export function upsertMessage(state: RoomState, message: Message): void {
  const index = state.messages.findIndex((m) => m.id === message.id)
  if (index >= 0) {
    state.messages[index] = message
  } else {
    let at = state.messages.length
    while (at > 0 && (state.messages[at - 1] as Message).seq > message.seq) at--
    state.messages.splice(at, 0, message)
  }
  state.pending = state.pending.filter((p) => p.clientId !== message.clientId)
}

export interface ApplyResult {
  /** A RESYNC: the server could not replay what was missed; reload the history. */
  resync: boolean
  /** A message from someone else arrived. */
  newMessage: boolean
}

export function applyEvent(state: RoomState, event: RoomEvent, viewerId: string | null, now = Date.now()): ApplyResult {
  const result: ApplyResult = { resync: false, newMessage: false }
  if (event.epoch) state.epoch = event.epoch
  if (event.type === 'RESYNC') {
    state.lastSeq = event.seq ?? state.lastSeq
    result.resync = true
    return result
  }
  if (event.seq !== null) {
    if (event.seq <= state.lastSeq) return result
    state.lastSeq = event.seq
  }
  const user = event.user ?? event.message?.author ?? null
  switch (event.type) {
    case 'MESSAGE_POSTED':
      if (event.message) {
        const known = state.messages.some((m) => m.id === event.message?.id)
        upsertMessage(state, event.message)
        if (user) delete state.typing[user.id]
        result.newMessage = !known && event.message.author.id !== viewerId
      }
      break
    case 'MESSAGE_EDITED':
    case 'MESSAGE_DELETED':
      if (event.message && state.messages.some((m) => m.id === event.message?.id)) upsertMessage(state, event.message)
      break
    case 'MEMBER_JOINED':
      if (user && !state.online.some((u) => u.id === user.id)) state.online.push(user)
      break
    case 'MEMBER_LEFT':
      if (user) state.online = state.online.filter((u) => u.id !== user.id)
      break
    case 'TYPING':
      if (user && user.id !== viewerId) state.typing[user.id] = { user, until: now + TYPING_SHOWN_MS }
      break
  }
  return result
}

export function typingUsers(state: RoomState, now: number): ChatUser[] {
  return Object.values(state.typing)
    .filter((entry) => entry.until > now)
    .map((entry) => entry.user)
}

export function addPending(state: RoomState, clientId: string, body: string): void {
  state.pending.push({ clientId, body, status: 'sending', error: null })
}

export function failPending(state: RoomState, clientId: string, error: string): void {
  const pending = state.pending.find((p) => p.clientId === clientId)
  if (pending) Object.assign(pending, { status: 'failed', error })
}

export function retryPending(state: RoomState, clientId: string): PendingMessage | null {
  const pending = state.pending.find((p) => p.clientId === clientId)
  if (!pending) return null
  Object.assign(pending, { status: 'sending', error: null })
  return pending
}

export function newestSeq(state: RoomState): number {
  return state.messages.at(-1)?.seq ?? 0
}
