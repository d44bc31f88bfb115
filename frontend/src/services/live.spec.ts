import { describe, expect, it } from 'vitest'
import { backoffMs } from './live'

describe('reconnect backoff', () => {
  it('doubles from 250 ms, caps at 8 s, and is jittered down to half', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffMs(n, () => 1))).toEqual([250, 500, 1000, 2000, 8000])
    expect(backoffMs(10, () => 0)).toBe(4000)
  })
})
