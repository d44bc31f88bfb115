import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Earnings } from '@/services/types'
import StudioEarnings from './StudioEarnings.vue'

const server = vi.hoisted(() => ({ earnings: null as Earnings | null, downloads: [] as { text: string; name: string }[] }))

vi.mock('@/services/payments', () => ({ fetchMyEarnings: async () => server.earnings }))
vi.mock('@/utils/payments', async (original) => ({
  ...(await original<typeof import('@/utils/payments')>()),
  downloadText: (text: string, name: string) => server.downloads.push({ text, name }),
}))

const CSV = 'month,course_id,course_title,currency,sales,gross_cents,fees_cents,refunds_cents,net_cents\n2026-03,c1,Rust,USD,2,9800,1960,0,7840\n'

beforeEach(() => {
  server.downloads = []
  server.earnings = {
    rows: [
      { courseId: 'c1', courseTitle: 'Rust', month: '2026-02', currency: 'USD', sales: 1, grossCents: 4900, feesCents: 980, refundsCents: 0, netCents: 3920 },
      { courseId: 'c1', courseTitle: 'Rust', month: '2026-03', currency: 'USD', sales: 2, grossCents: 9800, feesCents: 1960, refundsCents: 4900, netCents: 2940 },
      { courseId: 'c2', courseTitle: 'Go', month: '2026-03', currency: 'EUR', sales: 1, grossCents: 2000, feesCents: 400, refundsCents: 0, netCents: 1600 },
    ],
    totals: [
      { currency: 'USD', sales: 3, grossCents: 14700, feesCents: 2940, refundsCents: 4900, netCents: 6860 },
      { currency: 'EUR', sales: 1, grossCents: 2000, feesCents: 400, refundsCents: 0, netCents: 1600 },
    ],
    csv: CSV,
  }
})

describe('the studio earnings', () => {
  it('shows totals and a chart per currency, and the rows newest month first', async () => {
    const wrapper = mount(StudioEarnings)
    await flushPromises()
    const totals = wrapper.findAll('[data-testid=earnings-total]')
    expect(totals.map((t) => t.get('dd').text())).toEqual(['$68.60', '€16.00'])
    expect(wrapper.findAll('svg[data-testid=earnings-chart] title').map((t) => t.text()).filter((t) => t.startsWith('Earnings'))).toEqual([
      'Earnings per month in USD', 'Earnings per month in EUR',
    ])
    const rows = wrapper.findAll('[data-testid=earnings-row]').map((r) => r.findAll('td').map((td) => td.text()))
    expect(rows.map((r) => [r[1], r.at(-1)])).toEqual([['Go', '€16.00'], ['Rust', '$29.40'], ['Rust', '$39.20']])
    expect(wrapper.get('tfoot').text()).toContain('Total USD')
    const cards = wrapper.findAll('[data-testid=earnings-card]').map((c) => c.text())
    expect(cards).toHaveLength(3)
    expect(cards[1]).toMatch(/^Rust\s*\$29\.40\s*Mar 2026 · 2 sales · gross \$98\.00\s*· fees \$19\.60 · refunds \$49\.00$/)
  })

  it('exports the server’s CSV as earnings.csv', async () => {
    const wrapper = mount(StudioEarnings)
    await flushPromises()
    await wrapper.get('[data-testid=export-csv]').trigger('click')
    expect(server.downloads).toEqual([{ text: CSV, name: 'earnings.csv' }])
  })

  it('says when there are no sales yet, without an export', async () => {
    server.earnings = { rows: [], totals: [], csv: 'month\n' }
    const wrapper = mount(StudioEarnings)
    await flushPromises()
    expect(wrapper.text()).toContain('No sales yet.')
    expect(wrapper.find('[data-testid=export-csv]').exists()).toBe(false)
  })
})
