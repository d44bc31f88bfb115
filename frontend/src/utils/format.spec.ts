import { describe, expect, it } from 'vitest'
import { formatBytes, formatDateTime, formatDuration, formatMoney, formatPrice, formatRating, formatUntil } from './format'

describe('formats', () => {
  it('prices are minor units, except for currencies without them', () => {
    expect(formatPrice(0, 'USD')).toBe('Free')
    expect(formatPrice(1999, 'USD')).toContain('19.99')
    expect(formatPrice(1500, 'JPY')).toContain('1,500')
  })

  it('amounts say zero as zero (receipts, fees), in minor units too', () => {
    expect(formatMoney(0, 'USD')).toBe('$0.00')
    expect(formatMoney(-250, 'USD')).toBe('-$2.50')
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500')
  })

  it('durations and ratings read naturally', () => {
    expect([formatDuration(0), formatDuration(600), formatDuration(5400)]).toEqual(['', '10 min', '1 h 30 min'])
    expect(formatRating(0, 0)).toBe('No ratings yet')
    expect(formatRating(4.25, 1)).toBe('4.3 (1 rating)')
  })
})

describe('file sizes', () => {
  it('reads like a file manager', () => {
    expect([formatBytes(0), formatBytes(512), formatBytes(1536), formatBytes(12 * 1024 * 1024), formatBytes(2.1 * 1024 ** 3)]).toEqual([
      '0 B', '512 B', '1.5 KB', '12 MB', '2.1 GB',
    ])
    expect(formatBytes(-1)).toBe('')
  })
})

describe('moments', () => {
  it('says a time alone for later today, and the day too for another day', () => {
    const now = new Date(2027, 0, 4, 9, 0).getTime()
    const today = formatUntil(new Date(2027, 0, 4, 17, 30).getTime(), now)
    expect(today).toMatch(/17:30|5:30/)
    expect(today).not.toMatch(/Jan/)
    expect(formatUntil(new Date(2027, 0, 11, 9, 15).getTime(), now)).toMatch(/Jan.*11|11.*Jan/)
    expect(formatDateTime('2027-01-04T10:00:00Z')).toMatch(/2027/)
  })
})
