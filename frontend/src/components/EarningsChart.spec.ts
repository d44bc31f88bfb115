import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextTick } from 'vue'
import type { EarningsRow } from '@/services/types'
import EarningsChart from './EarningsChart.vue'

function row(month: string, grossCents: number, feesCents: number, refundsCents: number): EarningsRow {
  return {
    courseId: 'c1', courseTitle: 'Rust', month, currency: 'USD', sales: 1, grossCents, feesCents, refundsCents,
    netCents: grossCents - feesCents - refundsCents,
  }
}

const ROWS = [row('2026-01', 2000, 400, 0), row('2026-02', 4000, 800, 0), row('2026-03', 0, 0, 1000)]

function rect(wrapper: ReturnType<typeof mount>, month: string, kind: string) {
  const el = wrapper.get(`g[data-month="${month}"] [data-testid=bar-${kind}]`)
  return { y: Number(el.attributes('y')), height: Number(el.attributes('height')), fill: el.attributes('fill') }
}

afterEach(() => vi.unstubAllGlobals())

describe('EarningsChart', () => {
  it('draws bars in proportion, from one zero line', () => {
    const wrapper = mount(EarningsChart, { props: { rows: ROWS, currency: 'USD' } })
    const jan = rect(wrapper, '2026-01', 'net')
    const feb = rect(wrapper, '2026-02', 'net')
    expect(feb.height).toBeCloseTo(2 * jan.height, 6)
    expect(jan.y + jan.height).toBeCloseTo(feb.y + feb.height, 6)
    const zero = jan.y + jan.height
    const febGross = rect(wrapper, '2026-02', 'gross')
    expect(febGross.height).toBeCloseTo((4000 / 3200) * feb.height, 6)
    expect(rect(wrapper, '2026-02', 'fees').y).toBeCloseTo(zero, 6)
    expect(rect(wrapper, '2026-02', 'fees').height).toBeCloseTo(feb.height / 4, 6)
    const marchNet = rect(wrapper, '2026-03', 'net')
    expect(marchNet.y).toBeCloseTo(zero, 6)
    expect(marchNet.fill).toBe('#d97706')
    expect(rect(wrapper, '2026-03', 'refunds').height).toBeCloseTo(marchNet.height, 6)
  })

  it('has an accessible name and description, and a tooltip per month', () => {
    const wrapper = mount(EarningsChart, { props: { rows: ROWS, currency: 'USD' } })
    const svg = wrapper.get('svg')
    expect(svg.attributes('role')).toBe('img')
    const [titleId, descId] = (svg.attributes('aria-labelledby') ?? '').split(' ')
    expect(wrapper.get(`[id="${titleId}"]`).text()).toBe('Earnings per month in USD')
    expect(wrapper.get(`[id="${descId}"]`).text()).toMatch(/^Jan 2026 to Mar 2026: \$38\.00 net in total; best month Feb 2026 with \$32\.00 net/)
    expect(wrapper.get('g[data-month="2026-02"] > title').text()).toBe('Feb 2026: 1 sales, gross $40.00, fees $8.00, refunds $0.00, net $32.00')
  })

  it('fits a phone: drawn at the measured width, with fewer month labels', async () => {
    let report: ((entries: { contentRect: { width: number } }[]) => void) | undefined
    vi.stubGlobal('ResizeObserver', class {
      constructor(callback: typeof report) { report = callback }
      observe() {}
      disconnect() {}
    })
    const year = Array.from({ length: 12 }, (_, i) => row(`2025-${String(i + 1).padStart(2, '0')}`, 1000 * (i + 1), 100, 0))
    const wrapper = mount(EarningsChart, { props: { rows: year, currency: 'USD' } })
    expect(wrapper.findAll('svg > g > text')).toHaveLength(12)
    report?.([{ contentRect: { width: 343 } }])
    await nextTick()
    expect(wrapper.get('svg').attributes('width')).toBe('343')
    const labels = wrapper.findAll('svg > g > text')
    expect(labels.length).toBeLessThan(12)
    expect(labels.length).toBeGreaterThanOrEqual(4)
    const xs = wrapper.findAll('[data-testid=bar-net]').map((r) => Number(r.attributes('x')) + Number(r.attributes('width')))
    expect(Math.max(...xs)).toBeLessThanOrEqual(343)
  })

  it('says so when there is nothing in the currency', () => {
    const wrapper = mount(EarningsChart, { props: { rows: ROWS, currency: 'EUR' } })
    expect(wrapper.get('desc').text()).toBe('No earnings in EUR yet.')
    expect(wrapper.findAll('[data-testid=bar-net]')).toHaveLength(0)
  })
})
