/**
 * Call `fn` once typing pauses for `ms` (a search box): `call` (re)starts the wait, `flush` runs
 * it now (Enter), `cancel` forgets it. Nothing fires after the component is gone.
 */
import { getCurrentInstance, onBeforeUnmount } from 'vue'

export interface Debounced<A extends unknown[]> {
  call: (...args: A) => void
  flush: () => void
  cancel: () => void
}

export function useDebounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): Debounced<A> {
  let timer: ReturnType<typeof setTimeout> | undefined
  let waiting: A | null = null

  function cancel(): void {
    clearTimeout(timer)
    waiting = null
  }

  function flush(): void {
    const args = waiting
    cancel()
    if (args) fn(...args)
  }

  function call(...args: A): void {
    clearTimeout(timer)
    waiting = args
    timer = setTimeout(flush, ms)
  }

  if (getCurrentInstance()) onBeforeUnmount(cancel)
  return { call, flush, cancel }
}
