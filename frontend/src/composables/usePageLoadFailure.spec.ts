import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { isChunkLoadError, usePageLoadFailure, watchPageLoads } from './usePageLoadFailure'

const state = { online: false, reloads: [] as string[], chunkFails: true }

function appRouter(): Router {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses', component: { template: '<p>catalog</p>' } },
      {
        path: '/courses/:slug',
        component: () => (state.chunkFails ? Promise.reject(new TypeError('Failed to fetch dynamically imported module: /assets/CoursePage-x.js')) : Promise.resolve({ template: '<p>course</p>' })),
      },
    ],
  })
  watchPageLoads(router, () => state.online, (path) => state.reloads.push(path))
  return router
}

beforeEach(() => {
  Object.assign(state, { online: false, reloads: [], chunkFails: true })
  sessionStorage.clear()
  usePageLoadFailure().dismiss()
})

describe('a page whose code cannot be downloaded', () => {
  it('offline: says so where the visitor is, and opens the page on "Try again" once it can', async () => {
    const router = appRouter()
    await router.push('/courses')
    await router.push('/courses/rust').catch(() => undefined)
    await flushPromises()
    const { failure, retry } = usePageLoadFailure()
    expect(router.currentRoute.value.fullPath).toBe('/courses') // still where the tap was
    expect(failure.value).toEqual({ path: '/courses/rust', message: 'You are offline: that page could not be opened. Check your connection and try again.' })
    state.chunkFails = false
    await retry(router)
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust')
    expect(failure.value).toBeNull()
  })

  it('online: loads the app again at that address once (a new release replaced the chunk), then says so', async () => {
    state.online = true
    const router = appRouter()
    await router.push('/courses')
    await router.push('/courses/rust').catch(() => undefined)
    expect(state.reloads).toEqual(['/courses/rust'])
    expect(usePageLoadFailure().failure.value).toBeNull()
    await router.push('/courses/rust').catch(() => undefined) // after the reload, still failing: no loop
    expect(state.reloads).toEqual(['/courses/rust'])
    expect(usePageLoadFailure().failure.value?.message).toBe('That page could not be loaded. Please try again.')
  })

  it('tells chunk failures from other errors', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: x.js'))).toBe(true)
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true)
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/x.css'))).toBe(true)
    expect(isChunkLoadError(new Error('boom'))).toBe(false)
  })
})
