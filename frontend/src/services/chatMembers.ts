/**
 * Who is in a course's chat, and private conversations with them: the `@` autocomplete's
 * members (`Room.members`), a course's direct rooms (`rooms` of kind DIRECT) and opening one
 * (`directRoom`), for components/chat/MentionAutocomplete, DirectRooms and MessageUserButton.
 */
import { request } from './api'
import { graphql } from './generated'
import type { DirectRoomFieldsFragment } from './generated/graphql'

export type ChatMember = { id: string; displayName: string }
export type DirectRoom = DirectRoomFieldsFragment

/** The server's bounds for `Room.members`: at most 20, a prefix of at most 80 characters. */
export const MEMBERS_MAX = 20
export const MEMBER_QUERY_MAX = 80

/** Members whose display name starts with `query` (case-insensitive), at most `first` (≤ 20). */
export async function fetchRoomMembers(roomId: string, query: string, first = 8): Promise<ChatMember[]> {
  const data = await request(
    graphql(`query ChatRoomMembers($id: ID!, $query: String, $first: Int) { room(id: $id) { id members(query: $query, first: $first) { id displayName } } }`),
    { id: roomId, query: query.slice(0, MEMBER_QUERY_MAX), first: Math.min(first, MEMBERS_MAX) },
  )
  return data.room?.members ?? []
}

/** The viewer's direct rooms in the course, in the order the server lists them (oldest first). */
export async function fetchDirectRooms(courseId: string): Promise<DirectRoom[]> {
  const data = await request(graphql(`query ChatDirectRooms($id: ID!) { rooms(courseId: $id) { ...DirectRoomFields } }`), { id: courseId })
  return data.rooms.filter((room) => room.kind === 'DIRECT')
}

/** Open (or find) the private room with `userId` in the course. */
export async function openDirectRoom(courseId: string, userId: string): Promise<DirectRoom> {
  const data = await request(
    graphql(`mutation ChatOpenDirectRoom($courseId: ID!, $userId: ID!) { directRoom(courseId: $courseId, userId: $userId) { ...DirectRoomFields } }`),
    { courseId, userId },
  )
  return data.directRoom
}
