import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { nextTick, ref } from 'vue'
import { useLasting } from './useLasting'

describe('useLasting', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('turns true only after the source stayed true long enough', async () => {
    const source = ref(false)
    const lasting = useLasting(() => source.value, 1000)
    source.value = true
    await nextTick()
    vi.advanceTimersByTime(999)
    expect(lasting.value).toBe(false)
    vi.advanceTimersByTime(1)
    expect(lasting.value).toBe(true)
  })

  it('ignores a blip and drops at once when the source does', async () => {
    const source = ref(true)
    const lasting = useLasting(() => source.value, 1000)
    vi.advanceTimersByTime(500)
    source.value = false
    await nextTick()
    vi.advanceTimersByTime(2000)
    expect(lasting.value).toBe(false)
    source.value = true
    await nextTick()
    vi.advanceTimersByTime(1000)
    expect(lasting.value).toBe(true)
    source.value = false
    await nextTick()
    expect(lasting.value).toBe(false)
  })
})
