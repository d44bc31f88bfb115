import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import { fetchDashboard } from './dashboard'

let sent: { query: string; variables: Record<string, unknown> }[] = []

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as (typeof sent)[number])
    const body = { data: { adminDashboard: { enrollments: 7, openReports: 2 } } }
    return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

describe('the dashboard service', () => {
  it('asks for the period given and every figure the page shows', async () => {
    expect(await fetchDashboard(90)).toEqual({ enrollments: 7, openReports: 2 })
    expect(sent.at(-1)?.variables).toEqual({ days: 90 })
    const query = sent.at(-1)?.query ?? ''
    for (const field of ['usersByRole { role count active }', 'coursesByStatus', 'salesByDay { day currency orders revenueCents refundedCents }',
      'openSockets', 'chatMessagesPerMinute { minute messages }', 'writeBehind { backlog pending lagSeconds deadLetters }', 'openReports',
      'mail { pending sending dead deadLastHour oldestPendingSeconds }']) {
      expect(query).toContain(field)
    }
  })
})
