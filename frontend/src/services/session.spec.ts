import { beforeEach, describe, expect, it } from 'vitest'
import { ApiError } from './api'
import { currentTokens, endSession, freshAccessToken, onSessionEnded, refreshSession, secondsLeft, setRefresher, startSession } from './session'

function jwt(expSeconds: number): string {
  const payload = btoa(JSON.stringify({ exp: expSeconds })).replace(/=+$/, '')
  return `header.${payload}.signature`
}

const inAnHour = () => jwt(Date.now() / 1000 + 3600)
const expired = () => jwt(Date.now() / 1000 - 10)

describe('the session', () => {
  beforeEach(() => {
    endSession('signed-out')
    localStorage.clear()
  })

  it('reads the expiry from the token', () => {
    expect(secondsLeft(jwt(1_000), 900_000)).toBe(100)
    expect(secondsLeft('not a token')).toBe(0)
  })

  it('persists tokens so a reload stays signed in', () => {
    startSession({ accessToken: 'a', refreshToken: 'r' })
    expect(JSON.parse(localStorage.getItem('edusphere.session') ?? '')).toEqual({ accessToken: 'a', refreshToken: 'r' })
    endSession('signed-out')
    expect(localStorage.getItem('edusphere.session')).toBeNull()
    expect(currentTokens()).toBeNull()
  })

  it('refreshes once for many concurrent callers (refresh tokens are single-use)', async () => {
    const calls: string[] = []
    setRefresher(async (token) => {
      calls.push(token)
      await new Promise((r) => setTimeout(r, 10))
      return { accessToken: inAnHour(), refreshToken: 'r2' }
    })
    startSession({ accessToken: expired(), refreshToken: 'r1' })
    const tokens = await Promise.all([freshAccessToken(), freshAccessToken(), refreshSession()])
    expect(calls).toEqual(['r1'])
    expect(new Set(tokens.map((t) => (typeof t === 'string' ? t : t?.accessToken))).size).toBe(1)
    expect(currentTokens()?.refreshToken).toBe('r2')
  })

  it('ends the session, telling listeners it expired, when the server refuses the refresh', async () => {
    const reasons: string[] = []
    const stop = onSessionEnded((reason) => reasons.push(reason))
    setRefresher(async () => {
      throw new ApiError('revoked', 'UNAUTHENTICATED')
    })
    startSession({ accessToken: expired(), refreshToken: 'r1' })
    expect(await freshAccessToken()).toBeNull()
    expect(reasons).toEqual(['expired'])
    expect(currentTokens()).toBeNull()
    stop()
  })

  it('keeps the session when the refresh only failed to reach the server', async () => {
    setRefresher(async () => {
      throw new ApiError('offline', 'NETWORK')
    })
    startSession({ accessToken: expired(), refreshToken: 'r1' })
    await expect(freshAccessToken()).rejects.toThrow('offline')
    expect(currentTokens()?.refreshToken).toBe('r1')
  })

  it('uses a token with time left as it is', async () => {
    const token = inAnHour()
    startSession({ accessToken: token, refreshToken: 'r1' })
    expect(await freshAccessToken()).toBe(token)
  })
})
