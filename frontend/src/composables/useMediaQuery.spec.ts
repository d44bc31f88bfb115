import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { useMediaQuery } from './useMediaQuery'

/** A stand-in matchMedia whose answer the test changes, as a resize would. */
function fakeMedia(initially: boolean) {
  const listeners = new Set<(event: { matches: boolean }) => void>()
  const list = {
    matches: initially,
    addEventListener: (_: string, fn: (event: { matches: boolean }) => void) => listeners.add(fn),
    removeEventListener: (_: string, fn: (event: { matches: boolean }) => void) => listeners.delete(fn),
  }
  vi.stubGlobal('matchMedia', () => list)
  return { listeners, resize: (matches: boolean) => listeners.forEach((fn) => fn({ matches })) }
}

const Probe = defineComponent({
  setup() {
    const wide = useMediaQuery('(min-width: 768px)')
    return () => h('p', wide.value ? 'wide' : 'narrow')
  },
})

afterEach(() => vi.unstubAllGlobals())

describe('useMediaQuery', () => {
  it('follows the query as the window changes, and stops listening when unmounted', async () => {
    const media = fakeMedia(false)
    const wrapper = mount(Probe)
    expect(wrapper.text()).toBe('narrow')
    media.resize(true)
    await nextTick()
    expect(wrapper.text()).toBe('wide')
    wrapper.unmount()
    expect(media.listeners.size).toBe(0)
  })

  it('is the fallback without matchMedia', () => {
    vi.stubGlobal('matchMedia', undefined)
    expect(mount(Probe).text()).toBe('wide')
  })
})
