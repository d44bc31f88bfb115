import { describe, expect, it } from 'vitest'
import { ApiError } from './api'
import { isBadLink, isEmailNotVerified } from './auth'

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
