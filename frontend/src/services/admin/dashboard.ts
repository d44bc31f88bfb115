/** The admin dashboard's figures in one query. */
import { request } from '@/services/api'
import { graphql } from '@/services/generated'
import type { Dashboard } from './types'

export const DASHBOARD_DAYS = [7, 30, 90] as const

/** `days`: the sales period; the server accepts 1-365, the page offers 7, 30 and 90. */
export async function fetchDashboard(days: number): Promise<Dashboard> {
  const data = await request(
    graphql(`query AdminDashboard($days: Int) {
      adminDashboard(days: $days) {
        usersByRole { role count active } coursesByStatus { status count } enrollments
        salesByDay { day currency orders revenueCents refundedCents } openSockets
        chatMessagesPerMinute { minute messages } writeBehind { backlog pending lagSeconds deadLetters } openReports
        mail { pending sending dead deadLastHour oldestPendingSeconds }
      }
    }`),
    { days },
  )
  return data.adminDashboard
}
