import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import AsyncState from './AsyncState.vue'

const slots = { default: '<p class="content">the content</p>' }

describe('AsyncState', () => {
  it('shows loading, then the error with a retry, then empty, then the content', async () => {
    const wrapper = mount(AsyncState, { props: { loading: true, error: null }, slots })
    expect(wrapper.get('[role=status]').text()).toContain('Loading')
    await wrapper.setProps({ loading: false, error: 'It broke.' })
    expect(wrapper.get('[role=alert]').text()).toContain('It broke.')
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
    await wrapper.setProps({ error: null, empty: true, emptyText: 'No courses.' })
    expect(wrapper.text()).toBe('No courses.')
    await wrapper.setProps({ empty: false })
    expect(wrapper.get('.content').text()).toBe('the content')
  })

  it('offers no "Try again" for an error asking again will not change, and shows what to do instead', () => {
    const wrapper = mount(AsyncState, {
      props: { loading: false, error: 'This course does not exist.', retryable: false },
      slots: { ...slots, 'error-actions': '<a href="/courses">Browse courses</a>' },
    })
    expect(wrapper.get('[role=alert]').text()).toContain('This course does not exist.')
    expect(wrapper.find('button').exists()).toBe(false)
    expect(wrapper.get('a').text()).toBe('Browse courses')
  })
})
