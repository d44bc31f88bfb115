import { describe, expect, it } from 'vitest'
import { PLAIN_MESSAGE_FIELDS } from '@/services/messageDefaults'
import type { Message } from '@/services/types'
import { dayLabel, timelineRows } from './timeline'

const NOW = new Date(2026, 11, 4, 12, 0).getTime()

function at(seq: number, date: Date, author = 'ana'): Message {
  return {
    ...PLAIN_MESSAGE_FIELDS, id: `m${seq}`, seq, roomId: 'r', author: { id: author, displayName: author }, body: `b${seq}`,
    createdAt: date.toISOString(), editedAt: null, deleted: false, clientId: `c${seq}`,
  }
}

describe('the timeline', () => {
  it('labels days Today, Yesterday, then by date (with the year only when not this one)', () => {
    expect(dayLabel(new Date(2026, 11, 4, 0, 1).toISOString(), NOW)).toBe('Today')
    expect(dayLabel(new Date(2026, 11, 3, 23, 59).toISOString(), NOW)).toBe('Yesterday')
    expect(dayLabel(new Date(2026, 10, 30, 9).toISOString(), NOW)).toBe('Monday, November 30')
    expect(dayLabel(new Date(2025, 0, 1, 9).toISOString(), NOW)).toBe('Wednesday, January 1, 2025')
  })

  it('groups one author within 5 minutes, and starts again on another author, a gap or a new day', () => {
    const rows = timelineRows(
      [
        at(1, new Date(2026, 11, 3, 23, 58)),
        at(2, new Date(2026, 11, 4, 0, 1)), // a new day
        at(3, new Date(2026, 11, 4, 0, 4)), // grouped
        at(4, new Date(2026, 11, 4, 0, 5), 'bo'),
        at(5, new Date(2026, 11, 4, 0, 20), 'bo'), // 15 minutes later
      ],
      NOW,
    )
    expect(rows.map((r) => [r.day, r.grouped])).toEqual([
      ['Yesterday', false],
      ['Today', false],
      [null, true],
      [null, false],
      [null, false],
    ])
  })
})
