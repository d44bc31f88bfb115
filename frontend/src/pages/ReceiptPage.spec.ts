import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Order } from '@/services/types'
import ReceiptPage from './ReceiptPage.vue'

const server = vi.hoisted(() => ({ order: null as Order | null }))

vi.mock('@/services/payments', () => ({
  requireOrder: async () => {
    if (!server.order) throw new Error('This order does not exist, or it is not yours.')
    return server.order
  },
}))

const PAID: Order = {
  id: 'o1', status: 'PARTIALLY_REFUNDED', provider: 'STRIPE', listPriceCents: 5000, discountCents: 1000, amountCents: 4000,
  refundedCents: 1500, currency: 'USD', couponCode: 'LAUNCH', failureMessage: null, receiptNumber: 'ES-2026-000042',
  createdAt: '2026-03-01T10:00:00Z', paidAt: '2026-03-01T10:01:00Z', canceledAt: null, refundedAt: '2026-03-05T10:00:00Z',
  refunds: [{ id: 'r1', amountCents: 1500, currency: 'USD', reason: 'Goodwill', createdAt: '2026-03-05T10:00:00Z' }],
  course: { id: 'c1', slug: 'rust', title: 'Rust for Pythonistas', creator: { id: 'u2', displayName: 'Bo' } },
  buyer: { id: 'u1', displayName: 'Ana', email: 'ana@example.com' },
}

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/account/orders/:id', component: ReceiptPage, props: true },
      { path: '/account/orders', component: { template: '<div />' } },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
    ],
  })
  await router.push('/account/orders/o1')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('the receipt', () => {
  it('shows number, buyer, course, list price, coupon discount, paid, refunds and provider', async () => {
    server.order = PAID
    const wrapper = await mountPage()
    const receipt = wrapper.get('[data-testid=receipt]').text()
    expect(wrapper.get('[data-testid=receipt-number]').text()).toBe('No. ES-2026-000042')
    for (const part of ['Ana · ana@example.com', 'Rust for Pythonistas', 'by Bo', 'List price$50.00', 'Discount (coupon LAUNCH)−$10.00',
      'Paid$40.00', 'Goodwill', '−$15.00', 'Net paid$25.00', 'Card', 'Partly refunded']) {
      expect(receipt).toContain(part)
    }
    const print = vi.spyOn(window, 'print').mockImplementation(() => undefined)
    await wrapper.findAll('button').find((b) => b.text() === 'Print')?.trigger('click')
    expect(print).toHaveBeenCalledOnce()
  })

  it('marks a TEST order as a test payment in which no money moved', async () => {
    server.order = { ...PAID, provider: 'TEST' }
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=receipt-test-banner]').text()).toContain('TEST')
    expect(wrapper.get('[data-testid=receipt-test-banner]').text()).toContain('Test payment — no money moved')
    expect(wrapper.get('[data-testid=receipt]').text()).toContain('Payment method')
    server.order = PAID
    const real = await mountPage()
    expect(real.find('[data-testid=receipt-test-banner]').exists()).toBe(false)
  })

  it('shows an unpaid order as an order, not a receipt', async () => {
    server.order = { ...PAID, status: 'CANCELED', receiptNumber: null, paidAt: null, refunds: [], refundedCents: 0, discountCents: 0, couponCode: null }
    const wrapper = await mountPage()
    expect(wrapper.get('h1').text()).toBe('Order')
    expect(wrapper.text()).toContain('No payment was taken for this order.')
    expect(wrapper.findAll('button').some((b) => b.text() === 'Print')).toBe(false)
  })

  it('says when the order is not the viewer’s', async () => {
    server.order = null
    const wrapper = await mountPage()
    expect(wrapper.get('[role=alert]').text()).toContain('This order does not exist, or it is not yours.')
  })
})
