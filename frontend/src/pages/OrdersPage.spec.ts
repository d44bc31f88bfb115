import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Order, OrderStatus } from '@/services/types'
import OrdersPage from './OrdersPage.vue'

const server = vi.hoisted(() => ({ pages: new Map<string | null, { ids: string[]; next: string | null }>(), afters: [] as (string | null)[] }))

function order(id: string, status: OrderStatus): Partial<Order> {
  return {
    id, status, provider: 'PAYPAL', amountCents: 2500, currency: 'EUR', createdAt: '2026-03-04T10:00:00Z',
    course: { id: 'c1', slug: 'go', title: `Course ${id}`, creator: { id: 'u2', displayName: 'Bo' } },
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
    expect(rows[0]?.text()).toMatch(/Course o1.*Mar 4, 2026.*PayPal.*€25\.00.*Paid/)
    expect(rows[0]?.get('a').attributes('href')).toBe('/account/orders/o1')
    await wrapper.findAll('button').find((b) => b.text() === 'More orders')?.trigger('click')
    await flushPromises()
    rows = wrapper.findAll('[data-testid=order-row]')
    expect(rows.map((r) => r.get('[data-testid=order-status]').text())).toEqual(['Paid', 'Failed'])
    expect(server.afters).toEqual([null, 'cur1'])
    expect(wrapper.findAll('button').some((b) => b.text() === 'More orders')).toBe(false)
  })

  it('says when there is nothing yet', async () => {
    const wrapper = await mountPage()
    expect(wrapper.text()).toContain('You have not bought a course yet.')
  })
})
