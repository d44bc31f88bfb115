/**
 * Course chat: queries over HTTP; every mutation through `live.execute`, over the socket while
 * one is acknowledged and over HTTP otherwise (same variables, so a send retried after a lost
 * socket keeps its clientId and posts once); the live room subscription over the socket.
 */
import { request } from './api'
import { graphql } from './generated'
import { execute, subscribe, type LiveHandlers } from './live'
import type { Message, Room, RoomEvent } from './types'

/** The server's bounds for a report's reason (characters, after trimming). */
export const REPORT_REASON_MAX = 500

export const HISTORY_PAGE = 50

export async function fetchRooms(courseId: string): Promise<Room[]> {
  return (await request(graphql(`query Rooms($id: ID!) { rooms(courseId: $id) { ...RoomFields } }`), { id: courseId })).rooms
}

export async function fetchHistory(roomId: string, before: number | null, last = HISTORY_PAGE): Promise<{ messages: Message[]; hasMore: boolean }> {
  const data = await request(
    graphql(`query History($id: ID!, $before: Int, $last: Int) { messages(roomId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }`),
    { id: roomId, before, last },
  )
  return data.messages
}

/** Where a message goes beyond its room: a thread's reply, attached uploads. */
export interface SendOptions {
  threadId?: string | null
  attachmentIds?: string[] | null
}

export async function sendMessage(roomId: string, body: string, clientId: string, options: SendOptions = {}): Promise<Message> {
  const data = await execute(
    graphql(`mutation Send($id: ID!, $body: String!, $clientId: String!, $threadId: ID, $attachmentIds: [ID!]) {
      sendMessage(roomId: $id, body: $body, clientId: $clientId, threadId: $threadId, attachmentIds: $attachmentIds) { ...MessageFields }
    }`),
    { id: roomId, body, clientId, threadId: options.threadId ?? null, attachmentIds: options.attachmentIds?.length ? options.attachmentIds : null },
  )
  return data.sendMessage
}

/** A root's replies, oldest first (the newest `last` before seq `before`). */
export async function fetchThread(messageId: string, before: number | null = null, last = 100): Promise<{ messages: Message[]; hasMore: boolean }> {
  const data = await request(
    graphql(`query ChatThread($id: ID!, $before: Int, $last: Int) { thread(messageId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }`),
    { id: messageId, before, last },
  )
  return data.thread
}

export async function addReaction(messageId: string, emoji: string): Promise<Message> {
  const data = await execute(
    graphql(`mutation AddReaction($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }`),
    { id: messageId, emoji },
  )
  return data.addReaction
}

export async function removeReaction(messageId: string, emoji: string): Promise<Message> {
  const data = await execute(
    graphql(`mutation RemoveReaction($id: ID!, $emoji: String!) { removeReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }`),
    { id: messageId, emoji },
  )
  return data.removeReaction
}

export async function pinMessage(messageId: string): Promise<Message> {
  const data = await execute(graphql(`mutation PinMessage($id: ID!) { pinMessage(messageId: $id) { ...MessageFields } }`), { id: messageId })
  return data.pinMessage
}

export async function unpinMessage(messageId: string): Promise<Message> {
  const data = await execute(graphql(`mutation UnpinMessage($id: ID!) { unpinMessage(messageId: $id) { ...MessageFields } }`), { id: messageId })
  return data.unpinMessage
}

/** A lesson question's answer: `answerId` a reply in its thread, null clears it. */
export async function markAnswer(messageId: string, answerId: string | null): Promise<Message> {
  const data = await execute(
    graphql(`mutation ChatMarkAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...MessageFields } }`),
    { id: messageId, answerId },
  )
  return data.markAnswer
}

export async function editMessage(messageId: string, body: string): Promise<Message> {
  const data = await execute(
    graphql(`mutation Edit($id: ID!, $body: String!) { editMessage(messageId: $id, body: $body) { ...MessageFields } }`),
    { id: messageId, body },
  )
  return data.editMessage
}

export async function deleteMessage(messageId: string): Promise<void> {
  await execute(graphql(`mutation Delete($id: ID!) { deleteMessage(messageId: $id) }`), { id: messageId })
}

/**
 * Report a message to the moderators (a member of its room, not its author). Reporting the same
 * message again returns the first report.
 */
export async function reportMessage(messageId: string, reason: string): Promise<{ id: string; status: string }> {
  const data = await execute(
    graphql(`mutation ReportMessage($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id status } }`),
    { id: messageId, reason },
  )
  return data.reportMessage
}

export async function setTyping(roomId: string): Promise<void> {
  await execute(graphql(`mutation Typing($id: ID!) { setTyping(roomId: $id) }`), { id: roomId })
}

export async function markRead(roomId: string, seq: number): Promise<Pick<Room, 'id' | 'lastReadSeq' | 'unreadCount'>> {
  const data = await execute(
    graphql(`mutation Read($id: ID!, $seq: Int!) { markRead(roomId: $id, seq: $seq) { id lastReadSeq unreadCount } }`),
    { id: roomId, seq },
  )
  return data.markRead
}

export async function createRoom(courseId: string, name: string, announcements: boolean): Promise<Room> {
  const data = await request(
    graphql(`mutation CreateRoom($id: ID!, $name: String!, $announcements: Boolean) { createRoom(courseId: $id, name: $name, announcements: $announcements) { ...RoomFields } }`),
    { id: courseId, name, announcements },
  )
  return data.createRoom
}

const ROOM_EVENTS = graphql(`
  subscription RoomEvents($roomId: ID!, $since: Int, $epoch: String) {
    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {
      type seq epoch recovered message { ...MessageFields } thread { ...MessageFields } user { id displayName } emoji added
    }
  }
`)

/** `position` is read at every (re)connect, so the server replays exactly what was missed. */
export function watchRoom(
  roomId: string,
  position: () => { since: number; epoch: string | null },
  handlers: LiveHandlers<RoomEvent>,
): () => void {
  return subscribe(
    { query: ROOM_EVENTS, variables: () => ({ roomId, ...position() }) },
    { ...handlers, next: (data) => handlers.next(data.roomEvents) },
  )
}
