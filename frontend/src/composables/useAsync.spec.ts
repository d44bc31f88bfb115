import { describe, expect, it } from 'vitest'
import { useAsync } from './useAsync'

function deferred<T>() {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

describe('useAsync', () => {
  it('goes through loading to data, and to an error message on failure', async () => {
    const state = useAsync(async (fail: boolean) => {
      if (fail) throw new Error('boom')
      return 42
    })
    const run = state.run(false)
    expect(state.loading.value).toBe(true)
    await run
    expect([state.data.value, state.loading.value, state.error.value]).toEqual([42, false, null])
    await state.run(true)
    expect(state.error.value).toBe('boom')
  })

  it('keeps the answer of the newest run when an older one finishes last', async () => {
    const slow = deferred<string>()
    const fast = deferred<string>()
    const state = useAsync((d: { promise: Promise<string> }) => d.promise)
    const first = state.run(slow)
    const second = state.run(fast)
    fast.resolve('new')
    await second
    slow.resolve('old')
    await first
    expect(state.data.value).toBe('new')
    expect(state.loading.value).toBe(false)
  })
})
