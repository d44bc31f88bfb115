/**
 * One chat room as the app sees it, and the rules for applying server events to it.
 *
 * Plain functions over plain data (no Vue, no network), so every ordering rule is unit tested:
 * `lastSeq` is the resume point and only the subscription moves it; an event at or below it was
 * already applied and is dropped, which is what makes a resume show each missed message once.
 *
 * The timeline holds roots only (the server's history does too): a reply (`threadId`) goes to the
 * open thread, if it is that one, and its event's `thread` moves the root's replyCount and
 * lastReplyAt. Events carry what is the same for every subscriber, so a copy from an event keeps
 * what the viewer's own copy knew: `viewerReactions` (null in events) and the moderators'
 * `editHistory` (an edit event adds the replaced body to it).
 */
import type { ChatUser, Message, Room, RoomEvent } from '@/services/types'

export const TYPING_SHOWN_MS = 4_000

export interface PendingMessage {
  clientId: string
  body: string
  status: 'sending' | 'failed'
  error: string | null
  /** A reply: its root's id. */
  threadId?: string | null
  attachmentIds?: string[]
}

/** The thread open beside the timeline: its root and its replies, oldest first. */
export interface ThreadView {
  rootId: string
  root: Message | null
  replies: Message[]
  loaded: boolean
  hasMore: boolean
  error: string | null
  pending: PendingMessage[]
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
  /**
   * The timeline is a page around an older message (a search hit, a link) and newer messages
   * exist after its last one: new posts are not appended (they would follow a gap) until the
   * reader pages forward to the end or jumps to the latest.
   */
  hasMoreAfter: boolean
  online: ChatUser[]
  /** user id -> when their "typing" expires (ms since the epoch). */
  typing: Record<string, { user: ChatUser; until: number }>
  unread: number
  /** Messages above this seq were unread when the room was opened: the divider goes before them. */
  dividerAfter: number | null
  thread: ThreadView | null
  /** Moves with every pin and unpin seen live: the pinned list reloads on it. */
  pinsVersion: number
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
    hasMoreAfter: false,
    online: [...room.onlineMembers],
    typing: {},
    unread: room.unreadCount,
    dividerAfter: null,
    thread: null,
    pinsVersion: 0,
  }
}

/** A message as it is now, from a newer copy: keeps what only the viewer's copy knew (see above). */
export function merge(known: Message | undefined, incoming: Message): Message {
  if (!known) return incoming
  let editHistory = incoming.editHistory ?? known.editHistory
  if (incoming.editHistory == null && known.editHistory != null && incoming.editedAt && incoming.editedAt !== known.editedAt && incoming.body !== known.body) {
    editHistory = [...known.editHistory, { body: known.body, replacedAt: incoming.editedAt }]
  }
  return {
    ...incoming,
    viewerReactions: incoming.viewerReactions ?? known.viewerReactions,
    editHistory,
    // Events carry no signed file links: keep the ones the viewer's copy had.
    attachments: incoming.attachments.map((a) => (a.file ? a : (known.attachments.find((k) => k.id === a.id) ?? a))),
  }
}

/** Replace the timeline with a freshly loaded newest page (first load, or after a RESYNC). */
export function loadLatest(state: RoomState, messages: Message[], hasMore: boolean): void {
  state.loaded = true
  state.messages = [...messages].sort((a, b) => a.seq - b.seq)
  state.hasMore = hasMore
  state.hasMoreAfter = false
  state.lastSeq = Math.max(state.lastSeq, ...messages.map((m) => m.seq), 0)
}

/**
 * Replace the timeline with a page around an older message. The subscription goes on from
 * where it was (`lastSeq` is not touched): edits and reactions apply to what is shown.
 */
export function loadAroundPage(state: RoomState, messages: Message[], hasMore: boolean, hasMoreAfter: boolean): void {
  state.loaded = true
  state.messages = [...messages].sort((a, b) => a.seq - b.seq)
  state.hasMore = hasMore
  state.hasMoreAfter = hasMoreAfter
}

/** Newer messages paged forward from an around page; once at the end, live posts append again. */
export function appendNewer(state: RoomState, messages: Message[], hasMoreAfter: boolean): void {
  for (const message of messages) upsertInto(state.messages, message)
  state.hasMoreAfter = hasMoreAfter
}

/** Older messages loaded upwards; anything already present is kept as is. */
export function prependOlder(state: RoomState, messages: Message[], hasMore: boolean): void {
  const known = new Set(state.messages.map((m) => m.id))
  state.messages = [...messages.filter((m) => !known.has(m.id)), ...state.messages].sort((a, b) => a.seq - b.seq)
  state.hasMore = hasMore
}

