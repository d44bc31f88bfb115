import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { DirectRoom } from '@/services/chatMembers'
import DirectRooms from './DirectRooms.vue'

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

describe('DirectRooms', () => {
  it('lists the direct rooms with unread counts and links, marking the current one', async () => {
    const router = await routerAt('/')
    const wrapper = mount(DirectRooms, { props: { courseId: 'c1', courseSlug: 'rust', activeRoom: 'dm-b' }, global: { plugins: [router] } })
    await flushPromises()
    const links = wrapper.findAll('[data-testid="direct-room"]')
    expect(links.map((l) => l.attributes('href'))).toEqual(['/courses/rust/chat/dm-a', '/courses/rust/chat/dm-b'])
    expect(links[0]?.get('[data-testid="direct-unread"]').text()).toBe('2')
    expect(links[0]?.get('[data-testid="direct-mentions"]').text()).toBe('@1')
    expect(links[1]?.find('[data-testid="direct-unread"]').exists()).toBe(false)
    expect(links[1]?.attributes('aria-current')).toBe('page')
    expect(wrapper.emitted('loaded')?.[0]?.[0]).toHaveLength(2)
  })

  it('shows the empty state and the error in words', async () => {
    server.rooms = []
    const router = await routerAt('/')
    const wrapper = mount(DirectRooms, { props: { courseId: 'c1', courseSlug: 'rust' }, global: { plugins: [router] } })
    await flushPromises()
    expect(wrapper.text()).toContain('No private conversations yet.')
    server.fail = true
    await wrapper.setProps({ version: 1 })
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toContain("Could not load your conversations: Only the course's learners")
  })
})
