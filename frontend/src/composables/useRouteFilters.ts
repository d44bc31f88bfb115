/**
 * An admin list's filters live in the URL (`/admin/orders?status=PAID&from=2027-01-01`), so a
 * list can be shared, reloaded, and found again with the Back button after opening a row. Every
 * value is a string here ('' when absent); each page turns them into its API filter and ignores
 * whatever a hand-edited URL holds that it does not understand.
 */
import { computed, type ComputedRef } from 'vue'
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router'

export type FilterValues<K extends string> = Record<K, string>

export interface RouteFilters<K extends string> {
  values: ComputedRef<FilterValues<K>>
  /** Replace some values (a filter change is not a new history entry). */
  update: (change: Partial<FilterValues<K>>) => Promise<unknown>
  reset: () => Promise<unknown>
}

export function useRouteFilters<K extends string>(keys: readonly K[]): RouteFilters<K> {
  const route = useRoute()
  const router = useRouter()

  const values = computed(() => {
    const out = {} as FilterValues<K>
    for (const key of keys) {
      const raw = route.query[key]
      const first = Array.isArray(raw) ? raw[0] : raw
      out[key] = typeof first === 'string' ? first.trim().slice(0, 200) : ''
    }
    return out
  })

  // What the last update asked for while its navigation is still under way: a second change
  // made meanwhile (a select changed while a debounced search lands) builds on it, not on the
  // URL that is about to be replaced, so neither change is lost.
  let wanted: FilterValues<K> | null = null

  function navigate(next: FilterValues<K>): Promise<unknown> {
    wanted = next
    const query: LocationQueryRaw = {}
    for (const key of keys) if (next[key]) query[key] = next[key]
    return router.replace({ query }).finally(() => {
      if (wanted === next) wanted = null
    })
  }

  function update(change: Partial<FilterValues<K>>): Promise<unknown> {
    return navigate({ ...(wanted ?? values.value), ...change })
  }

  function reset(): Promise<unknown> {
    const empty = {} as FilterValues<K>
    for (const key of keys) empty[key] = ''
    return navigate(empty)
  }

  return { values, update, reset }
}
