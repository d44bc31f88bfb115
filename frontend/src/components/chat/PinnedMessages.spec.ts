import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { PinnedMessage } from '@/services/chatPins'
import PinnedMessages from './PinnedMessages.vue'

function pin(id: string, seq: number, body: string): PinnedMessage {
  return {
    id, seq, roomId: 'r1', threadId: null, lessonId: null, author: { id: 'ana', displayName: 'Ana' }, body, createdAt: '2026-01-01T10:00:00Z',
    editedAt: null, deleted: false, mentions: [{ id: 'u1', displayName: 'Bo' }], mentionsHere: false, replyCount: 0, lastReplyAt: null,
    answerId: null, pinnedAt: '2026-01-02T10:00:00Z',
  }
}

const server = vi.hoisted(() => ({ pins: [] as unknown[], loads: [] as string[], failLoad: false, failUnpin: false, unpinned: [] as string[] }))

vi.mock('@/services/chatPins', () => ({
  fetchPinnedMessages: async (roomId: string) => {
    server.loads.push(roomId)
    if (server.failLoad) throw new ApiError('This is a private conversation', 'FORBIDDEN')
    return server.pins
  },
  unpinMessage: async (id: string) => {
    if (server.failUnpin) throw new ApiError("Only the course's creator or an admin can pin messages", 'FORBIDDEN')
    server.unpinned.push(id)
  },
}))

beforeEach(() => Object.assign(server, { pins: [pin('m1', 7, 'Read <@u1> first'), pin('m2', 3, 'Exam on Friday')], loads: [], failLoad: false, failUnpin: false, unpinned: [] }))

describe('PinnedMessages', () => {
  it('lists the pins with names for mentions and opens one by seq', async () => {
    const wrapper = mount(PinnedMessages, { props: { roomId: 'r1' } })
    await flushPromises()
    const items = wrapper.findAll('[data-testid="pinned-item"]')
    expect(items.map((i) => i.text())).toEqual([expect.stringContaining('Read @Bo first'), expect.stringContaining('Exam on Friday')])
    expect(wrapper.find('[data-testid="pinned-unpin"]').exists()).toBe(false)
    await wrapper.findAll('[data-testid="pinned-open"]')[1]?.trigger('click')
    expect(wrapper.emitted('open')).toEqual([[3]])
  })

  it('unpins when allowed, and says why when it cannot', async () => {
    const wrapper = mount(PinnedMessages, { props: { roomId: 'r1', canUnpin: true } })
    await flushPromises()
    await wrapper.get('[data-testid="pinned-unpin"]').trigger('click')
    await flushPromises()
    expect(server.unpinned).toEqual(['m1'])
    expect(wrapper.emitted('unpinned')).toEqual([['m1']])
    expect(wrapper.findAll('[data-testid="pinned-item"]')).toHaveLength(1)
    server.failUnpin = true
    await wrapper.get('[data-testid="pinned-unpin"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="unpin-error"]').text()).toContain("Only the course's creator")
    expect(wrapper.findAll('[data-testid="pinned-item"]')).toHaveLength(1)
  })

  it('reloads when the version changes, shows the empty state and load errors', async () => {
    server.pins = []
    const wrapper = mount(PinnedMessages, { props: { roomId: 'r1' } })
    await flushPromises()
    expect(wrapper.text()).toContain('Nothing is pinned')
    server.failLoad = true
    await wrapper.setProps({ version: 1 })
    await flushPromises()
    expect(server.loads).toEqual(['r1', 'r1'])
    expect(wrapper.get('[role="alert"]').text()).toContain('Could not load the pinned messages: This is a private conversation')
  })
})
