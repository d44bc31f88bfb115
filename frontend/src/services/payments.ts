/**
 * Buying courses, orders and receipts, coupons and a creator's earnings. Every amount is in the
 * currency's minor units and comes from the server: the app never sends a price, only a course,
 * a provider and maybe a coupon code.
 */
import { request } from './api'
import { graphql } from './generated'
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

export async function fetchPaymentOptions(): Promise<PaymentOptions> {
  const data = await request(graphql(`query PaymentOptions { paymentOptions { providers platformFeePercent } }`))
  return data.paymentOptions
}

/** What the viewer would pay; a coupon that does not apply is a BAD_USER_INPUT error saying why. */
export async function fetchPriceQuote(courseId: string, couponCode: string | null = null): Promise<PriceQuote> {
  const data = await request(
    graphql(`query PriceQuote($id: ID!, $code: String) { priceQuote(courseId: $id, couponCode: $code) { ...PriceQuoteFields } }`),
    { id: courseId, code: couponCode },
  )
  return data.priceQuote
}

export async function fetchFeeEstimate(priceCents: number, currency: string): Promise<PriceQuote> {
  const data = await request(
    graphql(`query FeeEstimate($cents: Int!, $currency: String!) { feeEstimate(priceCents: $cents, currency: $currency) { ...PriceQuoteFields } }`),
    { cents: priceCents, currency },
  )
  return data.feeEstimate
}

export async function checkout(courseId: string, provider: PaymentProvider, couponCode: string | null = null): Promise<Checkout> {
  const data = await request(
    graphql(`mutation Checkout($id: ID!, $provider: PaymentProvider!, $code: String) {
      checkout(courseId: $id, provider: $provider, couponCode: $code) { redirectUrl enrolled order { ...OrderFields } }
    }`),
    { id: courseId, provider, code: couponCode },
  )
  return data.checkout
}

export async function confirmCheckout(orderId: string): Promise<Order> {
  const data = await request(
    graphql(`mutation ConfirmCheckout($id: ID!) { confirmCheckout(orderId: $id) { ...OrderFields } }`),
    { id: orderId },
  )
  return data.confirmCheckout
}

export async function cancelCheckout(orderId: string): Promise<Order> {
  const data = await request(
    graphql(`mutation CancelCheckout($id: ID!) { cancelCheckout(orderId: $id) { ...OrderFields } }`),
    { id: orderId },
  )
  return data.cancelCheckout
}

/** The TEST provider's confirmation page (development only): approve pays, otherwise cancels. */
export async function completeTestPayment(orderId: string, approve: boolean): Promise<Order> {
  const data = await request(
    graphql(`mutation CompleteTestPayment($id: ID!, $approve: Boolean!) { completeTestPayment(orderId: $id, approve: $approve) { ...OrderFields } }`),
    { id: orderId, approve },
  )
  return data.completeTestPayment
}

export async function fetchOrder(id: string): Promise<Order | null> {
  const data = await request(graphql(`query Order($id: ID!) { order(id: $id) { ...OrderFields } }`), { id })
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
  const data = await request(
    graphql(`query MyOrders($first: Int, $after: String) {
      myOrders(first: $first, after: $after) { edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } }
    }`),
    { first, after },
  )
  return { orders: data.myOrders.edges.map((edge) => edge.node), pageInfo: data.myOrders.pageInfo }
}

export async function fetchMyCoupons(courseId: string | null = null): Promise<Coupon[]> {
  const data = await request(
    graphql(`query MyCoupons($id: ID) { myCoupons(courseId: $id) { ...CouponFields } }`),
    { id: courseId },
  )
  return data.myCoupons
}

export async function createCoupon(input: CouponInput): Promise<Coupon> {
  const data = await request(
    graphql(`mutation CreateCoupon($input: CouponInput!) { createCoupon(input: $input) { ...CouponFields } }`),
    { input },
  )
  return data.createCoupon
}

export async function disableCoupon(id: string): Promise<Coupon> {
  const data = await request(
    graphql(`mutation DisableCoupon($id: ID!) { disableCoupon(id: $id) { ...CouponFields } }`),
    { id },
  )
  return data.disableCoupon
}

export async function fetchMyEarnings(): Promise<Earnings> {
  const data = await request(
    graphql(`query MyEarnings {
      myEarnings {
        rows { courseId courseTitle month currency sales grossCents feesCents refundsCents netCents }
        totals { currency sales grossCents feesCents refundsCents netCents }
        csv
      }
    }`),
  )
  return data.myEarnings
}
