import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import ChatSettingsSwitch from './ChatSettingsSwitch.vue'

const server = vi.hoisted(() => ({ value: false, failLoad: false, refuse: false, updates: [] as unknown[][] }))

vi.mock('@/services/chatSettings', () => ({
  fetchChatSettings: async () => {
    if (server.failLoad) throw new ApiError('Cannot reach EduSphere. Check your connection and try again.', 'NETWORK')
    return { learnerDirectMessages: server.value }
  },
  updateChatSettings: async (...args: unknown[]) => {
    server.updates.push(args)
    if (server.refuse) throw new ApiError("Only the course's creator or an admin can change its chat settings", 'FORBIDDEN')
    server.value = Boolean(args[1])
    return { learnerDirectMessages: server.value }
  },
}))

beforeEach(() => Object.assign(server, { value: false, failLoad: false, refuse: false, updates: [] }))

describe('ChatSettingsSwitch', () => {
  it('shows the current state and turns it on', async () => {
    const wrapper = mount(ChatSettingsSwitch, { props: { courseId: 'c1', slug: 'rust' } })
    await flushPromises()
    const toggle = wrapper.get('[data-testid="learner-dm-switch"]')
    expect(toggle.attributes('aria-checked')).toBe('false')
    expect(wrapper.get('[data-testid="learner-dm-state"]').text()).toContain('Off')
    await toggle.trigger('click')
    await flushPromises()
    expect(server.updates).toEqual([['c1', true]])
    expect(toggle.attributes('aria-checked')).toBe('true')
    expect(wrapper.get('[role="status"]').text()).toBe('Learners can now message each other.')
    expect(wrapper.emitted('changed')).toEqual([[true]])
  })

  it('goes back and says why when the server refuses', async () => {
    server.refuse = true
    const wrapper = mount(ChatSettingsSwitch, { props: { courseId: 'c1', slug: 'rust' } })
    await flushPromises()
    await wrapper.get('[data-testid="learner-dm-switch"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="learner-dm-switch"]').attributes('aria-checked')).toBe('false')
    expect(wrapper.get('[role="alert"]').text()).toBe("Could not change it: Only the course's creator or an admin can change its chat settings")
  })

  it('says when the settings cannot be loaded, and retries', async () => {
    server.failLoad = true
    const wrapper = mount(ChatSettingsSwitch, { props: { courseId: 'c1', slug: 'rust' } })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain('Could not load the chat settings: Cannot reach EduSphere')
    server.failLoad = false
    await wrapper.get('[role="alert"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="learner-dm-switch"]').exists()).toBe(true)
  })
})
