import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from './session'
import * as payments from './payments'

interface Sent {
  query: string
  variables: Record<string, unknown>
}

let sent: Sent[] = []
let answer: unknown = {}

function respond(data: unknown): void {
  answer = { data }
}

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as Sent)
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

/** The field the document selects at the root, and the variables it was sent with. */
function last(): { root: string; variables: Record<string, unknown> } {
  const call = sent.at(-1)
  if (!call) throw new Error('nothing was sent')
  const root = /\{\s*(\w+)/.exec(call.query)?.[1] ?? ''
  return { root, variables: call.variables }
}

describe('the payments service', () => {
  it('asks for a quote with the coupon, or with none', async () => {
    respond({ priceQuote: { amountCents: 900 } })
    expect((await payments.fetchPriceQuote('c1', 'LAUNCH')).amountCents).toBe(900)
    expect(last()).toEqual({ root: 'priceQuote', variables: { id: 'c1', code: 'LAUNCH' } })
    await payments.fetchPriceQuote('c1')
    expect(last().variables).toEqual({ id: 'c1', code: null })
  })

  it('never sends an amount at checkout: a course, a provider and a coupon code', async () => {
    respond({ checkout: { redirectUrl: 'https://pay.example/x', enrolled: false, order: { id: 'o1' } } })
    const started = await payments.checkout('c1', 'STRIPE', 'HALF')
    expect(started.redirectUrl).toBe('https://pay.example/x')
    expect(last()).toEqual({ root: 'checkout', variables: { id: 'c1', provider: 'STRIPE', code: 'HALF' } })
    expect(sent.at(-1)?.query).toMatch(/redirectUrl\s+enrolled\s+order\s*\{/)
  })

  it('confirms, cancels and completes test payments by order id', async () => {
    respond({ confirmCheckout: { id: 'o1', status: 'PAID' } })
    expect((await payments.confirmCheckout('o1')).status).toBe('PAID')
    expect(last()).toEqual({ root: 'confirmCheckout', variables: { id: 'o1' } })
    respond({ cancelCheckout: { id: 'o1', status: 'CANCELED' } })
    await payments.cancelCheckout('o1')
    expect(last()).toEqual({ root: 'cancelCheckout', variables: { id: 'o1' } })
    respond({ completeTestPayment: { id: 'o1', status: 'PAID' } })
    await payments.completeTestPayment('o1', false)
    expect(last()).toEqual({ root: 'completeTestPayment', variables: { id: 'o1', approve: false } })
  })

  it('turns a missing order into an error for the pages that need one', async () => {
    respond({ order: null })
    expect(await payments.fetchOrder('o9')).toBeNull()
    await expect(payments.requireOrder('o9')).rejects.toThrow('does not exist')
    expect(last()).toEqual({ root: 'order', variables: { id: 'o9' } })
  })

  it('pages through my orders', async () => {
    respond({ myOrders: { edges: [{ node: { id: 'o1' } }, { node: { id: 'o2' } }], pageInfo: { hasNextPage: true, endCursor: 'x' } } })
    const page = await payments.fetchMyOrders('after-1', 5)
    expect(page).toEqual({ orders: [{ id: 'o1' }, { id: 'o2' }], pageInfo: { hasNextPage: true, endCursor: 'x' } })
    expect(last()).toEqual({ root: 'myOrders', variables: { first: 5, after: 'after-1' } })
  })

  it('sends a coupon input as typed and disables by id', async () => {
    respond({ createCoupon: { id: 'k1', code: 'LAUNCH' } })
    const input = { courseId: 'c1', code: 'LAUNCH', kind: 'PERCENT' as const, percentOff: 20, maxRedemptions: 10 }
    await payments.createCoupon(input)
    expect(last()).toEqual({ root: 'createCoupon', variables: { input } })
    respond({ disableCoupon: { id: 'k1', active: false } })
    expect((await payments.disableCoupon('k1')).active).toBe(false)
    respond({ myCoupons: [] })
    await payments.fetchMyCoupons()
    expect(last()).toEqual({ root: 'myCoupons', variables: { id: null } })
  })

  it('reads options, fee estimates and earnings', async () => {
    respond({ paymentOptions: { providers: ['STRIPE', 'TEST'], platformFeePercent: 20 } })
    expect((await payments.fetchPaymentOptions()).providers).toEqual(['STRIPE', 'TEST'])
    respond({ feeEstimate: { amountCents: 1999, platformFeeCents: 400, creatorEarningsCents: 1599 } })
    await payments.fetchFeeEstimate(1999, 'EUR')
    expect(last()).toEqual({ root: 'feeEstimate', variables: { cents: 1999, currency: 'EUR' } })
    respond({ myEarnings: { rows: [], totals: [], csv: 'a,b\n' } })
    expect((await payments.fetchMyEarnings()).csv).toBe('a,b\n')
    expect(sent.at(-1)?.query).toMatch(/rows \{ courseId courseTitle month/)
  })

  it('passes the server error on (a coupon that does not apply)', async () => {
    answer = { data: null, errors: [{ message: 'This coupon has expired.', extensions: { code: 'BAD_USER_INPUT' } }] }
    await expect(payments.fetchPriceQuote('c1', 'OLD')).rejects.toMatchObject({ message: 'This coupon has expired.', code: 'BAD_USER_INPUT' })
  })
})
