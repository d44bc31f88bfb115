import { describe, expect, it } from 'vitest'
import { dayEnd, dayStart, formatDay, isDay } from './utcDay'

describe('UTC days for admin filters', () => {
  it('reads a day as UTC, with an exclusive end that includes it', () => {
    expect(dayStart('2027-01-31')).toBe('2027-01-31T00:00:00Z')
    expect(dayEnd('2027-01-31')).toBe('2027-02-01T00:00:00Z')
    expect(dayEnd('2028-02-28')).toBe('2028-02-29T00:00:00Z')
    expect(dayEnd('2027-12-31')).toBe('2028-01-01T00:00:00Z')
  })

  it('refuses what is not a day the server accepts, rather than sending it', () => {
    for (const bad of ['', '2027-02-30', '2027-13-01', '0001-01-01', '9999-01-01', '2027-1-1', '2027-01-01T00:00', 'yesterday']) {
      expect(isDay(bad)).toBe(false)
      expect(dayStart(bad)).toBeUndefined()
      expect(dayEnd(bad)).toBeUndefined()
    }
    expect(isDay('2000-01-01')).toBe(true)
  })

  it('formats a day without shifting it to the local zone', () => {
    expect(formatDay('2027-03-04')).toBe('Mar 4')
    expect(formatDay('2027-03-04', true)).toBe('Mar 4, 2027')
    expect(formatDay('nonsense')).toBe('nonsense')
  })
})
