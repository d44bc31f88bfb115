/** A clock that ticks while the component lives (typing indicators expire on it). */
import { onBeforeUnmount, ref, type Ref } from 'vue'

export function useNow(intervalMs: number): Ref<number> {
  const now = ref(Date.now())
  const timer = setInterval(() => (now.value = Date.now()), intervalMs)
  onBeforeUnmount(() => clearInterval(timer))
  return now
}
