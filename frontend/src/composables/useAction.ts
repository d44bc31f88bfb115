/**
 * A user action in flight (a form submit, a button): `busy` while it runs, the error message if it
 * failed. Pages show both the same way, and a double click cannot start it twice.
 */
import { ref, type Ref } from 'vue'

export function errorMessage(error: unknown, fallback = 'Something went wrong. Please try again.'): string {
  return error instanceof Error && error.message ? error.message : fallback
}

export interface Action {
  busy: Ref<boolean>
  error: Ref<string | null>
  /** Resolves to true when `fn` succeeded. */
  run: (fn: () => Promise<unknown>) => Promise<boolean>
}

export function useAction(): Action {
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function run(fn: () => Promise<unknown>): Promise<boolean> {
    if (busy.value) return false
    busy.value = true
    error.value = null
    try {
      await fn()
      return true
    } catch (e) {
      error.value = errorMessage(e)
      return false
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
