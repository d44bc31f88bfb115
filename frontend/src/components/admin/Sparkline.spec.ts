import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import Sparkline from './Sparkline.vue'

function points(wrapper: ReturnType<typeof mount>): [number, number][] {
  return (wrapper.find('polyline').attributes('points') ?? '').split(' ').map((p) => p.split(',').map(Number) as [number, number])
}

describe('Sparkline', () => {
  it('is an image named by its label, highest value at the top', () => {
    const wrapper = mount(Sparkline, { props: { values: [0, 5, 10], label: 'Chat messages per minute: at most 10' } })
    expect(wrapper.get('svg').attributes('role')).toBe('img')
    expect(wrapper.get('svg').attributes('aria-label')).toBe('Chat messages per minute: at most 10')
    const [a, b, c] = points(wrapper)
    expect(a?.[1]).toBeCloseTo(39, 6)
    expect(c?.[1]).toBeCloseTo(1, 6)
    expect(b?.[1]).toBeCloseTo(20, 6)
    expect(c?.[0]).toBeCloseTo(159, 6)
  })

  it('draws one value as a flat line and none as nothing', () => {
    expect(points(mount(Sparkline, { props: { values: [3], label: 'x' } }))).toHaveLength(2)
    expect(mount(Sparkline, { props: { values: [], label: 'x' } }).find('polyline').exists()).toBe(false)
  })
})
