import { describe, expect, it } from 'vitest'
import { checkPrice } from './price'

describe('checkPrice', () => {
  it('turns a typed price into minor units', () => {
    expect(checkPrice(19.99, 'USD')).toEqual({ cents: 1999, problem: null })
    expect(checkPrice(0, 'USD')).toEqual({ cents: 0, problem: null })
    expect(checkPrice(1500, 'JPY')).toEqual({ cents: 1500, problem: null })
  })

  it('accepts the server’s cap exactly: 10,000 major units, whatever the exponent', () => {
    expect(checkPrice(10_000, 'USD')).toEqual({ cents: 1_000_000, problem: null })
    expect(checkPrice(10_000, 'JPY')).toEqual({ cents: 10_000, problem: null })
  })

  it('refuses a price above the cap with a plain sentence (no 32-bit Int error reaches the user)', () => {
    expect(checkPrice(99_999_999, 'USD')).toEqual({ cents: null, problem: 'The price can be at most 10,000 USD.' })
    expect(checkPrice(10_000.01, 'EUR').problem).toBe('The price can be at most 10,000 EUR.')
    expect(checkPrice(10_001, 'JPY').problem).toBe('The price can be at most 10,000 JPY.')
  })

  it('refuses an empty, negative or non-numeric price with a sentence, not a blank', () => {
    expect(checkPrice('', 'USD').problem).toBe('Enter a price, or 0 for a free course.')
    expect(checkPrice(-1, 'USD').problem).toBe('The price cannot be negative.')
    expect(checkPrice(Number.NaN, 'USD').problem).toBe('The price must be a number, such as 19.99.')
    expect(checkPrice('12abc', 'USD').problem).toBe('The price must be a number, such as 19.99.')
  })

  it('refuses decimals the currency does not have instead of rounding them away', () => {
    expect(checkPrice(19.999, 'USD').problem).toBe('A USD price has at most 2 decimals.')
    expect(checkPrice(12.5, 'JPY').problem).toBe('A JPY price is a whole number.')
    expect(checkPrice(0.1 + 0.2, 'USD')).toEqual({ cents: 30, problem: null })
  })
})
