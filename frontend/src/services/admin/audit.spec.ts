import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import { fetchAuditLog } from './audit'

let sent: { query: string; variables: Record<string, unknown> }[] = []
let answer: unknown = {}

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as (typeof sent)[number])
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

describe('the audit log service', () => {
  it('sends the filter and cursor, asks for actor, target and before/after, and flattens the page', async () => {
    answer = { data: { auditLog: { edges: [{ node: { id: 'a1' } }, { node: { id: 'a2' } }], pageInfo: { hasNextPage: false, endCursor: null } } } }
    const filter = { action: 'USER_DEACTIVATED' as const, targetType: 'User', targetId: 'u1' }
    const page = await fetchAuditLog({ filter, first: 50, after: 'x' })
    expect(page).toEqual({ entries: [{ id: 'a1' }, { id: 'a2' }], pageInfo: { hasNextPage: false, endCursor: null } })
    expect(sent.at(-1)?.variables).toEqual({ filter, first: 50, after: 'x' })
    expect(sent.at(-1)?.query).toMatch(/auditLog\(filter: \$filter, first: \$first, after: \$after\)/)
    expect(sent.at(-1)?.query).toMatch(/actor \{ id displayName \} targetType targetId before after reason createdAt/)
  })

  it('is only ever a query', async () => {
    answer = { data: { auditLog: { edges: [], pageInfo: { hasNextPage: false, endCursor: null } } } }
    await fetchAuditLog({ filter: {}, first: 50, after: null })
    expect(sent.at(-1)?.query.trimStart().startsWith('query')).toBe(true)
  })
})
