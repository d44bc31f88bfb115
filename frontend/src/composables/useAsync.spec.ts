import { describe, expect, it } from 'vitest'
import { ApiError } from '@/services/api'
import { isRetryable, useAsync } from './useAsync'

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

  it('says whether asking again could help: not for NOT_FOUND or FORBIDDEN, yes for a lost connection', async () => {
    const state = useAsync(async (error: Error) => {
      throw error
    })
    await state.run(new ApiError('This course does not exist.', 'NOT_FOUND'))
    expect([state.error.value, state.retryable.value]).toEqual(['This course does not exist.', false])
    await state.run(new ApiError('Cannot reach EduSphere.', 'NETWORK'))
    expect(state.retryable.value).toBe(true)
    expect([isRetryable(new ApiError('no', 'FORBIDDEN')), isRetryable(new ApiError('slow down', 'RATE_LIMITED')), isRetryable(new Error('?'))]).toEqual([false, true, true])
  })
})
