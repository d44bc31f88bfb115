import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { endSession, startSession } from '@/services/session'
import { SESSION_ENDED_MESSAGE, useAuthStore } from './auth'

describe('the auth store', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    localStorage.clear()
  })

  it('forgets the user and explains why when the server ends the session', () => {
    const auth = useAuthStore()
    startSession({ accessToken: 'a', refreshToken: 'r' })
    auth.user = { id: 'u1', email: 'a@example.com', displayName: 'A', role: 'LEARNER', emailVerified: null, avatar: null }
    endSession('expired')
    expect(auth.user).toBeNull()
    expect(auth.notice).toBe(SESSION_ENDED_MESSAGE)
  })

  it('says nothing when the user signed out on purpose', () => {
    const auth = useAuthStore()
    startSession({ accessToken: 'a', refreshToken: 'r' })
    auth.user = { id: 'u1', email: 'a@example.com', displayName: 'A', role: 'CREATOR', emailVerified: null, avatar: null }
    expect(auth.isCreator).toBe(true)
    endSession('signed-out')
    expect(auth.user).toBeNull()
    expect(auth.notice).toBeNull()
  })

  it('lets the course creator and admins manage a course, nobody else', () => {
    const auth = useAuthStore()
    const course = { creator: { id: 'c1' } }
    expect(auth.manages(course)).toBe(false)
    auth.user = { id: 'c1', email: null, displayName: 'C', role: 'CREATOR', emailVerified: null, avatar: null }
    expect(auth.manages(course)).toBe(true)
    auth.user = { id: 'u2', email: null, displayName: 'L', role: 'LEARNER', emailVerified: null, avatar: null }
    expect(auth.manages(course)).toBe(false)
    auth.user = { id: 'a3', email: null, displayName: 'A', role: 'ADMIN', emailVerified: null, avatar: null }
    expect([auth.manages(course), auth.manages(null)]).toEqual([true, false])
  })

  it('counts only the ADMIN role as an admin', () => {
    const auth = useAuthStore()
    expect(auth.isAdmin).toBe(false)
    auth.user = { id: 'c1', email: null, displayName: 'C', role: 'CREATOR', emailVerified: null, avatar: null }
    expect(auth.isAdmin).toBe(false)
    auth.user = { id: 'a1', email: null, displayName: 'A', role: 'ADMIN', emailVerified: null, avatar: null }
    expect([auth.isAdmin, auth.isCreator]).toEqual([true, true])
  })

  it('restores nobody without stored tokens, without calling the server', async () => {
    const auth = useAuthStore()
    await auth.restore()
    expect(auth.isSignedIn).toBe(false)
  })

  it('needs verification only when the server says the own address is unverified', () => {
    const auth = useAuthStore()
    expect(auth.needsVerification).toBe(false)
    auth.user = { id: 'u1', email: 'a@example.com', emailVerified: false, displayName: 'A', role: 'LEARNER', avatar: null }
    expect(auth.needsVerification).toBe(true)
    auth.user = { ...auth.user, emailVerified: true }
    expect(auth.needsVerification).toBe(false)
  })

  it('keeps an announced notice for the login page until the next sign-in', () => {
    const auth = useAuthStore()
    auth.announce('Your password was changed.')
    expect(auth.notice).toBe('Your password was changed.')
  })
})
