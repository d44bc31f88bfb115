import { describe, expect, it } from 'vitest'
import { formatCount, formatDateTime, ROLE_LABELS } from './adminFormat'

describe('admin formats', () => {
  it('formats instants to the minute, and leaves what is not one alone', () => {
    expect(formatDateTime('2027-03-04T10:05:00Z')).toMatch(/Mar 4, 2027/)
    expect(formatDateTime('soon')).toBe('soon')
  })

  it('groups counts and names roles', () => {
    expect(formatCount(100000)).toBe('100,000')
    expect(ROLE_LABELS.ADMIN).toBe('Admin')
  })
})
