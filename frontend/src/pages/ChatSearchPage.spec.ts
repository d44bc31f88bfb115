import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { SearchHit, SearchPage } from '@/services/chatSearch'
import ChatSearchPage from './ChatSearchPage.vue'

const server = vi.hoisted(() => ({
  courseGate: null as Promise<void> | null,
  searches: [] as { courseId: string; query: string; order: string; after: string | null; roomId: string | null }[],
  pages: [] as SearchPage[],
}))

vi.mock('@/services/courses', () => ({
  requireCourse: async (slug: string) => {
    await server.courseGate
    return { id: `id-${slug}`, slug, title: 'Algebra' }
  },
}))
vi.mock('@/services/chat', () => ({
  fetchRooms: async () => [
    { id: 'r1', slug: 'general', name: 'General' },
    { id: 'r2', slug: 'dm-1', name: 'Bob' },
  ],
}))
vi.mock('@/services/chatSearch', async (original) => ({
  ...(await original<typeof import('@/services/chatSearch')>()),
  searchMessages: async (courseId: string, query: string, order: string, after: string | null, roomId: string | null) => {
    server.searches.push({ courseId, query, order, after, roomId })
    return server.pages.shift() ?? { hits: [], endCursor: null, hasNextPage: false }
  },
}))

function hit(id: string, snippet: SearchHit['snippet'], threadId: string | null = null): SearchHit {
  return {
    aroundSeq: 12,
    message: { id, seq: 14, roomId: 'r1', threadId, createdAt: '2026-01-01T10:00:00Z', editedAt: null, author: { id: 'u', displayName: 'Ann' } },
    room: { id: 'r1', slug: 'general', name: 'General', kind: 'DISCUSSION' },
    snippet,
  }
}

async function mountAt(url: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug/chat-search', name: 'chat-search', component: ChatSearchPage, props: true },
      { path: '/courses/:slug/chat/:room?', name: 'chat', component: { template: '<div />' } },
    ],
  })
  await router.push(url)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  server.courseGate = null
  server.searches = []
  server.pages = []
})

describe('the chat search page', () => {
  it('searches what the URL says and renders snippets as text, matches in <mark>', async () => {
    server.pages = [{
      hits: [hit('m1', [{ text: '<img src=x onerror=alert(1)> about ', highlighted: false }, { text: '<b>walrus</b>', highlighted: true }])],
      endCursor: null,
      hasNextPage: false,
    }]  // prettier-ignore
    const { wrapper } = await mountAt('/courses/algebra/chat-search?q=walrus')
    expect(server.searches).toEqual([{ courseId: 'id-algebra', query: 'walrus', order: 'NEWEST', after: null, roomId: null }])
    const snippet = wrapper.get('[data-testid=hit-snippet]')
    expect(snippet.find('img').exists()).toBe(false)
    expect(snippet.find('b').exists()).toBe(false)
    expect(snippet.get('mark').text()).toBe('<b>walrus</b>')
    expect(snippet.text()).toBe('<img src=x onerror=alert(1)> about <b>walrus</b>')
    expect(wrapper.get('[data-testid=search-hit] a').attributes('href')).toBe('/courses/algebra/chat/general?around=12')
    expect((wrapper.get('[data-testid=search-input]').element as HTMLInputElement).value).toBe('walrus')
    wrapper.unmount()
  })

  it('links a reply to its room around its root, with its thread', async () => {
    server.pages = [{ hits: [hit('m2', [{ text: 'reply', highlighted: true }], 'root-1')], endCursor: null, hasNextPage: false }]
    const { wrapper } = await mountAt('/courses/algebra/chat-search?q=reply')
    expect(wrapper.get('[data-testid=search-hit] a').attributes('href')).toBe('/courses/algebra/chat/general?around=12&thread=root-1')
    expect(wrapper.find('[data-testid=hit-reply]').exists()).toBe(true)
    wrapper.unmount()
  })

  it('puts a new search, its order and room in the URL, and pages on with the cursor', async () => {
    const { wrapper, router } = await mountAt('/courses/algebra/chat-search')
    expect(server.searches).toEqual([])
    server.pages = [
      { hits: [hit('a', [])], endCursor: 'cur1', hasNextPage: true },
      { hits: [hit('b', [])], endCursor: null, hasNextPage: false },
    ]
    await wrapper.get('[data-testid=search-input]').setValue('  walrus  ')
    await wrapper.get('[data-testid=search-room]').setValue('dm-1')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'walrus', room: 'dm-1' })
    expect(server.searches.at(-1)).toEqual({ courseId: 'id-algebra', query: 'walrus', order: 'NEWEST', after: null, roomId: 'r2' })
    await wrapper.get('[data-testid=search-more]').trigger('click')
    await flushPromises()
    expect(server.searches.at(-1)?.after).toBe('cur1')
    expect(wrapper.findAll('[data-testid=search-hit]')).toHaveLength(2)
    expect(wrapper.find('[data-testid=search-more]').exists()).toBe(false)
    await wrapper.get('[data-testid=search-order]').setValue('RELEVANCE')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ q: 'walrus', order: 'RELEVANCE', room: 'dm-1' })
    expect(server.searches.at(-1)?.order).toBe('RELEVANCE')
    wrapper.unmount()
  })

  it('keeps what was typed while the course was still loading', async () => {
    let open = (): void => {}
    server.courseGate = new Promise<void>((resolve) => (open = resolve))
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/courses/:slug/chat-search', name: 'chat-search', component: ChatSearchPage, props: true },
        { path: '/courses/:slug/chat/:room?', name: 'chat', component: { template: '<div />' } },
      ],
    })
    await router.push('/courses/algebra/chat-search')
    const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] }, attachTo: document.body })
    await flushPromises()
    await wrapper.get('[data-testid=search-input]').setValue('walrus')
    open()
    await flushPromises()
    expect((wrapper.get('[data-testid=search-input]').element as HTMLInputElement).value).toBe('walrus')
    wrapper.unmount()
  })

  it('says so when nothing matches, and refuses punctuation without asking the server', async () => {
    const { wrapper } = await mountAt('/courses/algebra/chat-search?q=zebra')
    expect(wrapper.get('[data-testid=search-empty]').text()).toContain('No messages match “zebra”')
    wrapper.unmount()
    const again = await mountAt('/courses/algebra/chat-search?q=%3F%21%3F')
    expect(server.searches).toHaveLength(1)
    expect(again.wrapper.get('[data-testid=search-error]').text()).toBe('Search for at least one word.')
    again.wrapper.unmount()
  })
})
