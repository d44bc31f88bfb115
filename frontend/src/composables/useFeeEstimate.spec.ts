import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import type { PriceQuote } from '@/services/types'
import { useFeeEstimate } from './useFeeEstimate'

const server = vi.hoisted(() => ({ asked: [] as [number, string][], delays: new Map<number, number>() }))

vi.mock('@/services/payments', () => ({
  fetchFeeEstimate: (cents: number, currency: string): Promise<Partial<PriceQuote>> => {
    server.asked.push([cents, currency])
    if (cents === 13) return Promise.reject(new Error('That price is too high.'))
    const quote = { amountCents: cents, currency, platformFeeCents: cents / 5, creatorEarningsCents: cents - cents / 5 }
    const delay = server.delays.get(cents)
    return delay ? new Promise((resolve) => setTimeout(() => resolve(quote), delay)) : Promise.resolve(quote)
  },
}))

/** Let `ms` pass, and the answers due by then arrive. */
async function wait(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
  await flushPromises()
}

beforeEach(() => {
  vi.useFakeTimers()
  server.asked = []
  server.delays.clear()
})
afterEach(() => vi.useRealTimers())

describe('useFeeEstimate', () => {
  it('asks once typing pauses, with the last price and currency', async () => {
    const price = ref<number | null>(1000)
    const currency = ref('USD')
    const scope = effectScope()
    const fee = scope.run(() => useFeeEstimate(() => price.value, () => currency.value, 400))!
    for (const cents of [1900, 1990, 1999]) {
      price.value = cents
      await nextTick()
      await wait(100)
    }
    currency.value = 'EUR'
    await nextTick()
    expect(server.asked).toEqual([])
    await wait(400)
    expect(server.asked).toEqual([[1999, 'EUR']])
    expect(fee.estimate.value?.creatorEarningsCents).toBe(1999 - 1999 / 5)
    scope.stop()
  })

  it('keeps the newest answer when an older one arrives late', async () => {
    const price = ref<number | null>(1000)
    server.delays.set(1000, 2000)
    const scope = effectScope()
    const fee = scope.run(() => useFeeEstimate(() => price.value, () => 'USD', 400))!
    await wait(400)
    price.value = 2000
    await nextTick()
    await wait(400)
    expect(fee.estimate.value?.amountCents).toBe(2000)
    await wait(3000)
    expect(fee.estimate.value?.amountCents).toBe(2000)
    scope.stop()
  })

  it('asks nothing for a free or unusable price, and clears the last estimate', async () => {
    const price = ref<number | null>(500)
    const scope = effectScope()
    const fee = scope.run(() => useFeeEstimate(() => price.value, () => 'USD', 400))!
    await wait(400)
    expect(fee.estimate.value).not.toBeNull()
    for (const bad of [0, -5, null, Number.NaN, 1.5]) {
      price.value = bad
      await nextTick()
      await wait(400)
      expect(fee.estimate.value).toBeNull()
    }
    expect(server.asked).toEqual([[500, 'USD']])
    scope.stop()
  })

  it('shows the server’s refusal, and stops its timer with the scope', async () => {
    const price = ref<number | null>(13)
    const scope = effectScope()
    const fee = scope.run(() => useFeeEstimate(() => price.value, () => 'USD', 400))!
    await wait(400)
    expect(fee.error.value).toBe('That price is too high.')
    price.value = 700
    await nextTick()
    scope.stop()
    await wait(1000)
    expect(server.asked).toEqual([[13, 'USD']])
  })
})
