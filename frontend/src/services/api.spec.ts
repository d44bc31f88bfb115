import { describe, expect, it } from 'vitest'
import { ApiError } from './api'

describe('ApiError', () => {
  it('keeps the stable code and the extensions of the server error shape', () => {
    const error = ApiError.from({ message: 'needs a lesson', extensions: { code: 'BAD_USER_INPUT', missing: ['lesson'] } })
    expect([error.message, error.code, error.extensions]).toEqual(['needs a lesson', 'BAD_USER_INPUT', { missing: ['lesson'] }])
  })

  it('keeps PROVIDER_ERROR: a payment provider refused, in its own words', () => {
    const error = ApiError.from({ message: 'The payment provider said: no', extensions: { code: 'PROVIDER_ERROR' } })
    expect([error.code, error.message]).toEqual(['PROVIDER_ERROR', 'The payment provider said: no'])
  })

  it('treats an unknown or missing code as INTERNAL', () => {
    expect(ApiError.from({ message: 'x', extensions: { code: 'TEAPOT' } }).code).toBe('INTERNAL')
    expect(ApiError.from({ message: 'x' }).code).toBe('INTERNAL')
  })
})
