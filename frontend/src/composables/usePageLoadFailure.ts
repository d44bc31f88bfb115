/**
 * A page whose code could not be downloaded (each page is its own chunk, fetched on the first
 * visit): offline, the tap on a course card did nothing at all. The router reports it here;
 * the app shows it above the page with a way to try again.
 *
 * Online, a chunk that fails is most likely one a new release replaced (its hashed name is gone
 * from the server): the whole app is loaded again at the address asked for, once.
 */
import { ref, type Ref } from 'vue'
import type { RouteLocationNormalized, Router } from 'vue-router'

export interface PageLoadFailure {
  path: string
  message: string
}

const failure = ref<PageLoadFailure | null>(null)
const RELOADED_KEY = 'edusphere:reloaded-for'

/** Errors of a dynamic `import()` that could not fetch its module (Chromium, Firefox, Safari). */
export function isChunkLoadError(error: unknown): boolean {
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error)
  return /Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed|Unable to preload CSS/i.test(text)
}

export function watchPageLoads(router: Router, online: () => boolean = () => navigator.onLine, reload: (path: string) => void = (path) => window.location.assign(path)): void {
  router.onError((error: unknown, to: RouteLocationNormalized) => {
    if (!isChunkLoadError(error)) return
    if (online() && sessionStorage.getItem(RELOADED_KEY) !== to.fullPath) {
      sessionStorage.setItem(RELOADED_KEY, to.fullPath)
      reload(to.fullPath)
      return
    }
    failure.value = {
      path: to.fullPath,
      message: online() ? 'That page could not be loaded. Please try again.' : 'You are offline: that page could not be opened. Check your connection and try again.',
    }
  })
  router.afterEach((_to, _from, navigationFailure) => {
    if (!navigationFailure) {
      failure.value = null
      sessionStorage.removeItem(RELOADED_KEY)
    }
  })
}

export function usePageLoadFailure(): { failure: Ref<PageLoadFailure | null>; retry: (router: Router) => Promise<void>; dismiss: () => void } {
  return {
    failure,
    retry: async (router) => {
      const path = failure.value?.path
      if (path) await router.push(path)
    },
    dismiss: () => (failure.value = null),
  }
}
