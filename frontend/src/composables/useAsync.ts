/**
 * Loading / error / data for one async call, so every page shows the same three states.
 * A newer run wins: the answer of an older, slower run is dropped instead of overwriting it.
 */
import { ref, shallowRef, type Ref, type ShallowRef } from 'vue'
import { errorMessage } from './useAction'

export interface AsyncState<T, A extends unknown[]> {
  data: ShallowRef<T | null>
  error: Ref<string | null>
  loading: Ref<boolean>
  run: (...args: A) => Promise<T | null>
}

export function useAsync<T, A extends unknown[]>(fn: (...args: A) => Promise<T>): AsyncState<T, A> {
  const data = shallowRef<T | null>(null)
  const error = ref<string | null>(null)
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
      if (ticket === latest) error.value = errorMessage(e)
      return null
    } finally {
      if (ticket === latest) loading.value = false
    }
  }

  return { data, error, loading, run }
}
