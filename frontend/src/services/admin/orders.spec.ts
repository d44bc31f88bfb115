import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import * as orders from './orders'

interface Sent {
  query: string
  variables: Record<string, unknown>
}

let sent: Sent[] = []
let answer: unknown = {}

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as Sent)
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

function last(): { root: string; variables: Record<string, unknown> } {
  const call = sent.at(-1)
  if (!call) throw new Error('nothing was sent')
  return { root: /\{\s*(\w+)/.exec(call.query)?.[1] ?? '', variables: call.variables }
}

const FILTER: orders.AdminOrderFilter = {
  status: 'PAID', provider: 'STRIPE', createdAfter: '2027-01-01T00:00:00.000Z', createdBefore: '2027-02-01T00:00:00.000Z',
  courseId: 'c1', search: 'ana@',
}

describe('the admin orders service', () => {
  it('sends the same filter to the list, the totals and the CSV', async () => {
    answer = { data: { orders: { edges: [{ node: { id: 'o1' } }], pageInfo: { hasNextPage: true, endCursor: 'n' }, totalCount: 10000, totalCountCapped: true } } }
    const page = await orders.fetchAdminOrders(FILTER, 'cur')
    expect([page.items, page.totalCount, page.totalCountCapped]).toEqual([[{ id: 'o1' }], 10000, true])
    expect(last()).toEqual({ root: 'orders', variables: { filter: FILTER, first: 25, after: 'cur' } })
    expect(sent.at(-1)?.query).toMatch(/totalCount totalCountCapped/)
    answer = { data: { orderTotals: [{ currency: 'USD', orders: 1 }] } }
    expect(await orders.fetchOrderTotals(FILTER)).toEqual([{ currency: 'USD', orders: 1 }])
    expect(last()).toEqual({ root: 'orderTotals', variables: { filter: FILTER } })
    answer = { data: { ordersCsv: 'id,amount\n' } }
    expect(await orders.fetchOrdersCsv(FILTER)).toBe('id,amount\n')
    expect(last()).toEqual({ root: 'ordersCsv', variables: { filter: FILTER } })
  })

  it('refunds an amount in minor units, or with none the rest of the order', async () => {
    answer = { data: { refundOrder: { id: 'o1', status: 'PARTIALLY_REFUNDED' } } }
    await orders.refundOrder('o1', 1234, 'Asked within 14 days')
    expect(last()).toEqual({ root: 'refundOrder', variables: { id: 'o1', amount: 1234, reason: 'Asked within 14 days' } })
    await orders.refundOrder('o1', null, 'Whole')
    expect(last().variables.amount).toBeNull()
  })
})
