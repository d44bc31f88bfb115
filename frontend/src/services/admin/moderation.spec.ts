import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import * as moderation from './moderation'

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

describe('the moderation service', () => {
  it('asks for the queue by status, with the message in context', async () => {
    answer = { data: { messageReports: { edges: [{ node: { id: 'rep1' } }], pageInfo: { hasNextPage: true, endCursor: 'c' }, totalCount: 7, totalCountCapped: false } } }
    const page = await moderation.fetchReports('OPEN', null)
    expect([page.totalCount, page.totalCountCapped]).toEqual([7, false])
    expect(sent.at(-1)?.query).toMatch(/totalCount totalCountCapped/)
    expect(last()).toEqual({ root: 'messageReports', variables: { status: 'OPEN', first: 20, after: null } })
    expect(sent.at(-1)?.query).toMatch(/context\s*\{/)
    expect(sent.at(-1)?.query).toMatch(/reportedBody/)
  })

  it('sends the mute minutes only with the actions that mute', async () => {
    answer = { data: { resolveReport: { id: 'rep1', status: 'ACTIONED' } } }
    await moderation.resolveReport('rep1', 'MUTE_AUTHOR', 60, 'Insults')
    expect(last()).toEqual({ root: 'resolveReport', variables: { id: 'rep1', action: 'MUTE_AUTHOR', minutes: 60, reason: 'Insults' } })
    await moderation.resolveReport('rep1', 'DELETE_AND_MUTE', 15, 'Spam')
    expect(last().variables.minutes).toBe(15)
    await moderation.resolveReport('rep1', 'DISMISS', 60, '')
    expect(last().variables).toEqual({ id: 'rep1', action: 'DISMISS', minutes: null, reason: '' })
    await moderation.resolveReport('rep1', 'DELETE_MESSAGE', 60, 'Off topic')
    expect(last().variables.minutes).toBeNull()
  })

  it('lists mutes in force and lifts one', async () => {
    answer = { data: { chatMutes: [{ id: 'm1' }] } }
    expect(await moderation.fetchChatMutes()).toEqual([{ id: 'm1' }])
    expect(last()).toEqual({ root: 'chatMutes', variables: { id: null } })
    answer = { data: { unmuteMember: { id: 'm1', liftedAt: '2027-01-01T00:00:00Z' } } }
    await moderation.unmuteMember('m1', 'Apologised')
    expect(last()).toEqual({ root: 'unmuteMember', variables: { id: 'm1', reason: 'Apologised' } })
  })

  it('knows which actions mute', () => {
    expect(['DISMISS', 'DELETE_MESSAGE', 'MUTE_AUTHOR', 'DELETE_AND_MUTE'].map((a) => moderation.mutes(a as moderation.ReportAction))).toEqual([false, false, true, true])
  })
})
