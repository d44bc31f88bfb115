import { describe, expect, it } from 'vitest'
import { queryValue } from './query'

describe('queryValue', () => {
  it('takes the first value, trimmed, and nothing for null or absent', () => {
    expect(queryValue(' ann ')).toBe('ann')
    expect(queryValue(['a', 'b'])).toBe('a')
    expect(queryValue([null, 'b'])).toBe('')
    expect(queryValue(null)).toBe('')
    expect(queryValue(undefined)).toBe('')
  })
})
