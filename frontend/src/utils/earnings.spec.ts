import { describe, expect, it } from 'vitest'
import type { EarningsRow } from '@/services/types'
import { chartScale, monthlySeries, niceTicks } from './earnings'

function row(month: string, netCents: number, extra: Partial<EarningsRow> = {}): EarningsRow {
  return {
    courseId: 'c1', courseTitle: 'Rust', month, currency: 'USD', sales: 1, grossCents: netCents + 1000,
    feesCents: 1000, refundsCents: 0, netCents, ...extra,
  }
}

describe('the earnings series', () => {
  it('sums courses per month in one currency and fills the months between with zeros', () => {
    const rows = [
      row('2026-03', 4000), row('2026-03', 1000, { courseId: 'c2', sales: 2 }), row('2025-12', 3000),
      row('2026-01', 999_999, { currency: 'EUR' }),
    ]
    const series = monthlySeries(rows, 'USD')
    expect(series.map((m) => [m.month, m.sales, m.netCents, m.grossCents])).toEqual([
      ['2025-12', 1, 3000, 4000], ['2026-01', 0, 0, 0], ['2026-02', 0, 0, 0], ['2026-03', 3, 5000, 7000],
    ])
    expect(monthlySeries(rows, 'GBP')).toEqual([])
  })

  it('keeps the last months only', () => {
    const rows = [row('2024-01', 1), row('2026-03', 2)]
    const series = monthlySeries(rows, 'USD', 12)
    expect(series).toHaveLength(12)
    expect([series[0]?.month, series.at(-1)?.month]).toEqual(['2025-04', '2026-03'])
  })

  it('ticks are round, in whole cents, and include zero', () => {
    expect(niceTicks(0, 4900)).toEqual([0, 2000, 4000, 6000])
    expect(niceTicks(-1200, 4900)).toEqual([-2000, 0, 2000, 4000, 6000])
    expect(niceTicks(0, 100)).toEqual([0, 25, 50, 75, 100])
    expect(niceTicks(0, 1)).toEqual([0, 1])
    expect(niceTicks(0, 0)).toEqual([0, 100])
  })

  it('scales gross up, fees and refunds down, and a negative net below zero', () => {
    const series = monthlySeries([row('2026-01', 3900), row('2026-02', -2500, { grossCents: 0, feesCents: 0, refundsCents: 2500 })], 'USD')
    const scale = chartScale(series)
    expect([scale.min, scale.max]).toEqual([-4000, 6000])
    expect(scale.y(6000, 200)).toBe(0)
    expect(scale.y(-4000, 200)).toBe(200)
    expect(scale.y(0, 200)).toBe(120)
  })
})
