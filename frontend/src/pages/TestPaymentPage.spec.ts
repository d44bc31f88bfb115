import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { Order, OrderStatus } from '@/services/types'
import TestPaymentPage from './TestPaymentPage.vue'

const server = vi.hoisted(() => ({
  status: 'PENDING' as OrderStatus,
  completed: [] as { id: string; approve: boolean }[],
  refuse: false,
  /** The order was settled by an answer this page never got. */
  settled: null as string | null,
}))

vi.mock('@/services/payments', () => ({
  requireOrder: async (id: string): Promise<Partial<Order>> => ({
    id, status: server.status, listPriceCents: 4900, discountCents: 980, amountCents: 3920, currency: 'USD', couponCode: 'LAUNCH',
    course: { id: 'c1', slug: 'rust', title: 'Rust for Pythonistas', creator: { id: 'u2', displayName: 'Bo' } },
  }),
  completeTestPayment: async (id: string, approve: boolean) => {
    if (server.refuse) throw new ApiError('Test payments are off in production.', 'FORBIDDEN')
    if (server.settled) throw new ApiError(`This order is already ${server.settled}`, 'CONFLICT')
    server.completed.push({ id, approve })
    return { id }
  },
}))

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/checkout/test/:orderId', component: TestPaymentPage, props: true },
      { path: '/checkout/return', name: 'checkout-return', component: { template: '<p>returned</p>' } },
    ],
  })
  await router.push('/checkout/test/o1')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => Object.assign(server, { status: 'PENDING', completed: [], refuse: false, settled: null }))

describe('the test payment page', () => {
  it('says loudly that no money moves, and shows the course and amount', async () => {
    const { wrapper } = await mountPage()
    expect(wrapper.get('[data-testid=test-banner]').text()).toContain('Test payment — no money moves')
    expect(wrapper.get('[data-testid=test-banner]').text()).toContain('Development only')
    expect(wrapper.text()).toContain('Rust for Pythonistas')
    expect(wrapper.get('[data-testid=test-amount]').text()).toBe('$39.20')
    expect(wrapper.text()).toContain('Coupon LAUNCH')
  })

  it('pays and goes to the return page', async () => {
    const { wrapper, router } = await mountPage()
    await wrapper.get('[data-testid=test-pay]').trigger('click')
    await flushPromises()
    expect(server.completed).toEqual([{ id: 'o1', approve: true }])
    expect(router.currentRoute.value.fullPath).toBe('/checkout/return?order=o1')
  })

  it('cancels and goes to the return page saying so', async () => {
    const { wrapper, router } = await mountPage()
    await wrapper.get('[data-testid=test-cancel]').trigger('click')
    await flushPromises()
    expect(server.completed).toEqual([{ id: 'o1', approve: false }])
    expect(router.currentRoute.value.fullPath).toBe('/checkout/return?order=o1&canceled=1')
  })

  it('shows a refusal and stays', async () => {
    server.refuse = true
    const { wrapper, router } = await mountPage()
    await wrapper.get('[data-testid=test-pay]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toBe('Test payments are off in production.')
    expect(router.currentRoute.value.path).toBe('/checkout/test/o1')
  })

  it('goes on to the return page when the payment had already gone through (a lost answer)', async () => {
    const { wrapper, router } = await mountPage()
    server.settled = 'paid'
    await wrapper.get('[data-testid=test-pay]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/checkout/return?order=o1')
  })

  it('goes on to the return page saying canceled when the order was already canceled', async () => {
    const { wrapper, router } = await mountPage()
    server.settled = 'canceled'
    await wrapper.get('[data-testid=test-pay]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/checkout/return?order=o1&canceled=1')
  })

  it('offers no buttons for an order that is no longer pending', async () => {
    server.status = 'PAID'
    const { wrapper } = await mountPage()
    expect(wrapper.find('[data-testid=test-pay]').exists()).toBe(false)
    expect(wrapper.text()).toContain('it is paid')
  })
})
