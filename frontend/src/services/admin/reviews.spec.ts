import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import * as reviews from './reviews'

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

function last(): { root: string; variables: Record<string, unknown> } {
  const call = sent.at(-1)
  if (!call) throw new Error('nothing was sent')
  return { root: /\{\s*(\w+)/.exec(call.query)?.[1] ?? '', variables: call.variables }
}

describe('the admin reviews service', () => {
  it('sends the filter and the cursor', async () => {
    answer = { data: { adminReviews: { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0, totalCountCapped: false } } }
    const page = await reviews.fetchAdminReviews({ hidden: false, ratingMax: 2, search: 'scam', courseId: 'c1' }, 'cur', 50)
    expect(page).toEqual({ items: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0, totalCountCapped: false })
    expect(sent.at(-1)?.query).toMatch(/totalCount totalCountCapped/)
    expect(last()).toEqual({
      root: 'adminReviews',
      variables: { filter: { hidden: false, ratingMax: 2, search: 'scam', courseId: 'c1' }, first: 50, after: 'cur' },
    })
  })

  it('hides and restores one with a reason, and many at once', async () => {
    answer = { data: { hideReview: { id: 'r1', hiddenAt: '2027-01-01T00:00:00Z' } } }
    await reviews.hideReview('r1', 'Spam link')
    expect(last()).toEqual({ root: 'hideReview', variables: { id: 'r1', reason: 'Spam link' } })
    answer = { data: { restoreReview: { id: 'r1', hiddenAt: null } } }
    await reviews.restoreReview('r1', 'Mistake')
    expect(last()).toEqual({ root: 'restoreReview', variables: { id: 'r1', reason: 'Mistake' } })
    answer = { data: { hideReviews: { changed: 2, unchanged: 1 } } }
    expect(await reviews.hideReviews(['r1', 'r2', 'r3'], 'Spam wave')).toEqual({ changed: 2, unchanged: 1 })
    expect(last()).toEqual({ root: 'hideReviews', variables: { ids: ['r1', 'r2', 'r3'], reason: 'Spam wave' } })
  })
})
