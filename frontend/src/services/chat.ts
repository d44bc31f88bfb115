/** Course chat calls over HTTP, and the live room subscription over the socket. */
import { request } from './api'
import { graphql } from './generated'
import { subscribe, type LiveHandlers } from './live'
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

export async function sendMessage(roomId: string, body: string, clientId: string): Promise<Message> {
  const data = await request(
    graphql(`mutation Send($id: ID!, $body: String!, $clientId: String!) { sendMessage(roomId: $id, body: $body, clientId: $clientId) { ...MessageFields } }`),
    { id: roomId, body, clientId },
  )
  return data.sendMessage
}

export async function editMessage(messageId: string, body: string): Promise<Message> {
  const data = await request(
    graphql(`mutation Edit($id: ID!, $body: String!) { editMessage(messageId: $id, body: $body) { ...MessageFields } }`),
    { id: messageId, body },
  )
  return data.editMessage
}

export async function deleteMessage(messageId: string): Promise<void> {
  await request(graphql(`mutation Delete($id: ID!) { deleteMessage(messageId: $id) }`), { id: messageId })
}

/**
 * Report a message to the moderators (a member of its room, not its author). Reporting the same
 * message again returns the first report.
 */
export async function reportMessage(messageId: string, reason: string): Promise<{ id: string; status: string }> {
  const data = await request(
    graphql(`mutation ReportMessage($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id status } }`),
    { id: messageId, reason },
  )
  return data.reportMessage
}

export async function setTyping(roomId: string): Promise<void> {
  await request(graphql(`mutation Typing($id: ID!) { setTyping(roomId: $id) }`), { id: roomId })
}

export async function markRead(roomId: string, seq: number): Promise<Pick<Room, 'id' | 'lastReadSeq' | 'unreadCount'>> {
  const data = await request(
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
      type seq epoch recovered message { ...MessageFields } user { id displayName }
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
