/**
 * Course chat: every room of the open course is watched live from its latest seq (so unread
 * badges move), one is shown, and a room's history is loaded when it is first shown. Sends are
 * optimistic: the message shows at once as pending, keyed by a `clientId` that makes a retry
 * idempotent on the server, and is confirmed by the mutation or the live event.
 *
 * A room whose subscription the server ends because it fell behind (a slow or paused tab) is
 * resubscribed from where it was: the server replays from `since` (or sends RESYNC), so the user
 * sees nothing. FORBIDDEN, on a room's subscription or on a send, means the viewer is no longer a
 * member of the course (a whole refund revokes access at once): `accessLost`, every watch stops,
 * presence is dropped, and nothing is retried. Any other end of a room's subscription is shown,
 * and that room is no longer watched.
 *
 * A moderator may mute the viewer in the course's chat for a while: the rooms say until when
 * (`viewerMutedUntil`), and a send refused with FORBIDDEN and reason MUTED says it too (the mute
 * may have started after the rooms were loaded). That is no loss of access: the viewer still
 * reads, and `mutedUntil` tells the page when the composer works again.
 */
import { defineStore } from 'pinia'
import { computed, reactive, ref } from 'vue'
import { errorMessage as message } from '@/composables/useAction'
import { ApiError } from '@/services/api'
import * as chat from '@/services/chat'
import { loadAfter, loadAround as fetchAround } from '@/services/chatSearch'
import { backoffMs, reauthenticate, STABLE_AFTER_MS } from '@/services/live'
import type { Message } from '@/services/types'
import { useAuthStore } from './auth'
import {
  addPending,
  appendNewer,
  applyEvent,
  loadAroundPage,
  failPending,
  findMessage,
  loadLatest,
  loadThread,
  newRoomState,
  newestSeq,
  openThread as openThreadIn,
  prependOlder,
  retryPending,
  upsertMessage,
  type PendingMessage,
  type RoomState,
  type ThreadView,
} from './roomState'

const TYPING_EVERY_MS = 2_500
const MARK_READ_DELAY_MS = 400
/** How many pages of history `loadAround` loads, at most, to reach a message. */
const AROUND_PAGES = 3

