import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AdminReview, AdminReviewFilter } from '@/services/admin/reviews'
import { ApiError } from '@/services/api'
import AdminReviewsPage from './AdminReviewsPage.vue'

const server = vi.hoisted(() => ({
  lists: [] as { filter: unknown; after: string | null }[],
  hidden: new Set<string>(),
  ids: [] as string[],
  calls: [] as { op: string; ids: string[]; reason: string }[],
  bulkError: null as Error | null,
  capped: false,
}))

function review(id: string): AdminReview {
  const hidden = server.hidden.has(id)
  return {
    id, rating: id === 'r1' ? 1 : 4, body: `Body of ${id}`, createdAt: '2027-01-04T10:00:00Z', updatedAt: '2027-01-04T10:00:00Z',
    hiddenAt: hidden ? '2027-01-05T10:00:00Z' : null, hiddenReason: hidden ? 'Spam' : null,
    author: { id: `a-${id}`, displayName: `Author ${id}`, email: `${id}@example.com` }, course: { id: 'c1', slug: 'rust', title: 'Rust' },
  }
}

vi.mock('@/services/admin/reviews', async (original) => ({
  ...(await original<typeof import('@/services/admin/reviews')>()),
  fetchAdminReviews: async (filter: AdminReviewFilter, after: string | null) => {
    server.lists.push({ filter, after })
    const ids = server.ids.filter((id) => filter.hidden === undefined || filter.hidden === server.hidden.has(id))
    return server.capped
      ? { items: ids.map(review), pageInfo: { hasNextPage: true, endCursor: 'more' }, totalCount: 10000, totalCountCapped: true }
      : { items: ids.map(review), pageInfo: { hasNextPage: false, endCursor: null }, totalCount: ids.length, totalCountCapped: false }
  },
  hideReview: async (id: string, reason: string) => {
    server.calls.push({ op: 'hide', ids: [id], reason })
    server.hidden.add(id)
    return review(id)
  },
  restoreReview: async (id: string, reason: string) => {
    server.calls.push({ op: 'restore', ids: [id], reason })
    server.hidden.delete(id)
    return review(id)
  },
  hideReviews: async (ids: string[], reason: string) => {
    if (server.bulkError) throw server.bulkError
    server.calls.push({ op: 'bulk', ids, reason })
    const unchanged = ids.filter((id) => server.hidden.has(id)).length
    ids.forEach((id) => server.hidden.add(id))
    return { changed: ids.length - unchanged, unchanged }
  },
}))

async function mountAt(path: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/reviews', component: AdminReviewsPage },
      { path: '/admin/courses/:id', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router], stubs: { teleport: true } } })
  await flushPromises()
  return wrapper
}

type Page = Awaited<ReturnType<typeof mountAt>>
const rows = (wrapper: Page) => wrapper.findAll('[data-testid=admin-review]')
const row = (wrapper: Page, id: string) => wrapper.get(`[data-review-id=${id}]`)

async function confirm(wrapper: Page, reason: string) {
  await wrapper.get('[role=dialog] [data-testid=reason-input]').setValue(reason)
  await wrapper.get('[role=dialog] form').trigger('submit')
  await flushPromises()
}

beforeEach(() => Object.assign(server, { lists: [], hidden: new Set(), ids: ['r1', 'r2', 'r3'], calls: [], bulkError: null, capped: false }))

