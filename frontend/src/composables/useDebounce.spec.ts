import { mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useDebounce } from './useDebounce'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('useDebounce', () => {
  it('calls once typing pauses, with the latest arguments', () => {
    const calls: string[] = []
    const search = useDebounce((text: string) => calls.push(text), 300)
    search.call('r')
    vi.advanceTimersByTime(200)
    search.call('ru')
    vi.advanceTimersByTime(200)
    search.call('rust')
    expect(calls).toEqual([])
    vi.advanceTimersByTime(300)
    expect(calls).toEqual(['rust'])
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual(['rust'])
  })

  it('flushes at once (Enter) and forgets a cancelled call', () => {
    const calls: string[] = []
    const search = useDebounce((text: string) => calls.push(text), 300)
    search.call('now')
    search.flush()
    search.flush()
    expect(calls).toEqual(['now'])
    search.call('never')
    search.cancel()
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual(['now'])
  })

  it('fires nothing after its component is gone', () => {
    const calls: string[] = []
    let call: (text: string) => void = () => undefined
    const wrapper = mount(
      defineComponent({
        setup() {
          call = useDebounce((text: string) => calls.push(text), 300).call
          return () => h('div')
        },
      }),
    )
    call('late')
    wrapper.unmount()
    vi.advanceTimersByTime(1000)
    expect(calls).toEqual([])
  })
})
