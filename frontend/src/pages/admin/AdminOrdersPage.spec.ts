import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import type { AdminOrderFilter } from '@/services/admin/orders'
import type { Order, OrderStatus } from '@/services/types'
import AdminOrdersPage from './AdminOrdersPage.vue'

const server = vi.hoisted(() => ({
  lists: [] as { filter: unknown; after: string | null }[],
  totals: [] as unknown[],
  csvs: [] as unknown[],
  orders: [] as Order[],
  next: null as string | null,
  capped: false,
}))

vi.mock('@/services/admin/orders', async (original) => ({
  ...(await original<typeof import('@/services/admin/orders')>()),
  fetchAdminOrders: async (filter: AdminOrderFilter, after: string | null) => {
    server.lists.push({ filter, after })
    return { items: after ? [] : server.orders, pageInfo: { hasNextPage: !after && server.next !== null, endCursor: server.next },
      totalCount: server.capped ? 10000 : server.orders.length, totalCountCapped: server.capped }
  },
  fetchOrderTotals: async (filter: AdminOrderFilter) => {
    server.totals.push(filter)
    return [{ currency: 'USD', orders: 2, paidOrders: 1, amountCents: 4900, refundedCents: 1000, netCents: 3900 }]
  },
  fetchOrdersCsv: async (filter: AdminOrderFilter) => {
    server.csvs.push(filter)
    return 'receipt,amount\nR-1,49.00\n'
  },
  refundOrder: async (id: string, amount: number | null) => ({
    ...server.orders.find((o) => o.id === id), status: 'PARTIALLY_REFUNDED', refundedCents: amount ?? 0,
  }),
}))

function order(id: string, status: OrderStatus, refundedCents = 0): Order {
  return {
    id, status, provider: 'STRIPE', listPriceCents: 4900, discountCents: 0, amountCents: 4900, refundedCents, currency: 'USD', couponCode: null,
    failureMessage: null, receiptNumber: `R-${id}`, createdAt: '2027-01-04T10:00:00Z', paidAt: null, canceledAt: null, refundedAt: null, refunds: [],
    course: { id: 'c1', slug: 'rust', title: 'Rust', creator: { id: 'u2', displayName: 'Bo' } },
    buyer: { id: 'u1', displayName: 'Ana', email: 'ana@example.com' },
  }
}

let router: Router

async function mountAt(path: string) {
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/orders', component: AdminOrdersPage },
      { path: '/admin/courses/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router], stubs: { teleport: true } } })
  await flushPromises()
  return wrapper
}

beforeEach(() => Object.assign(server, { lists: [], totals: [], csvs: [], orders: [], next: null, capped: false }))
afterEach(() => vi.restoreAllMocks())

describe('the admin orders page', () => {
  it('sends every filter to the list and the totals, dates as whole UTC days', async () => {
    const wrapper = await mountAt('/admin/orders')
    expect(server.lists).toEqual([{ filter: {}, after: null }])
    await wrapper.get('#admin-order-status').setValue('PAID')
    await wrapper.get('#admin-order-provider').setValue('PAYPAL')
    await wrapper.get('#admin-order-from').setValue('2027-01-01')
    await wrapper.get('#admin-order-to').setValue('2027-01-31')
    await wrapper.get('#admin-order-course').setValue('c1')
    await wrapper.get('#admin-order-search').setValue('ana@')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    const expected = {
      status: 'PAID', provider: 'PAYPAL', createdAfter: '2027-01-01T00:00:00.000Z', createdBefore: '2027-02-01T00:00:00.000Z',
      courseId: 'c1', search: 'ana@',
    }
    expect(server.lists.at(-1)).toEqual({ filter: expected, after: null })
    expect(server.totals.at(-1)).toEqual(expected)
    expect(router.currentRoute.value.query).toEqual({ status: 'PAID', provider: 'PAYPAL', from: '2027-01-01', to: '2027-01-31', course: 'c1', q: 'ana@' })
  })

  it('ignores malformed dates and unknown values in a hand-edited URL, and flags a reversed range', async () => {
    await mountAt('/admin/orders?from=yesterday&to=2027-13-45&status=FREE&provider=CASH')
    expect(server.lists).toEqual([{ filter: {}, after: null }])
    const wrapper = await mountAt('/admin/orders?from=2027-02-01&to=2027-01-01')
    expect(wrapper.get('#admin-order-range-problem').text()).toContain('“From” is after “To”')
  })

  it('shows the totals per currency and pages the orders', async () => {
    server.orders = [order('o1', 'PAID'), order('o2', 'FAILED')]
    server.next = 'cur'
    const wrapper = await mountAt('/admin/orders')
    expect(wrapper.get('[data-testid=order-total]').text()).toMatch(/USD\s*2\s*1\s*\$49\.00\s*\$10\.00\s*\$39\.00/)
    expect(wrapper.findAll('[data-testid=admin-order-row]')).toHaveLength(2)
    await wrapper.findAll('button').find((b) => b.text() === 'More orders')?.trigger('click')
    await flushPromises()
    expect(server.lists.at(-1)).toEqual({ filter: {}, after: 'cur' })
  })

  it('counts the orders, and says "10,000+" when the server stopped counting', async () => {
    server.orders = [order('o1', 'PAID'), order('o2', 'FAILED')]
    const exact = await mountAt('/admin/orders')
    expect(exact.get('[data-testid=admin-order-count]').text()).toBe('2 orders')
    exact.unmount()
    server.capped = true
    server.next = 'cur'
    const capped = await mountAt('/admin/orders')
    expect(capped.get('[data-testid=admin-order-count]').text()).toBe('10,000+ orders, 2 shown')
  })

  it('downloads the filter’s orders as a CSV file', async () => {
    const blobs: Blob[] = []
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:orders'
    })
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const downloads: string[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      downloads.push(this.download)
    })
    const wrapper = await mountAt('/admin/orders?status=REFUNDED')
    await wrapper.get('[data-testid=orders-export]').trigger('click')
    await flushPromises()
    expect(server.csvs).toEqual([{ status: 'REFUNDED' }])
    expect(downloads).toHaveLength(1)
    expect(downloads[0]).toMatch(/^orders-\d{4}-\d{2}-\d{2}\.csv$/)
    expect(await blobs[0]?.text()).toBe('receipt,amount\nR-1,49.00\n')
  })

  it('offers Refund on paid orders with money left, and updates the row and the totals after one', async () => {
    server.orders = [order('o1', 'PAID'), order('o2', 'FAILED'), order('o3', 'PARTIALLY_REFUNDED', 4900)]
    const wrapper = await mountAt('/admin/orders')
    const rows = wrapper.findAll('[data-testid=admin-order-row]')
    expect(rows.map((r) => r.findAll('button').some((b) => b.text() === 'Refund'))).toEqual([true, false, false])
    await rows[0]?.get('button').trigger('click')
    await wrapper.get('[data-testid=refund-part]').setValue(true)
    await wrapper.get('[data-testid=refund-amount]').setValue('12.34')
    await wrapper.get('[data-testid=reason-input]').setValue('Partial refund agreed')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=orders-notice]').text()).toBe("Refunded $12.34 of Ana's order for Rust.")
    expect(wrapper.findAll('[data-testid=admin-order-row]')[0]?.get('[data-testid=order-status]').text()).toBe('Partly refunded')
    expect(server.totals).toHaveLength(2)
  })
})
