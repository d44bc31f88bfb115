/** Display formats shared by the pages (money in minor units, durations, dates). */

const ZERO_DECIMAL = new Set(['JPY', 'KRW'])

/** Minor units in one major unit: prices travel in minor units (cents), people type major ones. */
export function minorPerMajor(currency: string): number {
  return ZERO_DECIMAL.has(currency) ? 1 : 100
}

export function formatPrice(cents: number, currency: string): string {
  return cents === 0 ? 'Free' : formatMoney(cents, currency)
}

/** An amount as an amount, zero too ("$0.00"): receipts, fees and earnings, not a course's price. */
export function formatMoney(cents: number, currency: string): string {
  const units = cents / minorPerMajor(currency)
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(units)
}

export function formatDuration(seconds: number): string {
  if (seconds <= 0) return ''
  const minutes = Math.round(seconds / 60)
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`
}

export function formatTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })
}

/** A date with its time ("Mar 4, 2026, 10:00"): when something happened, for the record. */
export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** A moment soon to come: its time alone when it is today, else its date and time too. */
export function formatUntil(ms: number, now: number = Date.now()): string {
  const then = new Date(ms)
  if (then.toDateString() === new Date(now).toDateString()) return then.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
  return then.toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function formatRating(avg: number, count: number): string {
  return count === 0 ? 'No ratings yet' : `${avg.toFixed(1)} (${plural(count, 'rating')})`
}

// The app's words are English, so the plural category is English's too (whatever the viewer's
// locale): "1 star", "0 stars", "1.5 stars" (a fraction is "other" in English).
const ENGLISH_PLURALS = new Intl.PluralRules('en')

/** "1 lesson", "2 lessons", "1 category" / "2 categories" (`many` for nouns not made with an s). */
export function plural(count: number, noun: string, many: string = `${noun}s`): string {
  return `${count} ${ENGLISH_PLURALS.select(count) === 'one' ? noun : many}`
}

/**
 * An admin list's total as the server counts it: exact up to 10,000; beyond, the server stops
 * counting and says so (`capped`: more rows exist than `count`), and the total reads "10,000+".
 * Grouped as the reader groups numbers ("9,999").
 */
export function formatTotal(count: number, capped: boolean): string {
  return `${new Intl.NumberFormat().format(count)}${capped ? '+' : ''}`
}

/** "1 order", "9,999 orders", "10,000+ orders". */
export function pluralTotal(count: number, noun: string, capped: boolean): string {
  return `${formatTotal(count, capped)} ${noun}${count === 1 && !capped ? '' : 's'}`
}

/**
 * ", 25 shown" when the list holds fewer rows than exist, '' when it holds them all. A capped
 * total is a lower bound, so more rows than it may exist even once `shown` reaches it: the
 * suffix then stays, and never compares the two.
 */
export function shownOf(shown: number, count: number, capped: boolean): string {
  return capped || shown < count ? `, ${new Intl.NumberFormat().format(shown)} shown` : ''
}

/** A file's size as people read it: "512 B", "1.4 MB", "2.1 GB" (powers of 1024, one decimal). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return ''
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit += 1
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`
}

/** A course level as people write it: "Beginner", not BEGINNER or beginner. */
export function levelName(level: string): string {
  return level.charAt(0).toUpperCase() + level.slice(1).toLowerCase()
}
