/**
 * Message search (`searchMessages`) and opening a room around a message (`messages(around:)`).
 *
 * A hit's snippet comes as plain-text parts, the matches flagged: render each part as text (a
 * `<mark>` around the highlighted ones), never through v-html, so a message body cannot inject
 * markup. A hit opens its room's timeline around `aroundSeq`: the message's own seq, or for a
 * reply its root's (the timeline shows roots; the reply is in `message.threadId`'s thread).
 */
import type { RouteLocationRaw } from 'vue-router'
import { request } from './api'
import { graphql } from './generated'
import type { MessageSearchOrder, SearchMessagesQuery } from './generated/graphql'
import type { Message } from './types'

export type { MessageSearchOrder }
export type SearchHit = SearchMessagesQuery['searchMessages']['edges'][number]['node']

/** The server's bound for a search (characters, after spaces are collapsed). */
export const SEARCH_MAX = 200
export const SEARCH_PAGE = 20

export interface SearchPage {
  hits: SearchHit[]
  endCursor: string | null
  hasNextPage: boolean
}

export interface AroundPage {
  /** Oldest first: about half before `seq`, the message at `seq` included, the rest after. */
  messages: Message[]
  /** Older messages exist before the first one (page back with `before: messages[0].seq`). */
  hasMore: boolean
  /** Newer messages exist after the last one (page forward with `loadAfter`). */
  hasMoreAfter: boolean
}

/** Why the text cannot be searched (the server's own rules, checked before asking it), or null. */
export function searchProblem(text: string): string | null {
  const clean = text.split(/\s+/).filter(Boolean).join(' ')
  if (!clean) return 'Type something to search for.'
  if (clean.length > SEARCH_MAX) return `A search can be at most ${SEARCH_MAX} characters.`
  if (!/[\p{L}\p{N}]/u.test(clean)) return 'Search for at least one word.'
  return null
}

export async function searchMessages(
  courseId: string,
  query: string,
  order: MessageSearchOrder,
  after: string | null,
  roomId: string | null = null,
  first = SEARCH_PAGE,
): Promise<SearchPage> {
  const data = await request(
    graphql(`query SearchMessages($courseId: ID!, $query: String!, $roomId: ID, $order: MessageSearchOrder, $first: Int, $after: String) {
      searchMessages(courseId: $courseId, query: $query, roomId: $roomId, order: $order, first: $first, after: $after) {
        edges { node {
          aroundSeq
          message { id seq roomId threadId createdAt editedAt author { id displayName } }
          room { id slug name kind }
          snippet { text highlighted }
        } }
        pageInfo { hasNextPage endCursor }
      }
    }`),
    { courseId, query, roomId, order, first, after },
  )
  const { edges, pageInfo } = data.searchMessages
  return { hits: edges.map((e) => e.node), endCursor: pageInfo.endCursor, hasNextPage: pageInfo.hasNextPage }
}

/** The room's timeline centred on `seq` (what a search hit or a shared link opens). */
export async function loadAround(roomId: string, seq: number, last = 50): Promise<AroundPage> {
  const data = await request(
    graphql(`query MessagesAround($id: ID!, $around: Int, $last: Int) {
      messages(roomId: $id, around: $around, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }
    }`),
    { id: roomId, around: seq, last },
  )
  return { ...data.messages, hasMoreAfter: data.messages.hasMoreAfter ?? false }
}

/** The `last` messages after `seq`, oldest first: paging forward from an `around` page. */
export async function loadAfter(roomId: string, seq: number, last = 50): Promise<AroundPage> {
  const data = await request(
    graphql(`query MessagesAfter($id: ID!, $after: Int, $last: Int) {
      messages(roomId: $id, after: $after, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }
    }`),
    { id: roomId, after: seq, last },
  )
  return { ...data.messages, hasMoreAfter: data.messages.hasMoreAfter ?? false }
}

/** Where a hit opens: its room in the chat page, around its seq (and, for a reply, its thread). */
export function hitLocation(slug: string, hit: SearchHit): RouteLocationRaw {
  const query: Record<string, string> = { around: String(hit.aroundSeq) }
  if (hit.message.threadId) query.thread = hit.message.threadId
  return { name: 'chat', params: { slug, room: hit.room.slug }, query }
}
