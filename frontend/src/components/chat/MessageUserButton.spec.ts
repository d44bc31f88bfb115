import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { DirectRoom } from '@/services/chatMembers'
import MessageUserButton from './MessageUserButton.vue'

function room(slug: string, name: string, unreadCount: number, unreadMentions = 0): DirectRoom {
  return { id: `id-${slug}`, slug, name, kind: 'DIRECT', courseId: 'c1', unreadCount, unreadMentions, latestSeq: 5, directMember: { id: `u-${name}`, displayName: name } }
}

const server = vi.hoisted(() => ({ rooms: [] as unknown[], fail: false, opened: [] as unknown[][], refuse: null as string | null }))

vi.mock('@/services/chatMembers', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/services/chatMembers')>()),
  fetchDirectRooms: async () => {
    if (server.fail) throw new ApiError('Only the course\'s learners and creator can see its rooms', 'FORBIDDEN')
    return server.rooms
  },
  openDirectRoom: async (...args: unknown[]) => {
    server.opened.push(args)
    if (server.refuse) throw new ApiError(server.refuse, 'FORBIDDEN')
    return { ...(server.rooms[0] as object), slug: 'dm-new' }
  },
}))

async function routerAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/courses/:slug/chat/:room?', name: 'chat', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  return router
}

beforeEach(() => Object.assign(server, { rooms: [room('dm-a', 'Ana', 2, 1), room('dm-b', 'Bo', 0)], fail: false, opened: [], refuse: null }))

describe('MessageUserButton', () => {
  it('opens the direct room and goes to it', async () => {
    const router = await routerAt('/')
    const wrapper = mount(MessageUserButton, { props: { courseId: 'c1', courseSlug: 'rust', userId: 'u9', displayName: 'Ana' }, global: { plugins: [router] } })
    expect(wrapper.get('button').attributes('aria-label')).toBe('Message Ana')
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(server.opened).toEqual([['c1', 'u9']])
    expect(wrapper.emitted('opened')).toHaveLength(1)
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust/chat/dm-new')
  })

  it('says why the server refused, and stays', async () => {
    server.refuse = 'Learners cannot message each other in this course'
    const router = await routerAt('/')
    const wrapper = mount(MessageUserButton, { props: { courseId: 'c1', courseSlug: 'rust', userId: 'u9' }, global: { plugins: [router] } })
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not open the conversation: Learners cannot message each other in this course')
    expect(router.currentRoute.value.fullPath).toBe('/')
    expect(wrapper.get('button').attributes('disabled')).toBeUndefined()
  })
})
