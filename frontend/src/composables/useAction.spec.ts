import { describe, expect, it } from 'vitest'
import { errorMessage, useAction } from './useAction'

describe('useAction', () => {
  it('is busy while running and keeps the error message of a failure', async () => {
    const action = useAction()
    const running = action.run(async () => {
      expect(action.busy.value).toBe(true)
      throw new Error('Nope.')
    })
    expect(await running).toBe(false)
    expect([action.busy.value, action.error.value]).toEqual([false, 'Nope.'])
    expect(await action.run(async () => undefined)).toBe(true)
    expect(action.error.value).toBeNull()
  })

  it('does not start twice while busy', async () => {
    const action = useAction()
    let calls = 0
    const slow = () => new Promise<void>((resolve) => setTimeout(() => resolve(void calls++), 5))
    const results = await Promise.all([action.run(slow), action.run(slow)])
    expect([results, calls]).toEqual([[true, false], 1])
  })

  it('falls back to a generic message for non-errors', () => {
    expect(errorMessage('x')).toBe('Something went wrong. Please try again.')
    expect(errorMessage(new Error('Specific.'))).toBe('Specific.')
  })
})
