/**
 * A course price as the creator types it (major units), checked before anything is sent: the
 * server refuses the same prices (edusphere/courses/validation.py check_price), but a price past
 * GraphQL's 32-bit Int never reaches its message, only a raw variable error.
 */
import { minorPerMajor } from './format'

/** The server's cap, in major units of any currency (MAX_PRICE_MAJOR_UNITS). */
export const MAX_PRICE_MAJOR_UNITS = 10_000

export type PriceCheck = { cents: number; problem: null } | { cents: null; problem: string }

/** `typed` is what `v-model.number` leaves: a number, or '' (or the raw text) when it is not one. */
export function checkPrice(typed: unknown, currency: string): PriceCheck {
  if (typed === '' || typed === null || typed === undefined) return refuse('Enter a price, or 0 for a free course.')
  if (typeof typed !== 'number' || !Number.isFinite(typed)) return refuse('The price must be a number, such as 19.99.')
  if (typed < 0) return refuse('The price cannot be negative.')
  const perMajor = minorPerMajor(currency)
  const cents = Math.round(typed * perMajor)
  // Typed decimals past the currency's minor unit (19.999 USD, 12.5 JPY) would be silently rounded.
  if (Math.abs(typed * perMajor - cents) > 1e-6) {
    return refuse(perMajor === 1 ? `A ${currency} price is a whole number.` : `A ${currency} price has at most 2 decimals.`)
  }
  if (cents > MAX_PRICE_MAJOR_UNITS * perMajor) {
    return refuse(`The price can be at most ${MAX_PRICE_MAJOR_UNITS.toLocaleString('en-US')} ${currency}.`)
  }
  return { cents, problem: null }
}

function refuse(problem: string): PriceCheck {
  return { cents: null, problem }
}
