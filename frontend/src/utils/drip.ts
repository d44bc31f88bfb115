/**
 * Drip release: a module opens to a learner N days after they enrolled (the server withholds its
 * lessons' content until then; these only say so).
 */
import { formatDate } from './format'

export const MAX_OPENS_AFTER_DAYS = 3650

export interface DaysCheck {
  days: number | null
  problem: string | null
}

/** What a creator typed, as the server will take it: a whole number of days, 0..3650. */
export function checkOpensAfterDays(value: unknown): DaysCheck {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_OPENS_AFTER_DAYS) {
    return { days: null, problem: `Enter a whole number of days from 0 to ${MAX_OPENS_AFTER_DAYS}.` }
  }
  return { days: n, problem: null }
}

export interface DripState {
  locked: boolean
  opensAt: string | null
  opensAfterDays?: number
}

/**
 * A module's line on the syllabus: "Opens on <date>" while it is locked for the learner;
 * "Opens N days after enrollment" for someone not enrolled; null once it is open.
 */
export function opensLabel(state: DripState, enrolled: boolean): string | null {
  if (state.locked && state.opensAt) return `Opens on ${formatDate(state.opensAt)}`
  const days = state.opensAfterDays ?? 0
  if (!enrolled && days > 0) return `Opens ${days} day${days === 1 ? '' : 's'} after enrollment`
  return null
}

/**
 * A course whose every remaining lesson is still locked has nothing to continue today: the
 * learner is told when the next one opens instead of being sent to a locked page.
 */
export function nextOpensLabel(lesson: { locked: boolean; opensAt: string | null } | null | undefined): string | null {
  if (!lesson?.locked) return null
  return lesson.opensAt ? `🔒 Next lesson opens on ${formatDate(lesson.opensAt)}` : '🔒 The next lesson is not open yet'
}
