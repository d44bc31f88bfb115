import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { ApiError } from '@/services/api'
import type { Checkout, PaymentProvider, PriceQuote } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import BuyBox from './BuyBox.vue'

const server = vi.hoisted(() => ({
  providers: ['STRIPE', 'PAYPAL', 'TEST'] as PaymentProvider[],
  quotes: [] as { courseId: string; code: string | null }[],
  checkouts: [] as { courseId: string; provider: PaymentProvider; code: string | null }[],
  quote: null as ((code: string | null) => PriceQuote) | null,
  checkout: null as (() => Checkout) | null,
  left: [] as string[],
}))

vi.mock('@/services/payments', () => ({
  fetchPaymentOptions: async () => ({ providers: server.providers, platformFeePercent: 20 }),
  fetchPriceQuote: async (courseId: string, code: string | null) => {
    server.quotes.push({ courseId, code })
    if (!server.quote) throw new Error('no quote')
    return server.quote(code)
  },
  checkout: async (courseId: string, provider: PaymentProvider, code: string | null) => {
    server.checkouts.push({ courseId, provider, code })
    if (!server.checkout) throw new Error('no checkout')
    return server.checkout()
  },
}))
vi.mock('@/utils/payments', async (original) => ({
  ...(await original<typeof import('@/utils/payments')>()),
  leaveTo: (url: string) => server.left.push(url),
}))

const COURSE = { id: 'c1', slug: 'rust', title: 'Rust', priceCents: 4900, currency: 'USD', status: 'PUBLISHED' }

function quoted(code: string | null): PriceQuote {
  const discount = code === 'HALF' ? 2450 : code === 'FREE' ? 4900 : 0
  return {
    listPriceCents: 4900, discountCents: discount, amountCents: 4900 - discount, currency: 'USD',
    couponCode: code, platformFeePercent: 20, platformFeeCents: 0, creatorEarningsCents: 0,
  }
}

function started(redirectUrl: string | null, enrolled = false): () => Checkout {
  return () => ({ redirectUrl, enrolled, order: { id: 'o1' } as Checkout['order'] })
}

let router: Router

