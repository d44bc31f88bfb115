import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './api'
import { endSession } from './session'
import * as chatSearch from './chatSearch'

interface Sent {
  query: string
  variables: Record<string, unknown>
}

let sent: Sent[] = []
let answer: unknown = {}

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as Sent)
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

function hit(id: string, threadId: string | null = null): chatSearch.SearchHit {
  return {
    aroundSeq: 7,
    message: { id, seq: 9, roomId: 'r1', threadId, createdAt: '2026-01-01T00:00:00Z', editedAt: null, author: { id: 'u1', displayName: 'Ann' } },
    room: { id: 'r1', slug: 'general', name: 'General', kind: 'DISCUSSION' },
    snippet: [{ text: 'a ', highlighted: false }, { text: 'match', highlighted: true }],
  }
}

describe('the chat search service', () => {
  it('refuses what the server would, before asking it', () => {
    expect(chatSearch.searchProblem('')).toMatch(/Type something/)
    expect(chatSearch.searchProblem('   \n ')).toMatch(/Type something/)
    expect(chatSearch.searchProblem('?!... ---')).toMatch(/at least one word/)
    expect(chatSearch.searchProblem('x'.repeat(10_000))).toMatch(/at most 200/)
    expect(chatSearch.searchProblem('a & !b:*')).toBeNull() // the server takes it as the words a, b
    expect(chatSearch.searchProblem('é')).toBeNull()
  })

  it('sends the search with its order, cursor and room, and takes the hits out of their edges', async () => {
    answer = { data: { searchMessages: { edges: [{ node: hit('m1') }], pageInfo: { hasNextPage: true, endCursor: 'c1' } } } }
    const page = await chatSearch.searchMessages('course-1', 'match', 'RELEVANCE', 'c0', 'r1')
    expect(page).toEqual({ hits: [hit('m1')], endCursor: 'c1', hasNextPage: true })
    expect(sent[0]?.variables).toEqual({ courseId: 'course-1', query: 'match', roomId: 'r1', order: 'RELEVANCE', first: 20, after: 'c0' })
    expect(sent[0]?.query).toMatch(/snippet\s*\{\s*text\s+highlighted\s*\}/)
  })

  it('passes the server refusal on with its code', async () => {
    answer = { data: null, errors: [{ message: 'Search for at least one word', extensions: { code: 'BAD_USER_INPUT', reason: 'NO_WORDS' } }] }
    const refused = await chatSearch.searchMessages('c', 'the', 'NEWEST', null).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(ApiError)
    expect((refused as ApiError).code).toBe('BAD_USER_INPUT')
  })

  it('loads a room around a seq, and forward from one', async () => {
    answer = { data: { messages: { messages: [], hasMore: true, hasMoreAfter: false } } }
    expect(await chatSearch.loadAround('r1', 42)).toEqual({ messages: [], hasMore: true, hasMoreAfter: false })
    expect(sent[0]?.variables).toEqual({ id: 'r1', around: 42, last: 50 })
    expect(sent[0]?.query).toMatch(/messages\(roomId: \$id, around: \$around, last: \$last\)/)
    answer = { data: { messages: { messages: [], hasMore: true, hasMoreAfter: null } } }
    expect((await chatSearch.loadAfter('r1', 60, 10)).hasMoreAfter).toBe(false)
    expect(sent[1]?.variables).toEqual({ id: 'r1', after: 60, last: 10 })
  })

  it('links a hit to its room around its seq, and a reply to its thread too', () => {
    expect(chatSearch.hitLocation('algebra', hit('m1'))).toEqual({ name: 'chat', params: { slug: 'algebra', room: 'general' }, query: { around: '7' } })
    expect(chatSearch.hitLocation('algebra', hit('m2', 'root-1'))).toEqual({
      name: 'chat',
      params: { slug: 'algebra', room: 'general' },
      query: { around: '7', thread: 'root-1' },
    })
  })
})
