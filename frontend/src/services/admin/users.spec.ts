import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import { endSession } from '@/services/session'
import * as users from './users'

interface Sent {
  query: string
  variables: Record<string, unknown>
}

let sent: Sent[] = []
let answer: unknown = {}

function respond(data: unknown): void {
  answer = { data }
}

function refuse(message: string, extensions: Record<string, unknown>): void {
  answer = { data: null, errors: [{ message, extensions }] }
}

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
  const root = /\{\s*(\w+)/.exec(call.query)?.[1] ?? ''
  return { root, variables: call.variables }
}

describe('the admin users service', () => {
  it('sends filter, sort and cursor as given and flattens the connection', async () => {
    respond({ users: { edges: [{ node: { id: 'u1' } }], pageInfo: { hasNextPage: true, endCursor: 'c2' }, totalCount: 10000, totalCountCapped: true } })
    const filter = { search: 'ann', role: 'CREATOR' as const, isActive: false, createdAfter: '2027-01-01T00:00:00.000Z' }
    const page = await users.fetchUsers({ filter, sort: 'EMAIL', first: 25, after: 'c1' })
    expect(page).toEqual({ users: [{ id: 'u1' }], pageInfo: { hasNextPage: true, endCursor: 'c2' }, totalCount: 10000, totalCountCapped: true })
    expect(last()).toEqual({ root: 'users', variables: { filter, sort: 'EMAIL', first: 25, after: 'c1' } })
    expect(sent.at(-1)?.query).toMatch(/totalCount totalCountCapped/)
  })

  it('asks for the account with its sessions, enrollments, courses and orders', async () => {
    respond({ adminUser: null })
    expect(await users.fetchUserDetail('u9')).toBeNull()
    expect(last()).toEqual({ root: 'adminUser', variables: { id: 'u9' } })
    for (const part of ['sessions {', 'enrollments {', 'courses {', 'orders {']) expect(sent.at(-1)?.query).toContain(part)
    await expect(users.requireUserDetail('u9')).rejects.toThrow('no account')
  })

  it('sends a reason, or none when it is blank', async () => {
    respond({ setUserActive: { id: 'u1', isActive: false } })
    await users.setUserActive('u1', false, '  spam  ')
    expect(last()).toEqual({ root: 'setUserActive', variables: { userId: 'u1', isActive: false, reason: 'spam' } })
    respond({ setUserRole: { id: 'u1', role: 'CREATOR' } })
    await users.setUserRole('u1', 'CREATOR', '   ')
    expect(last()).toEqual({ root: 'setUserRole', variables: { userId: 'u1', role: 'CREATOR', reason: null } })
  })

  it('acts on many accounts at once and returns what changed', async () => {
    respond({ setUsersActive: { changed: 2, unchanged: 1 } })
    expect(await users.setUsersActive(['a', 'b', 'c'], false, 'spam wave')).toEqual({ changed: 2, unchanged: 1 })
    expect(last()).toEqual({ root: 'setUsersActive', variables: { userIds: ['a', 'b', 'c'], isActive: false, reason: 'spam wave' } })
  })

  it('ends sessions and says how many', async () => {
    respond({ endUserSessions: 3 })
    expect(await users.endUserSessions('u1', 'lost laptop')).toBe(3)
    expect(last()).toEqual({ root: 'endUserSessions', variables: { userId: 'u1', reason: 'lost laptop' } })
  })

  it('puts the last-admin refusal in words, and passes other errors on as they are', async () => {
    refuse('Cannot remove the last admin', { code: 'BAD_USER_INPUT', reason: 'LAST_ADMIN' })
    const error = await users.setUserRole('me', 'LEARNER', 'stepping down').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ message: users.LAST_ADMIN_MESSAGE, code: 'BAD_USER_INPUT' })
    expect(users.isLastAdmin(error)).toBe(true)
    await expect(users.setUserActive('me', false, 'x')).rejects.toMatchObject({ message: users.LAST_ADMIN_MESSAGE })
    refuse('Only administrators can do this', { code: 'FORBIDDEN' })
    await expect(users.setUserActive('u1', false, 'x')).rejects.toMatchObject({ message: 'Only administrators can do this', code: 'FORBIDDEN' })
    refuse('reason is too long', { code: 'BAD_USER_INPUT', field: 'reason' })
    const other = await users.setUsersActive(['a'], false, 'x').catch((e: unknown) => e)
    expect(users.isLastAdmin(other)).toBe(false)
    expect(other).toMatchObject({ message: 'reason is too long' })
  })
})
