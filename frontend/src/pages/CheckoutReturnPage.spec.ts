import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { Order, OrderStatus } from '@/services/types'
import CheckoutReturnPage from './CheckoutReturnPage.vue'

const server = vi.hoisted(() => ({
  calls: [] as string[],
  /** The statuses `order(id)` answers with, one per poll; the last one repeats. */
  statuses: [] as OrderStatus[],
  confirm: null as (() => OrderStatus) | null,
  provider: 'STRIPE' as Order['provider'],
}))

function order(status: OrderStatus): Order {
  return {
    id: 'o1', status, provider: server.provider, listPriceCents: 4900, discountCents: 0, amountCents: 4900, refundedCents: 0,
    currency: 'USD', couponCode: null, failureMessage: status === 'FAILED' ? 'Your card was declined.' : null,
    receiptNumber: status === 'PAID' ? 'R-2026-000001' : null, createdAt: '2026-03-01T10:00:00Z', paidAt: null,
    canceledAt: null, refundedAt: null, refunds: [],
    course: { id: 'c1', slug: 'rust', title: 'Rust for Pythonistas', creator: { id: 'u2', displayName: 'Bo' } },
    buyer: { id: 'u1', displayName: 'Ana', email: 'ana@example.com' },
  }
}

vi.mock('@/services/payments', () => ({
  confirmCheckout: async (id: string) => {
    server.calls.push(`confirm ${id}`)
    return order(server.confirm ? server.confirm() : 'PENDING')
  },
  cancelCheckout: async (id: string) => {
    server.calls.push(`cancel ${id}`)
    return order('CANCELED')
  },
  fetchOrder: async (id: string) => {
    server.calls.push(`order ${id}`)
    const status = server.statuses.length > 1 ? server.statuses.shift() : server.statuses[0]
    return status ? order(status) : null
  },
}))

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/checkout/return', name: 'checkout-return', component: CheckoutReturnPage },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<div />' } },
      { path: '/account/orders', component: { template: '<div />' } },
      { path: '/account/orders/:id', name: 'receipt', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

/** Let `n` poll intervals pass, each answer arriving before the next. */
async function polls(n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await vi.advanceTimersByTimeAsync(1500)
    await flushPromises()
  }
}

const polled = () => server.calls.filter((c) => c.startsWith('order')).length

beforeEach(() => {
  vi.useFakeTimers()
  Object.assign(server, { calls: [], statuses: ['PENDING'], confirm: null, provider: 'STRIPE' })
})
afterEach(() => vi.useRealTimers())

describe('the checkout return page', () => {
  it('confirms once, polls while pending and stops on PAID with the way into the course', async () => {
    server.statuses = ['PENDING', 'PENDING', 'PAID']
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    expect(server.calls).toEqual(['confirm o1'])
    const status = wrapper.get('[data-testid=checkout-status]')
    expect([status.attributes('role'), status.attributes('aria-live')]).toEqual(['status', 'polite'])
    expect(status.text()).toContain('Confirming your payment')
    await polls(3)
    expect(server.calls).toEqual(['confirm o1', 'order o1', 'order o1', 'order o1'])
    expect(status.text()).toContain('You’re enrolled')
    expect(status.text()).toContain('R-2026-000001')
    expect(wrapper.get('[data-testid=start-learning]').attributes('href')).toBe('/courses/rust/learn')
    await polls(5)
    expect(polled()).toBe(3)
  })

  it('does not poll at all when the confirmation already settled the order', async () => {
    server.confirm = () => 'PAID'
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    await polls(3)
    expect(server.calls).toEqual(['confirm o1'])
    expect(wrapper.text()).toContain('You’re enrolled')
  })

  it('says a test purchase moved no money, and names no amount as paid', async () => {
    server.provider = 'TEST'
    server.confirm = () => 'PAID'
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    const status = wrapper.get('[data-testid=checkout-status]').text()
    expect(status).toContain('You bought Rust for Pythonistas (test payment, no money moved).')
    expect(status).not.toContain('$49.00')
  })

  it('does not say a refunded test order’s money goes back (none moved)', async () => {
    server.provider = 'TEST'
    server.confirm = () => 'REFUNDED'
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    expect(wrapper.text()).toContain('This was a test payment for Rust for Pythonistas: no money moved, so none goes back.')
    expect(wrapper.text()).not.toContain('the way you paid')
    server.provider = 'STRIPE'
    const { wrapper: real } = await mountAt('/checkout/return?order=o1')
    expect(real.text()).toContain('goes back the way you paid')
  })

  it('stops on FAILED, with the provider’s reason and a way back to the buy box', async () => {
    server.statuses = ['PENDING', 'FAILED']
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    await polls(4)
    expect(polled()).toBe(2)
    expect(wrapper.text()).toContain('The payment failed')
    expect(wrapper.get('[data-testid=failure-message]').text()).toBe('Your card was declined.')
    const again = wrapper.findAll('a').find((a) => a.text() === 'Try again')
    expect(again?.attributes('href')).toBe('/courses/rust#buy')
  })

  it('stops polling when the buyer leaves the page', async () => {
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    await polls(2)
    expect(polled()).toBe(2)
    wrapper.unmount()
    await polls(5)
    expect(polled()).toBe(2)
  })

  it('cancels the checkout when the buyer canceled at the provider, and polls nothing', async () => {
    const { wrapper } = await mountAt('/checkout/return?order=o1&canceled=1')
    await polls(3)
    expect(server.calls).toEqual(['cancel o1'])
    expect(wrapper.text()).toContain('The payment was canceled')
    expect(wrapper.text()).toContain('Try again')
  })

  it('after two minutes pending says it is still waiting, and checks again on request', async () => {
    const { wrapper } = await mountAt('/checkout/return?order=o1')
    await polls(80)
    const count = polled()
    expect(count).toBeGreaterThanOrEqual(78)
    expect(count).toBeLessThanOrEqual(80)
    expect(wrapper.text()).toContain('still waiting for the payment provider')
    await polls(5)
    expect(polled()).toBe(count)
    server.confirm = () => 'PAID'
    await wrapper.findAll('button').find((b) => b.text() === 'Check again')?.trigger('click')
    await flushPromises()
    expect(server.calls.at(-1)).toBe('confirm o1')
    expect(wrapper.text()).toContain('You’re enrolled')
  })

  it('keeps polling through a failed call, and shows an unknown order as an error', async () => {
    server.confirm = () => {
      throw new ApiError('Cannot reach EduSphere.', 'NETWORK')
    }
    server.statuses = ['PAID']
    const first = await mountAt('/checkout/return?order=o1')
    expect(first.wrapper.text()).toContain('You’re enrolled')
    first.wrapper.unmount()

    server.confirm = () => {
      throw new ApiError('No such order.', 'NOT_FOUND')
    }
    server.calls = []
    const second = await mountAt('/checkout/return?order=nope')
    await polls(2)
    expect(server.calls).toEqual(['confirm nope'])
    expect(second.wrapper.text()).toContain('No such order.')
  })

  it('explains a link without an order', async () => {
    const { wrapper } = await mountAt('/checkout/return')
    expect(server.calls).toEqual([])
    expect(wrapper.text()).toContain('This page needs an order')
  })
})
