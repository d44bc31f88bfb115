/** Words and colours the payment pages share, and the browser download of a text file. */
import type { OrderStatus, PaymentProvider } from '@/services/types'

export const PROVIDER_LABELS: Record<PaymentProvider, string> = {
  STRIPE: 'Card',
  PAYPAL: 'PayPal',
  TEST: 'Test payment',
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  PENDING: 'Pending',
  PAID: 'Paid',
  FAILED: 'Failed',
  CANCELED: 'Canceled',
  REFUNDED: 'Refunded',
  PARTIALLY_REFUNDED: 'Partly refunded',
}

export const STATUS_STYLE: Record<OrderStatus, string> = {
  PENDING: 'bg-amber-100 text-amber-900',
  PAID: 'bg-green-100 text-green-900',
  FAILED: 'bg-red-100 text-red-900',
  CANCELED: 'bg-slate-200 text-slate-700',
  REFUNDED: 'bg-slate-200 text-slate-700',
  PARTIALLY_REFUNDED: 'bg-sky-100 text-sky-900',
}

/** What every page says of an order paid through the TEST provider: it must never read as real money. */
export const TEST_PAYMENT_NOTE = 'Test payment — no money moved'

export function isTestOrder(order: { provider: PaymentProvider }): boolean {
  return order.provider === 'TEST'
}

/** "2026-03" as "Mar 2026", read as UTC: the server groups months in UTC. */
export function formatMonth(month: string): string {
  const [year, number] = month.split('-').map(Number)
  if (!year || !number) return month
  return new Date(Date.UTC(year, number - 1, 1)).toLocaleDateString(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' })
}

/** Save `text` as a file through a temporary object URL (nothing is sent anywhere). */
export function downloadText(text: string, filename: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked on the next turn: Chromium and Firefox start the download from the click itself.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** Off to a payment provider's page: a full page load, the app comes back on the return page. */
export function leaveTo(url: string): void {
  window.location.assign(url)
}
