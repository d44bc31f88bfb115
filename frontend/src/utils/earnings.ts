/**
 * The earnings chart's numbers: one currency's rows summed per month (courses together), the
 * months in between filled with zeros so the axis is time, and a value axis with round ticks.
 * Amounts stay in minor units; only the labels format them.
 */
import type { EarningsRow } from '@/services/types'

export interface MonthTotals {
  /** YYYY-MM */
  month: string
  sales: number
  grossCents: number
  feesCents: number
  refundsCents: number
  netCents: number
}

function nextMonth(month: string): string {
  const [year = 0, number = 1] = month.split('-').map(Number)
  return number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`
}

/** The last `limit` months (of those from the first to the last with a row), oldest first. */
export function monthlySeries(rows: EarningsRow[], currency: string, limit = 12): MonthTotals[] {
  const byMonth = new Map<string, MonthTotals>()
  for (const row of rows) {
    if (row.currency !== currency || !/^\d{4}-\d{2}$/.test(row.month)) continue
    const sum = byMonth.get(row.month) ?? { month: row.month, sales: 0, grossCents: 0, feesCents: 0, refundsCents: 0, netCents: 0 }
    sum.sales += row.sales
    sum.grossCents += row.grossCents
    sum.feesCents += row.feesCents
    sum.refundsCents += row.refundsCents
    sum.netCents += row.netCents
    byMonth.set(row.month, sum)
  }
  const months = [...byMonth.keys()].sort()
  const first = months[0]
  const last = months.at(-1)
  if (!first || !last) return []
  const series: MonthTotals[] = []
  // Bounded: a corrupt far-future month cannot make this loop for ever.
  for (let month = first; month <= last && series.length < 1200; month = nextMonth(month)) {
    series.push(byMonth.get(month) ?? { month, sales: 0, grossCents: 0, feesCents: 0, refundsCents: 0, netCents: 0 })
  }
  return series.slice(-limit)
}

/** Round steps (1, 2, 2.5, 5 × 10ⁿ, whole cents) covering [min, max], zero always among them. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  const low = Math.min(0, min)
  const high = Math.max(0, max)
  if (high === low) return [0, 100]
  const rough = (high - low) / Math.max(1, count - 1)
  const power = 10 ** Math.floor(Math.log10(rough))
  const step = Math.max(1, Math.round(([1, 2, 2.5, 5, 10].find((f) => f * power >= rough) ?? 10) * power))
  const ticks: number[] = []
  for (let tick = Math.floor(low / step) * step; tick < high + step; tick += step) {
    ticks.push(tick)
    if (tick >= high) break
  }
  return ticks
}

export interface ChartScale {
  ticks: number[]
  min: number
  max: number
  /** A value's distance from the top, in pixels of a plot `height` tall. */
  y: (value: number, height: number) => number
}

/** Gross goes up from zero, fees and refunds down, net either way: the axis covers them all. */
export function chartScale(series: MonthTotals[]): ChartScale {
  const highest = Math.max(0, ...series.flatMap((m) => [m.grossCents, m.netCents]))
  const lowest = Math.min(0, ...series.flatMap((m) => [-(m.feesCents + m.refundsCents), m.netCents]))
  const ticks = niceTicks(lowest, highest)
  const min = ticks[0] ?? 0
  const max = ticks.at(-1) ?? 100
  return { ticks, min, max, y: (value, height) => ((max - value) / (max - min)) * height }
}
