/**
 * A refund amount as an admin types it (major units: "12.34" USD, "1500" JPY), turned into the
 * minor units the API takes. Parsed as text, digit by digit, so no floating-point rounding can
 * move a cent; decimals past the currency's minor unit are refused, never rounded away.
 */
import { formatMoney, minorPerMajor } from './format'

export type AmountCheck = { cents: number; problem: null } | { cents: null; problem: string }

/** "12.34" USD -> 1234, "1500" JPY -> 1500; a comma works as the decimal mark too ("12,34"). */
export function toMinorUnits(typed: string, currency: string): AmountCheck {
  const text = typed.trim()
  if (!text) return refuse('Enter an amount.')
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(text)
  if (!match) return refuse('Enter an amount as a number, such as 12.34.')
  const [, whole = '', fraction = ''] = match
  const perMajor = minorPerMajor(currency)
  const digits = String(perMajor).length - 1
  if (fraction.replace(/0+$/, '').length > digits) {
    return refuse(digits === 0 ? `A ${currency} amount is a whole number.` : `A ${currency} amount has at most ${digits} decimals.`)
  }
  // Past 2^31 minor units GraphQL's Int refuses the variable itself, without a useful message.
  if (whole.replace(/^0+/, '').length > 9) return refuse('That amount is too large.')
  const cents = Number(whole) * perMajor + Number((fraction.slice(0, digits) || '0').padEnd(digits, '0'))
  return { cents, problem: null }
}

/** An amount to refund from what is left of an order (`remainingCents`): more than 0, at most that. */
export function checkRefund(typed: string, currency: string, remainingCents: number): AmountCheck {
  const amount = toMinorUnits(typed, currency)
  if (amount.cents === null) return amount
  if (amount.cents <= 0) return refuse('A refund must be more than zero.')
  if (amount.cents > remainingCents) return refuse(`At most ${formatMoney(remainingCents, currency)} is left to refund.`)
  return amount
}

/** What is left of an order to refund, in minor units. */
export function refundable(order: { amountCents: number; refundedCents: number }): number {
  return Math.max(0, order.amountCents - order.refundedCents)
}

/** An amount in major units as the admin would type it ("12.34", "1500"), to prefill the field. */
export function toMajorText(cents: number, currency: string): string {
  const perMajor = minorPerMajor(currency)
  if (perMajor === 1) return String(cents)
  const digits = String(perMajor).length - 1
  return `${Math.floor(cents / perMajor)}.${String(cents % perMajor).padStart(digits, '0')}`
}

function refuse(problem: string): AmountCheck {
  return { cents: null, problem }
}
