import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { Order } from '@/services/types'
import RefundDialog from './RefundDialog.vue'

const server = vi.hoisted(() => ({ refunds: [] as { id: string; amount: number | null; reason: string }[], error: null as Error | null }))

vi.mock('@/services/admin/orders', () => ({
  refundOrder: async (id: string, amount: number | null, reason: string) => {
    if (server.error) throw server.error
    server.refunds.push({ id, amount, reason })
    return { id, status: amount === null ? 'REFUNDED' : 'PARTIALLY_REFUNDED' }
  },
}))

function order(currency: string, amountCents: number, refundedCents = 0): Order {
  return {
    id: 'o1', status: refundedCents ? 'PARTIALLY_REFUNDED' : 'PAID', provider: 'STRIPE', listPriceCents: amountCents, discountCents: 0,
    amountCents, refundedCents, currency, couponCode: null, failureMessage: null, receiptNumber: 'R-1001', createdAt: '2027-01-01T00:00:00Z',
    paidAt: '2027-01-01T00:00:00Z', canceledAt: null, refundedAt: null, refunds: [],
    course: { id: 'c1', slug: 'rust', title: 'Rust', creator: { id: 'u2', displayName: 'Bo' } },
    buyer: { id: 'u1', displayName: 'Ana', email: 'ana@example.com' },
  }
}

function mountDialog(target: Order) {
  return mount(RefundDialog, { props: { order: target }, global: { stubs: { teleport: true } } })
}

async function refund(wrapper: ReturnType<typeof mountDialog>, amount: string | null, reason = 'Asked within 14 days') {
  if (amount !== null) {
    await wrapper.get('[data-testid=refund-part]').setValue(true)
    await wrapper.get('[data-testid=refund-amount]').setValue(amount)
  }
  await wrapper.get('[data-testid=reason-input]').setValue(reason)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

beforeEach(() => Object.assign(server, { refunds: [], error: null }))

describe('the refund dialog', () => {
  it('refunds the rest of the order by sending no amount', async () => {
    const wrapper = mountDialog(order('USD', 4900, 1000))
    expect(wrapper.text()).toContain('All that is left: $39.00')
    await refund(wrapper, null)
    expect(server.refunds).toEqual([{ id: 'o1', amount: null, reason: 'Asked within 14 days' }])
    expect(wrapper.emitted('refunded')?.[0]?.[1]).toBe(3900)
  })

  it('converts a part typed in major units with the currency’s minor units', async () => {
    const usd = mountDialog(order('USD', 4900))
    await refund(usd, '12.34')
    const jpy = mountDialog(order('JPY', 5000))
    await refund(jpy, '1500')
    expect(server.refunds.map((r) => r.amount)).toEqual([1234, 1500])
    expect(usd.emitted('refunded')?.[0]?.[1]).toBe(1234)
  })

  it('names the amount on the button as it is typed', async () => {
    const wrapper = mountDialog(order('EUR', 4900))
    await wrapper.get('[data-testid=refund-part]').setValue(true)
    await wrapper.get('[data-testid=refund-amount]').setValue('10')
    expect(wrapper.get('[data-testid=refund-confirm]').text()).toBe('Refund €10.00')
  })

  it('refuses decimals the currency lacks, more than is left, and no reason, sending nothing', async () => {
    const jpy = mountDialog(order('JPY', 5000))
    await refund(jpy, '12.5')
    expect(jpy.get('[role=alert]').text()).toBe('A JPY amount is a whole number.')
    const usd = mountDialog(order('USD', 4900, 4000))
    await refund(usd, '9.01')
    expect(usd.get('[role=alert]').text()).toBe('At most $9.00 is left to refund.')
    expect(usd.get('[data-testid=refund-amount]').attributes('aria-invalid')).toBe('true')
    const blank = mountDialog(order('USD', 4900))
    await refund(blank, null, '  ')
    expect(blank.get('[role=alert]').text()).toBe('Give a reason; it is kept in the audit log.')
    expect(server.refunds).toEqual([])
  })

  it('shows the provider’s refusal and the server’s, and stays open', async () => {
    server.error = new ApiError('The payment provider said: charge already refunded.', 'PROVIDER_ERROR')
    const wrapper = mountDialog(order('USD', 4900))
    await refund(wrapper, null)
    expect(wrapper.get('[data-testid=dialog-error]').text()).toBe('The payment provider said: charge already refunded. Nothing was refunded.')
    server.error = new ApiError('A refund cannot exceed what was paid', 'BAD_USER_INPUT', { field: 'amountCents' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=dialog-error]').text()).toBe('A refund cannot exceed what was paid')
    expect(wrapper.get('[data-testid=dialog-error]').attributes('role')).toBe('alert')
    expect(wrapper.emitted('refunded')).toBeUndefined()
  })
})