export const useChatStore = defineStore('chat', () => {
  const auth = useAuthStore()
  const courseId = ref<string | null>(null)
  const rooms = reactive<Record<string, RoomState>>({})
  const order = ref<string[]>([])
  const activeRoomId = ref<string | null>(null)
  const loading = ref(false)
  const error = ref<string | null>(null)
  const liveError = ref<string | null>(null)
  /** The server refused the viewer's membership: the page says so and offers nothing to retry. */
  const accessLost = ref(false)
  /** When the viewer's mute in this course's chat ends (ms since the epoch); null when not muted. */
  const mutedUntil = ref<number | null>(null)
  const unsubscribers = new Map<string, () => void>()
  const loads = new Map<string, Promise<void>>()
  /** Per room: how often in a row it fell behind, and when it was last resubscribed for it. */
  const behind = new Map<string, { times: number; resumedAt: number }>()
  let lastTypingAt = 0
  let readTimer: ReturnType<typeof setTimeout> | undefined

  const roomList = computed(() => order.value.map((id) => rooms[id]).filter((r): r is RoomState => r !== undefined))
  const active = computed(() => (activeRoomId.value ? (rooms[activeRoomId.value] ?? null) : null))

  async function open(id: string): Promise<void> {
    if (courseId.value === id && order.value.length) return
    close()
    courseId.value = id
    loading.value = true
    error.value = null
    try {
      const list = await chat.fetchRooms(id)
      if (courseId.value !== id) return
      for (const room of list) rooms[room.id] = newRoomState(room)
      order.value = list.map((room) => room.id)
      mutedUntil.value = latest(list.map((room) => room.viewerMutedUntil))
      for (const room of list) watch(room.id)
    } catch (e) {
      error.value = message(e)
    } finally {
      loading.value = false
    }
  }

  /** Subscribe from the room's resume point (`lastSeq`, `epoch`): the server replays what follows. */
  function watch(roomId: string): void {
    const state = rooms[roomId]
    if (!state || accessLost.value) return
    const stop = chat.watchRoom(roomId, () => ({ since: state.lastSeq, epoch: state.epoch }), {
      next: (event) => {
        const result = applyEvent(state, event, auth.user?.id ?? null)
        if (result.resync) {
          void reload(roomId)
          if (state.thread) void refreshThread(state, state.thread)
        }
        if (result.newMessage) {
          if (roomId === activeRoomId.value && document.visibilityState === 'visible') scheduleRead()
          else state.unread += 1
        }
      },
      error: (e) => void onLiveError(roomId, e),
    })
    unsubscribers.set(roomId, stop)
  }

  async function onLiveError(roomId: string, e: ApiError): Promise<void> {
    unsubscribers.delete(roomId)
    if (fellBehind(e)) {
      resumeAfterFallingBehind(roomId)
      return
    }
    if (e.code === 'FORBIDDEN') {
      loseAccess()
      return
    }
    if (e.code === 'UNAUTHENTICATED' && (await reauthenticate())) {
      watch(roomId)
      return
    }
    liveError.value = e.message
  }

  /** No longer a member: stop watching every room and show nobody as online or typing. */
  function loseAccess(): void {
    accessLost.value = true
    liveError.value = null
    unsubscribers.forEach((stop) => stop())
    unsubscribers.clear()
    behind.clear()
    clearTimeout(readTimer)
    for (const state of Object.values(rooms)) {
      state.online = []
      state.typing = {}
    }
  }

  /**
   * Watch the room again from its resume point: at once the first time, then after a growing,
   * capped backoff while it keeps falling behind soon after each resume (a tab that cannot keep
   * up must not loop tight); once a resumed watch lasted `STABLE_AFTER_MS`, at once again.
   * The wait is the room's unsubscriber meanwhile, so loading the room or closing the course
   * cancels it (the load watches the room itself after its page).
   */
  function resumeAfterFallingBehind(roomId: string): void {
    const now = Date.now()
    const last = behind.get(roomId)
    const times = last && now - last.resumedAt < STABLE_AFTER_MS ? last.times + 1 : 0
    const timer = setTimeout(
      () => {
        unsubscribers.delete(roomId)
        behind.set(roomId, { times, resumedAt: Date.now() })
        watch(roomId)
      },
      times === 0 ? 0 : backoffMs(times - 1),
    )
    unsubscribers.set(roomId, () => clearTimeout(timer))
  }

  /**
   * Load the newest page of a room's history. The page and the subscription's resume point must
   * agree, so the subscription stops, the page is taken, and it resumes after the page's newest
   * seq: whatever was posted, edited or deleted meanwhile is replayed, nothing twice.
   */
  function ensureLoaded(roomId: string): Promise<void> {
    const state = rooms[roomId]
    if (!state || state.loaded) return Promise.resolve()
    const running = loads.get(roomId)
    if (running) return running
    const load = (async () => {
      unsubscribers.get(roomId)?.()
      unsubscribers.delete(roomId)
      try {
        const page = await chat.fetchHistory(roomId, null)
        loadLatest(state, page.messages, page.hasMore)
      } finally {
        loads.delete(roomId)
        if (rooms[roomId] === state) watch(roomId)
      }
    })()
    loads.set(roomId, load)
    return load
  }

  /** The server could not replay what was missed (Redis lost it): take the history afresh. */
  async function reload(roomId: string): Promise<void> {
    const state = rooms[roomId]
    if (!state?.loaded) return // an unshown room loads when it is shown
    state.loaded = false // the page replaces the timeline when it arrives
    await ensureLoaded(roomId)
  }

  async function select(roomId: string): Promise<void> {
    const state = rooms[roomId]
    if (!state) return
    activeRoomId.value = roomId
    state.dividerAfter = state.unread > 0 ? state.room.lastReadSeq : null
    error.value = null
    try {
      await ensureLoaded(roomId)
      if (activeRoomId.value === roomId) scheduleRead()
    } catch (e) {
      error.value = message(e)
    }
  }

  async function loadOlder(): Promise<void> {
    const state = active.value
    const first = state?.messages[0]
    if (!state || !first || !state.hasMore) return
    const page = await chat.fetchHistory(state.room.id, first.seq)
    prependOlder(state, page.messages, page.hasMore)
  }

  /**
   * The root with `seq` in the shown room (a search hit, a mention), loading older pages until it
   * is in the timeline (at most `AROUND_PAGES` of them: the timeline stays one unbroken run from
   * the newest message, so live events and "load older" go on as usual). Null when it is not a
   * root of this room (a reply, a seq from elsewhere). Beyond `AROUND_PAGES`, the page around it replaces the timeline.
   */
  async function loadAround(seq: number): Promise<Message | null> {
    const state = active.value
    if (!state) return null
    await ensureLoaded(state.room.id)
    for (let page = 0; page < AROUND_PAGES; page += 1) {
      const found = state.messages.find((m) => m.seq === seq)
      if (found) return found
      const first = state.messages[0]
      if (!state.hasMore || !first || first.seq < seq) return null
      await loadOlder()
    }
    // Far back: a page around it (the server's `messages(around:)`), detached from the newest.
    const page = await fetchAround(state.room.id, seq)
    if (active.value !== state) return null
    loadAroundPage(state, page.messages, page.hasMore, page.hasMoreAfter)
    return state.messages.find((m) => m.seq === seq) ?? null
  }

  /** Page forward from an around page (to the newest, after which live posts append again). */
  async function loadNewer(): Promise<void> {
    const state = active.value
    const last = state?.messages.at(-1)
    if (!state || !last || !state.hasMoreAfter) return
    const page = await loadAfter(state.room.id, last.seq)
    appendNewer(state, page.messages, page.hasMoreAfter)
  }

  /** Back to the newest page (and live appends) from an around page. */
  async function jumpToLatest(): Promise<void> {
    const state = active.value
    if (!state?.hasMoreAfter) return
    state.loaded = false
    await ensureLoaded(state.room.id)
  }

  async function send(body: string, attachmentIds: string[] = []): Promise<void> {
    const state = active.value
    if (!state || accessLost.value) return
    // A message sent while reading far back goes where it will show: at the newest.
    if (state.hasMoreAfter) await jumpToLatest()
    const clientId = crypto.randomUUID()
    addPending(state, clientId, body)
    const pending = state.pending.at(-1) as PendingMessage
    pending.attachmentIds = attachmentIds
    await deliver(state, pending)
  }

  /** A failed send again, with the same clientId (the server posts it once however often it is sent). */
  async function retry(clientId: string): Promise<void> {
    const state = active.value
    const pending = state && !accessLost.value && (retryPending(state, clientId) ?? retryReply(state, clientId))
    if (state && pending) await deliver(state, pending)
  }

  function retryReply(state: RoomState, clientId: string): PendingMessage | null {
    const pending = state.thread?.pending.find((p) => p.clientId === clientId)
    if (!pending) return null
    Object.assign(pending, { status: 'sending', error: null })
    return pending
  }

  /** Post a reply in the open thread (optimistic, like a send). */
  async function sendReply(body: string, attachmentIds: string[] = []): Promise<void> {
    const state = active.value
    const thread = state?.thread
    if (!state || !thread || accessLost.value) return
    const pending: PendingMessage = { clientId: crypto.randomUUID(), body, status: 'sending', error: null, threadId: thread.rootId, attachmentIds }
    thread.pending.push(pending)
    await deliver(state, thread.pending.at(-1) as PendingMessage)
  }

  async function deliver(state: RoomState, pending: PendingMessage): Promise<void> {
    const { clientId, body } = pending
    try {
      upsertMessage(state, await chat.sendMessage(state.room.id, body, clientId, { threadId: pending.threadId, attachmentIds: pending.attachmentIds }))
      if (!pending.threadId) scheduleRead()
    } catch (e) {
      if (pending.threadId) Object.assign(pending, { status: 'failed', error: message(e) })
      else failPending(state, clientId, message(e))
      const muted = mutedBy(e)
      if (muted !== undefined) {
        mutedUntil.value = muted
        return
      }
      // A room the viewer may post in refusing them: they left the course (announcements-only
      // rooms refuse learners too, but those have no composer).
      if (e instanceof ApiError && e.code === 'FORBIDDEN' && state.room.canPost) loseAccess()
    }
  }

  function discard(clientId: string): void {
    const state = active.value
    if (!state) return
    state.pending = state.pending.filter((p) => p.clientId !== clientId)
    if (state.thread) state.thread.pending = state.thread.pending.filter((p) => p.clientId !== clientId)
  }

  /** Open `root`'s thread beside the timeline and load its replies. */
  async function openThread(root: Message): Promise<void> {
    const state = rooms[root.roomId]
    if (!state) return
    const thread = openThreadIn(state, findMessage(state, root.id) ?? root)
    if (!thread.loaded) await refreshThread(state, thread)
  }

  /** Open a thread by its root's id (a link to a reply), its root taken from the timeline if shown. */
  async function openThreadById(rootId: string): Promise<void> {
    const state = active.value
    if (!state) return
    const root = findMessage(state, rootId)
    if (root) return openThread(root)
    state.thread = { rootId, root: null, replies: [], loaded: false, hasMore: false, error: null, pending: [] }
    await refreshThread(state, state.thread)
  }

  async function refreshThread(state: RoomState, thread: ThreadView): Promise<void> {
    try {
      const page = await chat.fetchThread(thread.rootId)
      if (state.thread === thread) loadThread(thread, page.messages, page.hasMore)
    } catch (e) {
      if (state.thread === thread) thread.error = message(e, 'Could not load the thread.')
    }
  }

  function closeThread(): void {
    const state = active.value
    if (state) state.thread = null
  }

  /** My reaction with `emoji` on or off; the answer carries the counts and my reactions. */
  async function toggleReaction(target: Message, emoji: string): Promise<void> {
    const mine = target.viewerReactions?.includes(emoji) ?? false
    const updated = mine ? await chat.removeReaction(target.id, emoji) : await chat.addReaction(target.id, emoji)
    const state = rooms[target.roomId]
    if (state) upsertMessage(state, updated)
  }

  async function setPinned(target: Message, pinned: boolean): Promise<void> {
    const updated = pinned ? await chat.pinMessage(target.id) : await chat.unpinMessage(target.id)
    const state = rooms[target.roomId]
    if (state) {
      upsertMessage(state, updated)
      state.pinsVersion += 1
    }
  }

  /** A lesson question's answer (`answerId` null clears it). */
  async function markAnswer(question: Message, answerId: string | null): Promise<void> {
    const updated = await chat.markAnswer(question.id, answerId)
    const state = rooms[question.roomId]
    if (state) upsertMessage(state, updated)
  }

  async function edit(target: Message, body: string): Promise<void> {
    const state = rooms[target.roomId]
    const updated = await chat.editMessage(target.id, body)
    if (state) upsertMessage(state, updated)
  }

  async function remove(target: Message): Promise<void> {
    await chat.deleteMessage(target.id)
    const state = rooms[target.roomId]
    if (state) upsertMessage(state, { ...target, body: '', deleted: true })
    if (state?.thread?.rootId === target.id) state.thread = null
  }

  function typing(): void {
    const state = active.value
    const now = Date.now()
    if (!state || accessLost.value || now - lastTypingAt < TYPING_EVERY_MS) return
    lastTypingAt = now
    chat.setTyping(state.room.id).catch(() => undefined) // ephemeral: a lost one does not matter
  }

  function scheduleRead(): void {
    clearTimeout(readTimer)
    readTimer = setTimeout(() => void markActiveRead(), MARK_READ_DELAY_MS)
  }

  async function markActiveRead(): Promise<void> {
    const state = active.value
    if (!state) return
    const seq = newestSeq(state)
    if (seq <= state.room.lastReadSeq && state.unread === 0) return
    try {
      const marked = await chat.markRead(state.room.id, seq)
      state.room.lastReadSeq = marked.lastReadSeq
      state.unread = marked.unreadCount
    } catch {
      // Read markers are best effort; the next message schedules another.
    }
  }

  async function addRoom(name: string, announcements: boolean): Promise<void> {
    if (!courseId.value) return
    const room = await chat.createRoom(courseId.value, name, announcements)
    rooms[room.id] = newRoomState(room)
    order.value.push(room.id)
    watch(room.id)
  }

  function close(): void {
    unsubscribers.forEach((stop) => stop())
    unsubscribers.clear()
    behind.clear()
    clearTimeout(readTimer)
    for (const id of Object.keys(rooms)) delete rooms[id]
    order.value = []
    courseId.value = null
    activeRoomId.value = null
    liveError.value = null
    accessLost.value = false
    mutedUntil.value = null
  }

  return {
    courseId, rooms, roomList, active, activeRoomId, loading, error, liveError, accessLost, mutedUntil,
    open, select, loadOlder, send, retry, discard, edit, remove, typing, addRoom, close, markActiveRead,
    openThread, openThreadById, closeThread, sendReply, loadAround, loadNewer, jumpToLatest, toggleReaction, setPinned, markAnswer,
  }
})

/** The latest of the rooms' mute ends (the same course-wide mute), in ms; null when none is given. */
function latest(ends: (string | null | undefined)[]): number | null {
  const times = ends.map((end) => (end ? Date.parse(end) : NaN)).filter((t) => !Number.isNaN(t))
  return times.length ? Math.max(...times) : null
}

/**
 * A send refused because the viewer is muted: when the mute ends (ms), or Infinity when the server
 * did not say (the composer then stays off until the page is reloaded); undefined for any other
 * error.
 */
function mutedBy(e: unknown): number | undefined {
  if (!(e instanceof ApiError) || e.code !== 'FORBIDDEN' || e.extensions.reason !== 'MUTED') return undefined
  const until = typeof e.extensions.until === 'string' ? Date.parse(e.extensions.until) : NaN
  return Number.isNaN(until) ? Infinity : until
}

/** The hub ended the subscription because it fell too far behind: resubscribing with `since` is the cure. */
function fellBehind(e: ApiError): boolean {
  return e.code === 'RATE_LIMITED' && e.extensions.reason_code === 'FELL_BEHIND'
}
