import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import { ApiError } from './api'
import { isBadLink, isEmailNotVerified, PASSWORD_CHECK_MAX_UNITS, passwordProblems } from './auth'

let sent: { query: string; variables: Record<string, unknown> }[] = []

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body))
    const data = { passwordProblems: [{ reason: 'TOO_SHORT', message: 'The password must be at least 10 characters long.' }] }
    return new Response(JSON.stringify({ data }), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

describe('passwordProblems', () => {
  it('asks the server with the form’s context and returns its problems', async () => {
    const found = await passwordProblems('tulipmoon', { email: 'ada@example.com', displayName: 'Ada' })
    expect(found).toEqual([{ reason: 'TOO_SHORT', message: 'The password must be at least 10 characters long.' }])
    expect(sent[0]?.query).toContain('passwordProblems(password: $password')
    expect(sent[0]?.variables).toEqual({ password: 'tulipmoon', email: 'ada@example.com', displayName: 'Ada' })
  })

  it('leaves blank context out, so a signed-in user’s own counts', async () => {
    await passwordProblems('a new password', { email: '', displayName: '' })
    await passwordProblems('a new password')
    expect(sent.map((s) => s.variables)).toEqual([
      { password: 'a new password', email: null, displayName: null },
      { password: 'a new password', email: null, displayName: null },
    ])
  })

  it('sends no more of a huge paste than it takes to be too long, and never half a surrogate pair', async () => {
    await passwordProblems('x'.repeat(1_000_000))
    expect((sent[0]?.variables.password as string).length).toBe(PASSWORD_CHECK_MAX_UNITS)
    const emoji = 'a' + '🎓'.repeat(PASSWORD_CHECK_MAX_UNITS) // the cut falls inside a pair
    await passwordProblems(emoji)
    const cut = sent[1]?.variables.password as string
    expect(cut.length).toBe(PASSWORD_CHECK_MAX_UNITS - 1)
    expect(/[\uD800-\uDBFF]$/.test(cut)).toBe(false) // no high surrogate left without its pair
    expect([...cut].length).toBeGreaterThan(256)
    await passwordProblems('ok password', { email: 'e'.repeat(5000) })
    expect((sent[2]?.variables.email as string).length).toBe(1000)
  })
})

describe('the mailed links’ refusals', () => {
  it('tells EMAIL_NOT_VERIFIED from any other FORBIDDEN', () => {
    expect(isEmailNotVerified(new ApiError('Verify…', 'FORBIDDEN', { reason: 'EMAIL_NOT_VERIFIED' }))).toBe(true)
    expect(isEmailNotVerified(new ApiError('No', 'FORBIDDEN'))).toBe(false)
    expect(isEmailNotVerified(new Error('Verify'))).toBe(false)
  })

  it('knows a link that cannot be used, expired or not', () => {
    expect(isBadLink(new ApiError('x', 'BAD_USER_INPUT', { reason: 'INVALID_TOKEN' }))).toBe(true)
    expect(isBadLink(new ApiError('x', 'BAD_USER_INPUT', { reason: 'TOKEN_EXPIRED' }))).toBe(true)
    expect(isBadLink(new ApiError('x', 'BAD_USER_INPUT', { field: 'password' }))).toBe(false)
  })
})