/** Insert or replace `message` (by id) in a seq-ordered list. */
function upsertInto(list: Message[], message: Message): void {
  const index = list.findIndex((m) => m.id === message.id)
  if (index >= 0) {
    list[index] = merge(list[index], message)
  } else {
    let at = list.length
    while (at > 0 && (list[at - 1] as Message).seq > message.seq) at--
    list.splice(at, 0, message)
  }
}

/**
 * Insert or replace a message (by id), keeping the timeline in seq order; confirms a pending send.
 * A reply goes to the open thread (if it is its thread), never to the timeline.
 */
export function upsertMessage(state: RoomState, message: Message): void {
  if (message.threadId) {
    const thread = state.thread
    if (thread && thread.rootId === message.threadId) {
      upsertInto(thread.replies, message)
      thread.pending = thread.pending.filter((p) => p.clientId !== message.clientId)
    }
    return
  }
  const last = state.messages.at(-1)
  // Detached from the newest (an around page): a newer post waits until the reader gets there.
  const beyond = state.hasMoreAfter && last !== undefined && message.seq > last.seq && !state.messages.some((m) => m.id === message.id)
  if (!beyond) upsertInto(state.messages, message)
  if (state.thread?.rootId === message.id) state.thread.root = merge(state.thread.root ?? undefined, message)
  state.pending = state.pending.filter((p) => p.clientId !== message.clientId)
}

/** A known message changed (an edit, a reaction, a pin…): replaced where it is shown; unknown ones are ignored. */
export function patchMessage(state: RoomState, message: Message): void {
  const known = state.messages.some((m) => m.id === message.id) || state.thread?.replies.some((m) => m.id === message.id) || state.thread?.rootId === message.id
  if (known) upsertMessage(state, message)
}

/** The root as it is now (a reply posted or deleted moved its replyCount and lastReplyAt). */
function updateRoot(state: RoomState, root: Message): void {
  patchMessage(state, root)
}

/** Open a thread beside the timeline (its replies load separately: `loadThread`). */
export function openThread(state: RoomState, root: Message): ThreadView {
  if (state.thread?.rootId !== root.id) {
    state.thread = { rootId: root.id, root, replies: [], loaded: false, hasMore: false, error: null, pending: [] }
  }
  return state.thread
}

/** A thread's loaded replies; replies that arrived live while loading are kept. */
export function loadThread(thread: ThreadView, replies: Message[], hasMore: boolean): void {
  const live = thread.replies
  thread.replies = [...replies].sort((a, b) => a.seq - b.seq)
  for (const reply of live) upsertInto(thread.replies, reply)
  thread.loaded = true
  thread.hasMore = hasMore
  thread.error = null
}

/** The viewer's own reaction toggled elsewhere (another tab): their copy follows. */
function ownReaction(message: Message, emoji: string, added: boolean): Message {
  const mine = new Set(message.viewerReactions ?? [])
  if (added) mine.add(emoji)
  else mine.delete(emoji)
  return { ...message, viewerReactions: [...mine] }
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
        const reply = event.message.threadId !== null
        const known = state.messages.some((m) => m.id === event.message?.id)
        upsertMessage(state, event.message)
        if (event.thread) updateRoot(state, event.thread)
        if (user) delete state.typing[user.id]
        // Unread counts roots (the server's unreadCount does too).
        result.newMessage = !reply && !known && event.message.author.id !== viewerId
      }
      break
    case 'MESSAGE_EDITED':
    case 'MESSAGE_DELETED':
    case 'MESSAGE_PINNED':
    case 'MESSAGE_UNPINNED':
      state.pinsVersion += 1
      if (event.message) patchMessage(state, event.message)
      break
    case 'ANSWER_MARKED':
      if (event.message) patchMessage(state, event.message)
      if (event.thread) updateRoot(state, event.thread)
      break
    case 'REACTION_CHANGED':
      if (event.message) {
        const mine = event.user?.id === viewerId && event.emoji !== null && event.added !== null
        const known = findMessage(state, event.message.id)
        const incoming = known && mine ? ownReaction(merge(known, event.message), event.emoji as string, event.added as boolean) : event.message
        patchMessage(state, incoming)
      }
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

/** The copy shown of a message (timeline, open thread's root or replies). */
export function findMessage(state: RoomState, id: string): Message | undefined {
  return state.messages.find((m) => m.id === id) ?? state.thread?.replies.find((m) => m.id === id) ?? (state.thread?.root?.id === id ? state.thread.root : undefined)
}

export function newestSeq(state: RoomState): number {
  return state.messages.at(-1)?.seq ?? 0
}
