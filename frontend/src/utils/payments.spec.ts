import { afterEach, describe, expect, it, vi } from 'vitest'
import { downloadText, formatMonth, isTestOrder, TEST_PAYMENT_NOTE } from './payments'

describe('payment utils', () => {
  afterEach(() => vi.useRealTimers())

  it('tells a test order from a real one, and says no money moved', () => {
    expect(isTestOrder({ provider: 'TEST' })).toBe(true)
    expect(isTestOrder({ provider: 'STRIPE' })).toBe(false)
    expect(TEST_PAYMENT_NOTE).toBe('Test payment — no money moved')
  })

  it('names a UTC month and leaves anything else as it is', () => {
    expect(formatMonth('2026-03')).toMatch(/Mar.*2026|2026.*Mar/)
    expect(formatMonth('2026-12')).toMatch(/Dec/)
    expect(formatMonth('soon')).toBe('soon')
  })

  it('downloads text as a named Blob file and frees the URL afterwards', async () => {
    vi.useFakeTimers()
    const blobs: Blob[] = []
    const created = vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob)
      return 'blob:earnings'
    })
    const revoked = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined)
    const clicks: { href: string; download: string }[] = []
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicks.push({ href: this.href, download: this.download })
    })
    downloadText('month,net\n2026-03,1599\n', 'earnings.csv')
    expect(created).toHaveBeenCalledOnce()
    expect(click).toHaveBeenCalledOnce()
    expect(clicks).toEqual([{ href: 'blob:earnings', download: 'earnings.csv' }])
    expect(document.querySelector('a[download]')).toBeNull()
    expect(blobs[0]?.type).toBe('text/csv;charset=utf-8')
    expect(await blobs[0]?.text()).toBe('month,net\n2026-03,1599\n')
    expect(revoked).not.toHaveBeenCalled()
    vi.runAllTimers()
    expect(revoked).toHaveBeenCalledWith('blob:earnings')
  })
})
