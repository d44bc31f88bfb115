/**
 * Admin filters pick whole days (`<input type="date">`, YYYY-MM-DD) and the API takes instants:
 * a day is read in UTC, the time zone of every figure the server reports (sales per day, audit
 * times), so "from" a day is its midnight and "to" a day (inclusive) is the next day's midnight,
 * which the API's exclusive `createdBefore` wants.
 */

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether `value` is a real calendar day the server accepts (years 2000-8999). */
export function isDay(value: string): boolean {
  const match = DAY.exec(value)
  if (!match) return false
  const [, year, month, day] = match.map(Number) as [number, number, number, number]
  if (year < 2000 || year > 8999) return false
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** The day's first instant (UTC), for an inclusive lower bound; undefined when it is not a day. */
export function dayStart(day: string): string | undefined {
  return isDay(day) ? `${day}T00:00:00Z` : undefined
}

/** The instant after the day ends (UTC), for an exclusive upper bound that includes the day. */
export function dayEnd(day: string): string | undefined {
  if (!isDay(day)) return undefined
  const next = new Date(`${day}T00:00:00Z`)
  next.setUTCDate(next.getUTCDate() + 1)
  return next.toISOString().replace('.000Z', 'Z')
}

/** A YYYY-MM-DD (UTC) as people read it: "Mar 4". */
export function formatDay(day: string, withYear = false): string {
  if (!isDay(day)) return day
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(withYear ? { year: 'numeric' } : {}),
    timeZone: 'UTC',
  })
}