async function mountBox(signedIn = true) {
  setActivePinia(createPinia())
  if (signedIn) useAuthStore().user = { id: 'u1', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<div />' } },
      { path: '/checkout/return', name: 'checkout-return', component: { template: '<div />' } },
      { path: '/login', name: 'login', component: { template: '<div />' } },
      { path: '/register', name: 'register', component: { template: '<div />' } },
    ],
  })
  await router.push('/courses/rust')
  const wrapper = mount(BuyBox, { props: { course: COURSE }, global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => {
  Object.assign(server, { providers: ['STRIPE', 'PAYPAL', 'TEST'], quotes: [], checkouts: [], quote: quoted, checkout: null, left: [] })
})

describe('BuyBox', () => {
  it('shows the server’s discount and new total before paying, then buys with that coupon', async () => {
    const wrapper = await mountBox()
    expect(wrapper.get('[data-testid=buy-total]').text()).toBe('$49.00')
    await wrapper.get('#coupon-code').setValue('  half ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.quotes).toEqual([{ courseId: 'c1', code: 'HALF' }])
    expect(wrapper.get('[data-testid=buy-discount]').text()).toBe('Coupon HALF: −$24.50')
    expect(wrapper.get('[data-testid=buy-total]').text()).toContain('$24.50')
    expect(wrapper.get('[data-testid=buy-button]').text()).toBe('Buy for $24.50')

    server.checkout = started('https://checkout.stripe.test/c/pay/cs_1')
    await wrapper.get('[data-testid=buy-button]').trigger('click')
    await flushPromises()
    expect(server.checkouts).toEqual([{ courseId: 'c1', provider: 'STRIPE', code: 'HALF' }])
    expect(server.left).toEqual(['https://checkout.stripe.test/c/pay/cs_1'])
  })

  it('shows a coupon the server refuses inline, and buys at the list price', async () => {
    server.quote = () => {
      throw new ApiError('This coupon has expired.', 'BAD_USER_INPUT')
    }
    const wrapper = await mountBox()
    await wrapper.get('#coupon-code').setValue('OLD')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('#coupon-error').text()).toBe('This coupon has expired.')
    expect(wrapper.get('#coupon-code').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('[data-testid=buy-total]').text()).toBe('$49.00')
    server.checkout = started('/checkout/test/o1')
    await wrapper.findAll('input[type=radio]')[2]?.setValue(true)
    await wrapper.get('[data-testid=buy-button]').trigger('click')
    await flushPromises()
    expect(server.checkouts).toEqual([{ courseId: 'c1', provider: 'TEST', code: null }])
    expect(server.left).toEqual(['/checkout/test/o1'])
  })

  it('removes an applied coupon', async () => {
    const wrapper = await mountBox()
    await wrapper.get('#coupon-code').setValue('HALF')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    await wrapper.get('button.underline').trigger('click')
    expect(wrapper.get('[data-testid=buy-total]').text()).toBe('$49.00')
    expect(wrapper.find('#coupon-code').exists()).toBe(true)
  })

  it('opens the course when a 100% coupon enrolls without a payment', async () => {
    const wrapper = await mountBox()
    await wrapper.get('#coupon-code').setValue('FREE')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid=buy-button]').text()).toBe('Enroll for free with coupon FREE')
    expect(wrapper.find('fieldset').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('Pay with')
    server.checkout = started(null, true)
    await wrapper.get('[data-testid=buy-button]').trigger('click')
    await flushPromises()
    expect(server.left).toEqual([])
    expect(server.checkouts).toEqual([{ courseId: 'c1', provider: 'STRIPE', code: 'FREE' }])
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust/learn')
  })

  it('names a real provider for a free enrollment even when the test one was picked', async () => {
    server.providers = ['TEST', 'PAYPAL']
    const wrapper = await mountBox()
    await wrapper.get('#coupon-code').setValue('FREE')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    server.checkout = started(null, true)
    await wrapper.get('[data-testid=buy-button]').trigger('click')
    await flushPromises()
    expect(server.checkouts.map((c) => c.provider)).toEqual(['PAYPAL'])
  })

  it('lists the providers with labels, the test one marked as development only', async () => {
    const wrapper = await mountBox()
    expect(wrapper.get('[data-testid=provider-STRIPE]').text()).toContain('Card')
    expect(wrapper.get('[data-testid=provider-PAYPAL]').text()).toContain('PayPal')
    expect(wrapper.get('[data-testid=provider-TEST]').text()).toMatch(/Test payment.*DEV.*Development only: no money moves/)
    expect((wrapper.get('input[value=STRIPE]').element as HTMLInputElement).checked).toBe(true)
  })

  it('says clearly when the viewer already has the course', async () => {
    server.checkout = () => {
      throw new ApiError('You are already enrolled in this course.', 'CONFLICT')
    }
    const wrapper = await mountBox()
    await wrapper.get('[data-testid=buy-button]').trigger('click')
    await flushPromises()
    const error = wrapper.get('[data-testid=buy-error]')
    expect(error.attributes('role')).toBe('alert')
    expect(error.text()).toContain('You are already enrolled in this course.')
    expect(error.get('a').attributes('href')).toBe('/courses/rust/learn')
    expect(server.left).toEqual([])
  })

  it('asks a signed-out visitor to sign in and come back', async () => {
    const wrapper = await mountBox(false)
    const link = wrapper.get('a.btn-primary')
    expect(link.text()).toBe('Sign in to buy')
    expect(link.attributes('href')).toBe('/login?redirect=/courses/rust')
    expect(wrapper.find('#coupon-code').exists()).toBe(false)
    expect(wrapper.find('[data-testid=buy-button]').exists()).toBe(false)
  })

  it('says so when no provider is configured', async () => {
    server.providers = []
    const wrapper = await mountBox()
    expect(wrapper.text()).toContain('Payments are not available right now.')
    expect(wrapper.get('[data-testid=buy-button]').attributes('disabled')).toBeDefined()
  })

  it('shows an unverified buyer’s refusal as a sentence with the resend action, not a plain error', async () => {
    server.checkout = () => {
      throw new ApiError('Verify your email address to buy a course: open the link we emailed you, or ask for a new one.', 'FORBIDDEN', {
        reason: 'EMAIL_NOT_VERIFIED',
      })
    }
    const wrapper = await mountBox()
    await wrapper.get('[data-testid=buy-button]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid=buy-error]').exists()).toBe(false)
    const notice = wrapper.get('[data-testid=email-not-verified]')
    expect(notice.text()).toContain('Verify your email address to buy a course')
    expect(notice.find('[data-testid=resend-verification]').exists()).toBe(true)
  })
})
