/**
 * True once `source` has stayed true for `ms`; false as soon as it is false. The live socket
 * reconnects by design (the server ends it when its access token expires, and the client comes
 * straight back with a fresh one): a blip that short must not flash "Connection lost".
 */
import { getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue'

export function useLasting(source: () => boolean, ms: number): Ref<boolean> {
  const lasting = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(
    source,
    (on) => {
      clearTimeout(timer)
      if (!on) lasting.value = false
      else if (!lasting.value) timer = setTimeout(() => (lasting.value = true), ms)
    },
    { immediate: true },
  )
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer))
  return lasting
}
