/**
 * Buying courses, orders and receipts, coupons and a creator's earnings. Every amount is in the
 * currency's minor units and comes from the server: the app never sends a price, only a course,
 * a provider and maybe a coupon code.
 */
import { request } from './api'
import type {
  Checkout,
  Coupon,
  CouponInput,
  Earnings,
  Order,
  PageInfo,
  PaymentOptions,
  PaymentProvider,
  PriceQuote,
} from './types'

const QUOTE = `listPriceCents discountCents amountCents currency couponCode platformFeePercent platformFeeCents
  creatorEarningsCents`
export const ORDER = `id status provider listPriceCents discountCents amountCents refundedCents currency couponCode
  failureMessage receiptNumber createdAt paidAt canceledAt refundedAt
  course { id slug title creator { id displayName } } buyer { id displayName email }
  refunds { id amountCents currency reason createdAt }`
const COUPON = `id code kind percentOff amountOffCents currency expiresAt maxRedemptions redemptionCount active
  problem createdAt course { id slug title }`
const TOTAL = 'currency sales grossCents feesCents refundsCents netCents'

export async function fetchPaymentOptions(): Promise<PaymentOptions> {
  const data = await request<{ paymentOptions: PaymentOptions }>(
    'query PaymentOptions { paymentOptions { providers platformFeePercent } }',
  )
  return data.paymentOptions
}

/** What the viewer would pay; a coupon that does not apply is a BAD_USER_INPUT error saying why. */
export async function fetchPriceQuote(courseId: string, couponCode: string | null = null): Promise<PriceQuote> {
  const data = await request<{ priceQuote: PriceQuote }>(
    `query PriceQuote($id: ID!, $code: String) { priceQuote(courseId: $id, couponCode: $code) { ${QUOTE} } }`,
    { id: courseId, code: couponCode },
  )
  return data.priceQuote
}

export async function fetchFeeEstimate(priceCents: number, currency: string): Promise<PriceQuote> {
  const data = await request<{ feeEstimate: PriceQuote }>(
    `query FeeEstimate($cents: Int!, $currency: String!) { feeEstimate(priceCents: $cents, currency: $currency) { ${QUOTE} } }`,
    { cents: priceCents, currency },
  )
  return data.feeEstimate
}

export async function checkout(courseId: string, provider: PaymentProvider, couponCode: string | null = null): Promise<Checkout> {
  const data = await request<{ checkout: Checkout }>(
    `mutation Checkout($id: ID!, $provider: PaymentProvider!, $code: String) {
      checkout(courseId: $id, provider: $provider, couponCode: $code) { redirectUrl enrolled order { ${ORDER} } }
    }`,
    { id: courseId, provider, code: couponCode },
  )
  return data.checkout
}

export async function confirmCheckout(orderId: string): Promise<Order> {
  const data = await request<{ confirmCheckout: Order }>(
    `mutation ConfirmCheckout($id: ID!) { confirmCheckout(orderId: $id) { ${ORDER} } }`,
    { id: orderId },
  )
  return data.confirmCheckout
}

export async function cancelCheckout(orderId: string): Promise<Order> {
  const data = await request<{ cancelCheckout: Order }>(
    `mutation CancelCheckout($id: ID!) { cancelCheckout(orderId: $id) { ${ORDER} } }`,
    { id: orderId },
  )
  return data.cancelCheckout
}

/** The TEST provider's confirmation page (development only): approve pays, otherwise cancels. */
export async function completeTestPayment(orderId: string, approve: boolean): Promise<Order> {
  const data = await request<{ completeTestPayment: Order }>(
    `mutation CompleteTestPayment($id: ID!, $approve: Boolean!) { completeTestPayment(orderId: $id, approve: $approve) { ${ORDER} } }`,
    { id: orderId, approve },
  )
  return data.completeTestPayment
}

export async function fetchOrder(id: string): Promise<Order | null> {
  const data = await request<{ order: Order | null }>(`query Order($id: ID!) { order(id: $id) { ${ORDER} } }`, { id })
  return data.order
}

/** For pages that cannot show anything without the order: a missing one is an error state. */
export async function requireOrder(id: string): Promise<Order> {
  const found = await fetchOrder(id)
  if (!found) throw new Error('This order does not exist, or it is not yours.')
  return found
}

export interface OrderPage {
  orders: Order[]
  pageInfo: PageInfo
}

export async function fetchMyOrders(after: string | null = null, first = 20): Promise<OrderPage> {
  const data = await request<{ myOrders: { edges: { node: Order }[]; pageInfo: PageInfo } }>(
    `query MyOrders($first: Int, $after: String) {
      myOrders(first: $first, after: $after) { edges { node { ${ORDER} } } pageInfo { hasNextPage endCursor } }
    }`,
    { first, after },
  )
  return { orders: data.myOrders.edges.map((edge) => edge.node), pageInfo: data.myOrders.pageInfo }
}

export async function fetchMyCoupons(courseId: string | null = null): Promise<Coupon[]> {
  const data = await request<{ myCoupons: Coupon[] }>(
    `query MyCoupons($id: ID) { myCoupons(courseId: $id) { ${COUPON} } }`,
    { id: courseId },
  )
  return data.myCoupons
}

export async function createCoupon(input: CouponInput): Promise<Coupon> {
  const data = await request<{ createCoupon: Coupon }>(
    `mutation CreateCoupon($input: CouponInput!) { createCoupon(input: $input) { ${COUPON} } }`,
    { input },
  )
  return data.createCoupon
}

export async function disableCoupon(id: string): Promise<Coupon> {
  const data = await request<{ disableCoupon: Coupon }>(
    `mutation DisableCoupon($id: ID!) { disableCoupon(id: $id) { ${COUPON} } }`,
    { id },
  )
  return data.disableCoupon
}

export async function fetchMyEarnings(): Promise<Earnings> {
  const data = await request<{ myEarnings: Earnings }>(
    `query MyEarnings { myEarnings { rows { courseId courseTitle month ${TOTAL} } totals { ${TOTAL} } csv } }`,
  )
  return data.myEarnings
}
