import { describe, expect, it } from 'vitest'
import { checkRefund, refundable, toMajorText, toMinorUnits } from './refund'

describe('refund amounts', () => {
  it('turns major units into minor units exactly, for two-decimal and zero-decimal currencies', () => {
    expect(toMinorUnits('12.34', 'USD')).toEqual({ cents: 1234, problem: null })
    // 0.29 * 100 is 28.999999999999996 in floating point: parsing the text keeps the cent.
    expect(toMinorUnits(' 0.29 ', 'EUR')).toEqual({ cents: 29, problem: null })
    expect(toMinorUnits('1.1', 'USD').cents).toBe(110)
    expect(toMinorUnits('12,34', 'EUR').cents).toBe(1234)
    expect(toMinorUnits('12.50', 'USD').cents).toBe(1250)
    expect(toMinorUnits('1500', 'JPY')).toEqual({ cents: 1500, problem: null })
    expect(toMinorUnits('1500.00', 'JPY').cents).toBe(1500)
  })

  it('refuses what is not an amount, and decimals the currency does not have', () => {
    expect(toMinorUnits('', 'USD').problem).toBe('Enter an amount.')
    expect(toMinorUnits('-5', 'USD').problem).toMatch(/number/)
    expect(toMinorUnits('1e3', 'USD').problem).toMatch(/number/)
    expect(toMinorUnits('12.345', 'USD').problem).toBe('A USD amount has at most 2 decimals.')
    expect(toMinorUnits('12.5', 'JPY').problem).toBe('A JPY amount is a whole number.')
    expect(toMinorUnits('99999999999', 'USD').problem).toBe('That amount is too large.')
  })

  it('refunds more than nothing and at most what is left', () => {
    const left = refundable({ amountCents: 4900, refundedCents: 1000 })
    expect(left).toBe(3900)
    expect(checkRefund('39.00', 'USD', left)).toEqual({ cents: 3900, problem: null })
    expect(checkRefund('39.01', 'USD', left).problem).toBe('At most $39.00 is left to refund.')
    expect(checkRefund('0', 'USD', left).problem).toBe('A refund must be more than zero.')
    expect(refundable({ amountCents: 100, refundedCents: 200 })).toBe(0)
  })

  it('prefills the field with what the admin would type', () => {
    expect([toMajorText(3905, 'USD'), toMajorText(5, 'EUR'), toMajorText(1500, 'JPY')]).toEqual(['39.05', '0.05', '1500'])
  })
})
