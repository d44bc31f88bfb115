import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { Mention } from '@/services/mentions'
import { useAuthStore } from '@/stores/auth'
import MentionsPage from './MentionsPage.vue'

function mention(id: string, roomId: string, seq: number): Mention {
  return {
    id, seq, roomId, threadId: null, lessonId: null, author: { id: 'ana', displayName: 'Ana' }, body: `<@me> look ${id}`, createdAt: '2026-01-01T10:00:00Z',
    editedAt: null, deleted: false, mentions: [{ id: 'me', displayName: 'Uma' }], mentionsHere: false, replyCount: 0, lastReplyAt: null, answerId: null,
  }
}

const server = vi.hoisted(() => ({ pages: [] as unknown[][], fail: false, failMore: false, roomAsks: [] as string[] }))

vi.mock('@/services/mentions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/services/mentions')>()),
  fetchMyMentions: async (after: string | null) => {
    if (server.fail || (after !== null && server.failMore)) throw new ApiError('Cannot reach EduSphere. Check your connection and try again.', 'NETWORK')
    const index = after === null ? 0 : Number(after)
    return { mentions: server.pages[index] ?? [], endCursor: index + 1 < server.pages.length ? String(index + 1) : null }
  },
  fetchMyCourseNames: async () => new Map([['c1', { slug: 'rust', title: 'Rust' }]]),
  fetchAdminCourseName: async () => null,
  fetchRoomOf: async (id: string) => {
    server.roomAsks.push(id)
    if (id === 'gone') throw new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN')
    return { slug: id === 'r1' ? 'general' : 'dm-x', name: id === 'r1' ? 'General' : 'Bo', courseId: 'c1' }
  },
}))

async function mountIt() {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'me', email: 'u@example.com', displayName: 'Uma', role: 'LEARNER', emailVerified: true, avatar: null }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/courses/:slug/chat/:room?', name: 'chat', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  const wrapper = mount(MentionsPage, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => Object.assign(server, { pages: [[mention('m1', 'r1', 12), mention('m2', 'r2', 4), mention('m3', 'r1', 2)], [mention('m4', 'gone', 1)]], fail: false, failMore: false, roomAsks: [] }))

describe('MentionsPage', () => {
  it('lists mentions with names and links to the room around each message', async () => {
    const wrapper = await mountIt()
    const links = wrapper.findAll('[data-testid="mention-link"]')
    expect(links.map((l) => l.attributes('href'))).toEqual([
      '/courses/rust/chat/general?around=12',
      '/courses/rust/chat/dm-x?around=4',
      '/courses/rust/chat/general?around=2',
    ])
    expect(links[0]?.text()).toBe('@Uma look m1')
    expect(wrapper.findAll('[data-testid="mention-place"]')[0]?.text()).toBe('in #General · Rust')
    expect(server.roomAsks).toEqual(['r1', 'r2']) // once per room
  })

  it('pages older mentions; a room the viewer lost shows without a link', async () => {
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="mentions-more"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="mention-row"]')).toHaveLength(4)
    expect(wrapper.get('[data-testid="mention-unreachable"]').text()).toBe('You can no longer open this room.')
    expect(wrapper.find('[data-testid="mentions-more"]').exists()).toBe(false)
  })

  it('says what failed, for the first page and for older ones', async () => {
    server.failMore = true
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="mentions-more"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not load older mentions: Cannot reach EduSphere. Check your connection and try again.')
    server.fail = true
    const failed = await mountIt()
    expect(failed.get('[role="alert"]').text()).toContain('Could not load your mentions: Cannot reach EduSphere')
  })

  it('says when nobody mentioned the viewer', async () => {
    server.pages = []
    const wrapper = await mountIt()
    expect(wrapper.text()).toContain('Nobody has mentioned you yet.')
  })
})
