import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { Coupon, CouponInput } from '@/services/types'
import StudioCoupons from './StudioCoupons.vue'

const server = vi.hoisted(() => ({ coupons: [] as Coupon[], created: [] as CouponInput[], disabled: [] as string[], refuse: null as string | null }))

vi.mock('@/services/payments', () => ({
  fetchMyCoupons: async () => server.coupons,
  createCoupon: async (input: CouponInput) => {
    if (server.refuse) throw new ApiError(server.refuse, 'BAD_USER_INPUT')
    server.created.push(input)
    return { id: 'k9', code: input.code }
  },
  disableCoupon: async (id: string) => {
    server.disabled.push(id)
    return { id, active: false }
  },
}))

const COURSES = [
  { id: 'free', title: 'Free intro', currency: 'USD', isFree: true },
  { id: 'c1', title: 'Rust', currency: 'USD', isFree: false },
  { id: 'c2', title: 'Sushi', currency: 'JPY', isFree: false },
]

function coupon(id: string, extra: Partial<Coupon>): Coupon {
  return {
    id, code: id.toUpperCase(), kind: 'PERCENT', percentOff: 20, amountOffCents: null, currency: null, expiresAt: null,
    maxRedemptions: 10, redemptionCount: 3, active: true, problem: null, createdAt: '2026-03-01T00:00:00Z',
    course: { id: 'c1', slug: 'rust', title: 'Rust' }, ...extra,
  }
}

beforeEach(() => {
  Object.assign(server, {
    coupons: [
      coupon('launch', {}),
      coupon('yen', { kind: 'AMOUNT', percentOff: null, amountOffCents: 500, currency: 'JPY', maxRedemptions: null, course: { id: 'c2', slug: 's', title: 'Sushi' } }),
      coupon('old', { active: false, problem: 'Disabled' }),
      coupon('full', { redemptionCount: 10, problem: 'Used up' }),
    ],
    created: [], disabled: [], refuse: null,
  })
})

describe('the studio coupons', () => {
  it('offers paid courses only, and creates a percent coupon', async () => {
    const wrapper = mount(StudioCoupons, { props: { courses: COURSES } })
    await flushPromises()
    expect(wrapper.findAll('#coupon-course option').map((o) => o.text())).toEqual(['Rust', 'Sushi'])
    await wrapper.get('#new-coupon-code').setValue(' launch-2 ')
    await wrapper.get('[data-testid=coupon-value]').setValue('25')
    await wrapper.get('#coupon-max').setValue('50')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.created).toEqual([{ courseId: 'c1', code: 'LAUNCH-2', kind: 'PERCENT', percentOff: 25, maxRedemptions: 50 }])
    expect(wrapper.get('[role=status]').text()).toBe('Coupon LAUNCH-2 created.')
    expect((wrapper.get('#new-coupon-code').element as HTMLInputElement).value).toBe('')
  })

  it('sends an amount in the course currency’s minor units, with an expiry at the end of the day', async () => {
    const wrapper = mount(StudioCoupons, { props: { courses: COURSES } })
    await flushPromises()
    await wrapper.get('#coupon-course').setValue('c2')
    await wrapper.get('select[aria-label="Kind of discount"]').setValue('AMOUNT')
    await wrapper.get('#new-coupon-code').setValue('YEN500')
    await wrapper.get('[data-testid=coupon-value]').setValue('500')
    await wrapper.get('#coupon-expires').setValue('2026-12-31')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.created).toEqual([{
      courseId: 'c2', code: 'YEN500', kind: 'AMOUNT', amountOffCents: 500, currency: 'JPY',
      expiresAt: new Date('2026-12-31T23:59:59').toISOString(),
    }])
  })

  it('shows the server’s refusal and keeps the form', async () => {
    server.refuse = 'A coupon with this code already exists for this course.'
    const wrapper = mount(StudioCoupons, { props: { courses: COURSES } })
    await flushPromises()
    await wrapper.get('#new-coupon-code').setValue('LAUNCH')
    await wrapper.get('[data-testid=coupon-value]').setValue('10')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('form [role=alert]').text()).toBe(server.refuse)
    expect((wrapper.get('#new-coupon-code').element as HTMLInputElement).value).toBe('LAUNCH')
  })

  it('lists redemptions against the maximum and the state, and disables after a confirmation', async () => {
    const wrapper = mount(StudioCoupons, { props: { courses: COURSES } })
    await flushPromises()
    const rows = wrapper.findAll('[data-testid=coupon-row]')
    expect(rows.map((r) => r.get('[data-testid=coupon-state]').text())).toEqual(['Active', 'Active', 'Disabled', 'Used up'])
    expect(rows[0]?.text()).toMatch(/LAUNCH · 20% off.*3 \/ 10 used/)
    expect(rows[1]?.text()).toMatch(/YEN · ¥500 off.*3 \/ ∞ used/)
    expect(rows[2]?.find('button').exists()).toBe(false)
    vi.spyOn(window, 'confirm').mockReturnValueOnce(false).mockReturnValueOnce(true)
    await rows[0]?.get('button').trigger('click')
    await flushPromises()
    expect(server.disabled).toEqual([])
    await rows[0]?.get('button').trigger('click')
    await flushPromises()
    expect(server.disabled).toEqual(['launch'])
    expect(wrapper.get('[role=status]').text()).toBe('Coupon LAUNCH disabled.')
  })

  it('shows the server’s problem on the row, and does not call such a coupon active', async () => {
    server.coupons = [
      coupon('usd', { kind: 'AMOUNT', percentOff: null, amountOffCents: 500, currency: 'USD', problem: 'The course is now sold in EUR; this coupon is in USD' }),
      coupon('gone', { expiresAt: '2026-01-01T00:00:00Z', problem: 'Expired' }),
      coupon('fine', {}),
    ]
    const wrapper = mount(StudioCoupons, { props: { courses: COURSES } })
    await flushPromises()
    const [usd, gone, fine] = wrapper.findAll('[data-testid=coupon-row]')
    expect(usd?.get('[data-testid=coupon-problem]').text()).toBe('The course is now sold in EUR; this coupon is in USD')
    expect(usd?.get('[data-testid=coupon-state]').text()).toBe('Not usable')
    expect(gone?.get('[data-testid=coupon-state]').text()).toBe('Expired')
    expect(gone?.find('[data-testid=coupon-problem]').exists()).toBe(false) // the badge says it already
    expect(fine?.find('[data-testid=coupon-problem]').exists()).toBe(false)
    expect(fine?.get('[data-testid=coupon-state]').text()).toBe('Active')
  })

  it('explains coupons need a paid course', () => {
    const wrapper = mount(StudioCoupons, { props: { courses: [COURSES[0]!] } })
    expect(wrapper.text()).toContain('Coupons are for paid courses')
    expect(wrapper.find('form').exists()).toBe(false)
  })
})
