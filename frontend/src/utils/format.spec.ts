import { describe, expect, it } from 'vitest'
import {
  formatBytes,
  formatDateTime,
  formatDuration,
  formatMoney,
  formatPrice,
  formatRating,
  formatTotal,
  formatUntil,
  levelName,
  plural,
  pluralTotal,
  shownOf,
} from './format'

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

  it('totals are exact up to the cap, and say "+" beyond it', () => {
    expect([formatTotal(0, false), formatTotal(9999, false), formatTotal(10000, false), formatTotal(10000, true)]).toEqual([
      '0',
      '9,999',
      '10,000',
      '10,000+',
    ])
    expect(pluralTotal(1, 'order', false)).toBe('1 order')
    expect(pluralTotal(0, 'order', false)).toBe('0 orders')
    expect(pluralTotal(10000, 'order', false)).toBe('10,000 orders')
    expect(pluralTotal(10000, 'order', true)).toBe('10,000+ orders')
    expect(pluralTotal(1, 'open report', true)).toBe('1+ open reports') // a cap of 1 (never the server's): still more than one
  })

  it('says how many are shown only when more exist, and always when the total is capped', () => {
    expect(shownOf(25, 40, false)).toBe(', 25 shown')
    expect(shownOf(40, 40, false)).toBe('')
    expect(shownOf(25, 10000, true)).toBe(', 25 shown')
    expect(shownOf(10025, 10000, true)).toBe(', 10,025 shown') // past the cap: not "all shown"
  })

  it('counts take the singular for one only (issue 18: “1 stars”)', () => {
    expect([plural(1, 'star'), plural(0, 'star'), plural(2, 'star')]).toEqual(['1 star', '0 stars', '2 stars'])
    expect(plural(1.5, 'star')).toBe('1.5 stars')
    expect([plural(1, 'category', 'categories'), plural(3, 'category', 'categories')]).toEqual(['1 category', '3 categories'])
    expect([formatRating(4.25, 1), formatRating(4, 2)]).toEqual(['4.3 (1 rating)', '4.0 (2 ratings)'])
  })
})

describe('levelName', () => {
  it('writes a level as people do', () => {
    expect(['BEGINNER', 'INTERMEDIATE', 'ADVANCED'].map(levelName)).toEqual(['Beginner', 'Intermediate', 'Advanced'])
  })
})
