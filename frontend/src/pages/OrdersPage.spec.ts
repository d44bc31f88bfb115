import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Order, OrderStatus } from '@/services/types'
import OrdersPage from './OrdersPage.vue'

const server = vi.hoisted(() => ({ pages: new Map<string | null, { ids: string[]; next: string | null }>(), afters: [] as (string | null)[] }))

/** Orders other than o1 (PAID) and o2 (FAILED), by id. */
const SPECIAL: Record<string, Partial<Order>> = {
  test: { status: 'PAID', provider: 'TEST' },
  part: { status: 'PARTIALLY_REFUNDED', refundedCents: 1000 },
  long: { status: 'PENDING', course: { id: 'c2', slug: 'l', title: 'A very long course title '.repeat(8), creator: { id: 'u2', displayName: 'Bo' } } },
}

function order(id: string, status: OrderStatus): Partial<Order> {
  return {
    id, status, provider: 'PAYPAL', amountCents: 2500, refundedCents: 0, currency: 'EUR', createdAt: '2026-03-04T10:00:00Z',
    course: { id: 'c1', slug: 'go', title: `Course ${id}`, creator: { id: 'u2', displayName: 'Bo' } },
    ...SPECIAL[id],
  }
}

vi.mock('@/services/payments', () => ({
  fetchMyOrders: async (after: string | null = null) => {
    server.afters.push(after)
    const page = server.pages.get(after) ?? { ids: [], next: null }
    return {
      orders: page.ids.map((id) => order(id, id === 'o1' ? 'PAID' : 'FAILED')),
      pageInfo: { hasNextPage: page.next !== null, endCursor: page.next },
    }
  },
}))

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/account/orders', component: OrdersPage },
      { path: '/account/orders/:id', name: 'receipt', component: { template: '<div />' } },
      { path: '/account', component: { template: '<div />' } },
    ],
  })
  await router.push('/account/orders')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  server.pages.clear()
  server.afters = []
})

describe('my orders', () => {
  it('lists course, date, amount and status, each linking to its receipt, and pages on', async () => {
    server.pages.set(null, { ids: ['o1'], next: 'cur1' })
    server.pages.set('cur1', { ids: ['o2'], next: null })
    const wrapper = await mountPage()
    let rows = wrapper.findAll('[data-testid=order-row]')
    expect(rows).toHaveLength(1)
    expect(rows[0]?.text()).toMatch(/Course o1.*Mar 4, 2026.*PayPal.*Paid.*€25\.00/)
    expect(rows[0]?.get('a').attributes('href')).toBe('/account/orders/o1')
    await wrapper.findAll('button').find((b) => b.text() === 'More orders')?.trigger('click')
    await flushPromises()
    rows = wrapper.findAll('[data-testid=order-row]')
    expect(rows.map((r) => r.get('[data-testid=order-status]').text())).toEqual(['Paid', 'Failed'])
    expect(server.afters).toEqual([null, 'cur1'])
    expect(wrapper.findAll('button').some((b) => b.text() === 'More orders')).toBe(false)
  })

  it('says a test order moved no money, and how much of a partly refunded order came back', async () => {
    server.pages.set(null, { ids: ['test', 'part', 'o1'], next: null })
    const wrapper = await mountPage()
    const [test, part, paid] = wrapper.findAll('[data-testid=order-row]')
    expect(test?.get('[data-testid=order-test]').text()).toBe('Test payment — no money moved')
    expect(part?.get('[data-testid=order-refunded]').text()).toBe('Refunded €10.00')
    expect(part?.get('[data-testid=order-status]').text()).toBe('Partly refunded')
    expect(paid?.find('[data-testid=order-test]').exists()).toBe(false)
    expect(paid?.find('[data-testid=order-refunded]').exists()).toBe(false)
  })

  it('puts the status badge in the same place on every row, a long title or not', async () => {
    server.pages.set(null, { ids: ['o1', 'long', 'part'], next: null })
    const wrapper = await mountPage()
    for (const row of wrapper.findAll('[data-testid=order-row]')) {
      // Two columns; the badge opens the right one, whatever the title's length.
      expect(row.element.children).toHaveLength(2)
      expect(row.element.children[1]?.firstElementChild?.getAttribute('data-testid')).toBe('order-status')
      expect(row.classes()).toContain('grid')
    }
  })

  it('says when there is nothing yet', async () => {
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('You have not bought a course yet.')
  })
})