describe('the admin reviews page', () => {
  it('sends the filters it is given and ignores malformed ones', async () => {
    const wrapper = await mountAt('/admin/reviews?hidden=no&rating=2&q=scam&course=c1')
    expect(server.lists).toEqual([{ filter: { hidden: false, ratingMax: 2, search: 'scam', courseId: 'c1' }, after: null }])
    await wrapper.get('#admin-review-hidden').setValue('yes')
    await flushPromises()
    expect(server.lists.at(-1)?.filter).toEqual({ hidden: true, ratingMax: 2, search: 'scam', courseId: 'c1' })
    server.lists = []
    await mountAt('/admin/reviews?hidden=perhaps&rating=9')
    expect(server.lists).toEqual([{ filter: {}, after: null }])
  })

  it('shows rating, body, author and course of each', async () => {
    const wrapper = await mountAt('/admin/reviews')
    const first = row(wrapper, 'r1')
    expect(first.get('[data-testid=review-rating]').attributes('aria-label')).toBe('1 out of 5 stars')
    expect(first.text()).toContain('Body of r1')
    expect(first.text()).toContain('Author r1 (r1@example.com) on')
    expect(first.get('a').attributes('href')).toBe('/admin/courses/c1')
  })

  it('hides one with a required reason, then restores it', async () => {
    const wrapper = await mountAt('/admin/reviews')
    const hide = row(wrapper, 'r2').get('[data-testid=review-hide]')
    expect(hide.attributes('aria-label')).toBe('Hide the review by Author r2 of Rust')
    await hide.trigger('click')
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role=dialog] [role=alert]').text()).toBe('Give a reason; it is kept in the audit log.')
    await confirm(wrapper, 'Advertises another site')
    expect(server.calls).toEqual([{ op: 'hide', ids: ['r2'], reason: 'Advertises another site' }])
    expect(row(wrapper, 'r2').get('[data-testid=review-hidden]').text()).toMatch(/^Hidden/)
    expect(wrapper.get('[data-testid=reviews-notice]').text()).toBe("Author r2's review of Rust is hidden.")
    await row(wrapper, 'r2').get('[data-testid=review-restore]').trigger('click')
    await confirm(wrapper, 'Appeal')
    expect(server.calls.at(-1)).toEqual({ op: 'restore', ids: ['r2'], reason: 'Appeal' })
    expect(row(wrapper, 'r2').find('[data-testid=review-hidden]').exists()).toBe(false)
  })

  it('drops a review it hid from a list of shown reviews', async () => {
    const wrapper = await mountAt('/admin/reviews?hidden=no')
    await row(wrapper, 'r1').get('[data-testid=review-hide]').trigger('click')
    await confirm(wrapper, 'Abuse')
    expect(rows(wrapper)).toHaveLength(2)
    expect(wrapper.get('[data-testid=admin-review-count]').text()).toBe('2 reviews')
  })

  it('keeps "10,000+" when it drops a review from a list the server stopped counting', async () => {
    server.capped = true
    const wrapper = await mountAt('/admin/reviews?hidden=no')
    expect(wrapper.get('[data-testid=admin-review-count]').text()).toBe('10,000+ reviews, 3 shown')
    await row(wrapper, 'r1').get('[data-testid=review-hide]').trigger('click')
    await confirm(wrapper, 'Abuse')
    expect(rows(wrapper)).toHaveLength(2)
    expect(wrapper.get('[data-testid=admin-review-count]').text()).toBe('10,000+ reviews, 2 shown')
  })

  it('hides the ticked reviews at once with one reason and says what changed', async () => {
    server.ids = ['r1', 'r2', 'r3', 'r4']
    server.hidden = new Set(['r4'])
    const wrapper = await mountAt('/admin/reviews')
    const hideSelected = wrapper.get('[data-testid=hide-selected]')
    expect(hideSelected.attributes('disabled')).toBeDefined()
    expect(row(wrapper, 'r4').get('[data-testid=review-select]').attributes('disabled')).toBeDefined()
    await row(wrapper, 'r1').get('[data-testid=review-select]').setValue(true)
    await row(wrapper, 'r3').get('[data-testid=review-select]').setValue(true)
    expect(hideSelected.text()).toBe('Hide selected (2)')
    await hideSelected.trigger('click')
    expect(wrapper.get('[role=dialog]').text()).toContain('Hide 2 reviews?')
    await confirm(wrapper, 'Spam wave')
    expect(server.calls).toEqual([{ op: 'bulk', ids: ['r1', 'r3'], reason: 'Spam wave' }])
    expect(wrapper.get('[data-testid=bulk-outcome]').text()).toBe('2 reviews hidden.')
    expect(wrapper.get('[data-testid=bulk-outcome]').element.closest('[role=status]')).not.toBeNull()
    expect(wrapper.get('[data-testid=hide-selected]').text()).toBe('Hide selected (0)')
    expect(server.lists).toHaveLength(2)
  })

  it('selects all shown, counts the already hidden ones, and keeps the selection after a refusal', async () => {
    const wrapper = await mountAt('/admin/reviews')
    await wrapper.get('[data-testid=select-all]').setValue(true)
    expect(wrapper.get('[data-testid=hide-selected]').text()).toBe('Hide selected (3)')
    server.bulkError = new ApiError('Unknown review id', 'BAD_USER_INPUT')
    await wrapper.get('[data-testid=hide-selected]').trigger('click')
    await confirm(wrapper, 'Spam')
    expect(wrapper.get('[data-testid=dialog-error]').text()).toBe('Unknown review id')
    await wrapper.findAll('[role=dialog] button').find((b) => b.text() === 'Cancel')?.trigger('click')
    expect(wrapper.get('[data-testid=hide-selected]').text()).toBe('Hide selected (3)')
    server.bulkError = null
    server.hidden.add('r2')
    await wrapper.get('[data-testid=hide-selected]').trigger('click')
    await confirm(wrapper, 'Spam')
    expect(wrapper.get('[data-testid=bulk-outcome]').text()).toBe('2 reviews hidden; 1 was hidden already.')
  })
})
