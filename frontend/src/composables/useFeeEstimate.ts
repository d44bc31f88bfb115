/**
 * What learners pay and the creator earns at the price being typed: asked of the server (the
 * platform's fee is its business) once typing pauses for `delayMs`, the newest answer winning.
 * A free or unusable price asks nothing.
 */
import { getCurrentScope, onScopeDispose, watch, type Ref, type ShallowRef } from 'vue'
import { fetchFeeEstimate } from '@/services/payments'
import type { PriceQuote } from '@/services/types'
import { useAsync } from './useAsync'

export interface FeeEstimate {
  estimate: ShallowRef<PriceQuote | null>
  error: Ref<string | null>
  loading: Ref<boolean>
}

export function useFeeEstimate(priceCents: () => number | null, currency: () => string, delayMs = 400): FeeEstimate {
  const { data, error, loading, run } = useAsync(fetchFeeEstimate)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(
    [priceCents, currency],
    ([cents, code]) => {
      clearTimeout(timer)
      if (cents === null || !Number.isSafeInteger(cents) || cents <= 0) {
        data.value = null
        error.value = null
        return
      }
      timer = setTimeout(() => void run(cents, code), delayMs)
    },
    { immediate: true },
  )
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer))
  return { estimate: data, error, loading }
}
