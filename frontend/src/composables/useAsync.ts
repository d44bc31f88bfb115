/**
 * Loading / error / data for one async call, so every page shows the same three states.
 * A newer run wins: the answer of an older, slower run is dropped instead of overwriting it.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { ApiError } from '@/services/api'
import { errorMessage } from './useAction'

/**
 * Whether asking again could answer differently: a lost connection, a server fault or a rate
 * limit may pass; a course that does not exist or a refusal will not, and a "Try again" button
 * for those only sends the same question back.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true
  return error.code === 'NETWORK' || error.code === 'INTERNAL' || error.code === 'RATE_LIMITED'
}

export interface AsyncState<T, A extends unknown[]> {
  data: ShallowRef<T | null>
  error: Ref<string | null>
  /** False when the last error will not change by asking again (see `isRetryable`). */
  retryable: Ref<boolean>
  loading: Ref<boolean>
  run: (...args: A) => Promise<T | null>
}

export function useAsync<T, A extends unknown[]>(fn: (...args: A) => Promise<T>): AsyncState<T, A> {
  const data = shallowRef<T | null>(null)
  const error = ref<string | null>(null)
  const retryable = ref(true)
  const loading = ref(false)
  let latest = 0

  async function run(...args: A): Promise<T | null> {
    const ticket = ++latest
    loading.value = true
    error.value = null
    try {
      const value = await fn(...args)
      if (ticket === latest) data.value = value
      return value
    } catch (e) {
      if (ticket === latest) {
        error.value = errorMessage(e)
        retryable.value = isRetryable(e)
      }
      return null
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  return { data, error, retryable, loading, run }
}
