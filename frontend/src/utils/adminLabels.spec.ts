import { describe, expect, it } from 'vitest'
import { formatMinutes, MUTE_CHOICES } from './adminLabels'

describe('admin labels', () => {
  it('says how long a mute lasts in the largest unit that fits', () => {
    expect([1, 45, 60, 90, 1440, 2880, 43200].map(formatMinutes)).toEqual(['1 min', '45 min', '1 h', '1 h 30 min', '1 day', '2 days', '30 days'])
  })

  it('offers the usual mute lengths, all within the server’s 1-43,200 minutes', () => {
    expect(MUTE_CHOICES.map((c) => c.minutes)).toEqual([15, 60, 1440, 10080])
    expect(MUTE_CHOICES.every((c) => c.minutes >= 1 && c.minutes <= 43200)).toBe(true)
  })
})
