/**
 * Whether a CSS media query matches, kept up to date as the window is resized or turned. For
 * layouts that differ in what they render, not only in how it looks (the catalog's filters: a
 * sidebar on wide screens, a sheet behind a button on phones), where CSS alone would leave two
 * copies of every field in the page. Without matchMedia (an old browser, jsdom) it is `fallback`.
 */
import { getCurrentInstance, onBeforeUnmount, ref, type Ref } from 'vue'

export function useMediaQuery(query: string, fallback = true): Readonly<Ref<boolean>> {
  const list = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia(query) : null
  const matches = ref(list ? list.matches : fallback)
  if (list) {
    const changed = (event: MediaQueryListEvent): void => {
      matches.value = event.matches
    }
    list.addEventListener('change', changed)
    if (getCurrentInstance()) onBeforeUnmount(() => list.removeEventListener('change', changed))
  }
  return matches
}

/** Tailwind's `md` breakpoint: from here up the catalog shows its filters beside the results. */
export const WIDE_SCREEN = '(min-width: 768px)'
