/**
 * How a room's messages read as a timeline, as Slack and Zulip lay it out: a divider at each new
 * day ("Today", "Yesterday", then the date), and consecutive messages of one author within
 * `GROUP_WITHIN_MS` grouped under one avatar and name. Plain functions of the messages and the
 * clock (local time), so the layout is unit tested.
 */
import type { Message } from '@/services/types'

export const GROUP_WITHIN_MS = 5 * 60 * 1000

export interface TimelineRow {
  message: Message
  /** The day's label when this message starts a new day. */
  day: string | null
  /** Same author as the message before, within a few minutes, same day: shown without avatar and name. */
  grouped: boolean
}

function dayKey(date: Date): string {
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

/** "Today", "Yesterday", or the date (with the year when it is not this one). */
export function dayLabel(iso: string, now: number = Date.now()): string {
  const date = new Date(iso)
  const today = new Date(now)
  if (dayKey(date) === dayKey(today)) return 'Today'
  const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1)
  if (dayKey(date) === dayKey(yesterday)) return 'Yesterday'
  const options: Intl.DateTimeFormatOptions = { weekday: 'long', month: 'long', day: 'numeric' }
  if (date.getFullYear() !== today.getFullYear()) options.year = 'numeric'
  return date.toLocaleDateString('en-US', options)
}

export function timelineRows(messages: readonly Message[], now: number = Date.now()): TimelineRow[] {
  const rows: TimelineRow[] = []
  let previous: Message | null = null
  for (const message of messages) {
    const at = new Date(message.createdAt)
    const newDay = !previous || dayKey(new Date(previous.createdAt)) !== dayKey(at)
    const grouped =
      !newDay &&
      previous !== null &&
      previous.author.id === message.author.id &&
      !previous.deleted &&
      !message.lessonId &&
      at.getTime() - Date.parse(previous.createdAt) < GROUP_WITHIN_MS
    rows.push({ message, day: newDay ? dayLabel(message.createdAt, now) : null, grouped })
    previous = message
  }
  return rows
}
