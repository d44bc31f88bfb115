import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { SalesDay } from '@/services/admin/types'
import SalesChart from './SalesChart.vue'

function day(date: string, orders: number, revenueCents: number, refundedCents = 0, currency = 'USD'): SalesDay {
  return { day: date, currency, orders, revenueCents, refundedCents }
}

const DAYS = [
  day('2027-03-01', 1, 1000),
  day('2027-03-02', 0, 0),
  day('2027-03-03', 3, 2000, 500),
  day('2027-03-02', 9, 99900, 0, 'EUR'),
]

function bar(wrapper: ReturnType<typeof mount>, date: string, kind: 'revenue' | 'refunds') {
  const el = wrapper.get(`g[data-day="${date}"] [data-testid=bar-${kind}]`)
  return { y: Number(el.attributes('y')), height: Number(el.attributes('height')) }
}

describe('SalesChart', () => {
  it('is one image whose name sums the period up', () => {
    const wrapper = mount(SalesChart, { props: { days: DAYS, currency: 'USD' } })
    const svg = wrapper.get('svg')
    expect(svg.attributes('role')).toBe('img')
    expect(svg.attributes('aria-label')).toBe(
      'Sales per day in USD. Mar 1, 2027 to Mar 3, 2027: 4 orders, $30.00 in sales, $5.00 refunded. Best day Mar 3, 2027 with $20.00.',
    )
  })

  it('has every day’s figures in a visually hidden table', () => {
    const wrapper = mount(SalesChart, { props: { days: DAYS, currency: 'USD' } })
    const table = wrapper.get('[data-testid=sales-table]')
    expect(table.classes()).toContain('sr-only')
    expect(table.get('caption').text()).toBe('Sales per day in USD')
    const rows = table.findAll('tbody tr').map((tr) => tr.findAll('th, td').map((c) => c.text()))
    expect(rows).toEqual([
      ['Mar 1, 2027', '1', '$10.00', '$0.00'],
      ['Mar 2, 2027', '0', '$0.00', '$0.00'],
      ['Mar 3, 2027', '3', '$20.00', '$5.00'],
    ])
  })

  it('draws revenue up and refunds down from one zero line, in proportion, in its currency only', () => {
    const wrapper = mount(SalesChart, { props: { days: DAYS, currency: 'USD' } })
    const first = bar(wrapper, '2027-03-01', 'revenue')
    const third = bar(wrapper, '2027-03-03', 'revenue')
    expect(third.height).toBeCloseTo(2 * first.height, 6)
    expect(first.y + first.height).toBeCloseTo(third.y + third.height, 6)
    const refunds = bar(wrapper, '2027-03-03', 'refunds')
    expect(refunds.y).toBeCloseTo(third.y + third.height, 6)
    expect(refunds.height).toBeCloseTo(third.height / 4, 6)
    expect(bar(wrapper, '2027-03-02', 'revenue').height).toBe(0)
    expect(wrapper.findAll('[data-testid=bar-revenue]')).toHaveLength(3)
  })

  it('says so when nothing sold in the currency', () => {
    const wrapper = mount(SalesChart, { props: { days: DAYS, currency: 'JPY' } })
    expect(wrapper.get('svg').attributes('aria-label')).toBe('Sales per day in JPY. No sales in JPY in this period.')
  })
})
