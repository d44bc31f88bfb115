/**
 * Administrators' order calls: every order by filter, the totals and the CSV of the same filter,
 * and refunds. Amounts travel in the currency's minor units; the refund dialog converts what the
 * admin types (utils/refund.ts) before anything is sent.
 */
import { request } from '@/services/api'
import { graphql } from '@/services/generated'
import type { OrderFilter, OrderTotalsQuery } from '@/services/generated/graphql'
import type { Order, OrderStatus, PaymentProvider } from '@/services/types'
import { toPage, type AdminPage } from './types2'

export const ORDER_STATUSES: readonly OrderStatus[] = ['PENDING', 'PAID', 'FAILED', 'CANCELED', 'REFUNDED', 'PARTIALLY_REFUNDED']
export const PAYMENT_PROVIDERS: readonly PaymentProvider[] = ['STRIPE', 'PAYPAL', 'TEST']

/**
 * `OrderFilter`: `createdAfter` (inclusive) and `createdBefore` (exclusive) are ISO 8601; `search`
 * is part of the buyer's email or the receipt number.
 */
export type AdminOrderFilter = OrderFilter

/** The orders a filter selects, in one currency (minor units); `paidOrders` counts refunded ones. */
export type OrderTotal = OrderTotalsQuery['orderTotals'][number]

export async function fetchAdminOrders(filter: AdminOrderFilter, after: string | null, first = 25): Promise<AdminPage<Order>> {
  const data = await request(
    graphql(`query AdminOrders($filter: OrderFilter, $first: Int, $after: String) {
      orders(filter: $filter, first: $first, after: $after) {
        edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped
      }
    }`),
    { filter, first, after },
  )
  return toPage(data.orders)
}

export async function fetchOrderTotals(filter: AdminOrderFilter): Promise<OrderTotal[]> {
  const data = await request(
    graphql(`query OrderTotals($filter: OrderFilter) { orderTotals(filter: $filter) { currency orders paidOrders amountCents refundedCents netCents } }`),
    { filter },
  )
  return data.orderTotals
}

/** The filter's orders as CSV, header line first (the server stops at 10,000 rows). */
export async function fetchOrdersCsv(filter: AdminOrderFilter): Promise<string> {
  const data = await request(graphql(`query OrdersCsv($filter: OrderFilter) { ordersCsv(filter: $filter) }`), { filter })
  return data.ordersCsv
}

/**
 * Refund `amountCents` of a paid order, or (null) all that is left of it; the reason is required
 * and audited. The provider refusing is PROVIDER_ERROR with its own words; more than is left is
 * BAD_USER_INPUT.
 */
export async function refundOrder(orderId: string, amountCents: number | null, reason: string): Promise<Order> {
  const data = await request(
    graphql(`mutation RefundOrder($id: ID!, $amount: Int, $reason: String) { refundOrder(orderId: $id, amountCents: $amount, reason: $reason) { ...OrderFields } }`),
    { id: orderId, amount: amountCents, reason },
  )
  return data.refundOrder
}
