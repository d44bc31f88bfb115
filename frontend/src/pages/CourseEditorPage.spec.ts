import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { CourseDetail, PriceQuote } from '@/services/types'
import CoverUpload from '@/components/CoverUpload.vue'
import LessonAssetUpload from '@/components/LessonAssetUpload.vue'
import CourseEditorPage from './CourseEditorPage.vue'

const server = vi.hoisted(() => ({
  estimates: [] as [number, string][],
  saved: [] as Record<string, unknown>[],
  checklist: ['content for lesson "Intro"'] as string[],
  modules: [] as CourseDetail['modules'],
  drips: [] as [string, number][],
}))

const COURSE = {
  id: 'c1', slug: 'rust', title: 'Rust', subtitle: '', description: '', category: null, level: 'BEGINNER', language: 'en',
  priceCents: 4900, currency: 'USD', status: 'DRAFT', modules: [], publicationChecklist: [],
} as unknown as CourseDetail

vi.mock('@/services/courses', () => ({
  fetchCategories: async () => [],
  fetchMyCourses: async () => [{ id: 'c1', slug: 'rust' }],
  fetchCourse: async () => ({ ...COURSE, ...(server.modules.length ? { modules: server.modules } : {}) }),
  setModuleOpensAfterDays: async (id: string, days: number) => {
    server.drips.push([id, days])
    server.modules = server.modules.map((m) => (m.id === id ? { ...m, opensAfterDays: days } : m))
  },
  fetchPublicationChecklist: async () => server.checklist,
  updateCourse: async (_id: string, input: Record<string, unknown>) => {
    server.saved.push(input)
    return COURSE
  },
  changeStatus: async () => {
    const { ApiError } = await import('@/services/api')
    throw new ApiError('Verify your email address to publish a course: open the link we emailed you, or ask for a new one.', 'FORBIDDEN', {
      reason: 'EMAIL_NOT_VERIFIED',
    })
  },
}))

vi.mock('@/services/chatSettings', () => ({
  fetchChatSettings: async () => ({ learnerDirectMessages: false }),
  updateChatSettings: async (_id: string, value: boolean) => ({ learnerDirectMessages: value }),
}))

vi.mock('@/services/payments', () => ({
  fetchFeeEstimate: async (cents: number, currency: string): Promise<Partial<PriceQuote>> => {
    server.estimates.push([cents, currency])
    return { amountCents: cents, currency, platformFeeCents: cents / 10, platformFeePercent: 10, creatorEarningsCents: cents - cents / 10 }
  },
}))

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/studio/:id', component: CourseEditorPage, props: true },
      { path: '/studio', component: { template: '<p/>' } },
      { path: '/courses/:slug', name: 'course', component: { template: '<p/>' } },
    ],
  })
  await router.push('/studio/c1')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

/** Type `value` into the price field and let the fee estimate's pause pass. */
async function typePrice(wrapper: Awaited<ReturnType<typeof mountPage>>, value: string): Promise<void> {
  await wrapper.get('#course-price').setValue(value)
  await vi.advanceTimersByTimeAsync(1000)
  await flushPromises()
}

beforeEach(() => {
  vi.useFakeTimers()
  Object.assign(server, { estimates: [], saved: [], modules: [], drips: [] })
})
afterEach(() => vi.useRealTimers())

describe('the course editor’s price', () => {
  it('refuses a price past the server’s cap plainly, and asks nothing', async () => {
    const wrapper = await mountPage()
    server.estimates = []
    await typePrice(wrapper, '99999999')
    expect(wrapper.get('[data-testid=fee-estimate]').text()).toBe('The price can be at most 10,000 USD.')
    expect(wrapper.get('#course-price').attributes('aria-invalid')).toBe('true')
    expect(server.estimates).toEqual([])
    const save = wrapper.get('form[aria-labelledby=details-heading] button[type=submit]')
    expect(save.attributes('disabled')).toBeDefined()
    await wrapper.get('form[aria-labelledby=details-heading]').trigger('submit')
    await flushPromises()
    expect(server.saved).toEqual([])
  })

  it('applies the cap in the currency’s own minor units (JPY has none)', async () => {
    const wrapper = await mountPage()
    await wrapper.get('#course-currency').setValue('JPY')
    await typePrice(wrapper, '10000')
    expect(server.estimates.at(-1)).toEqual([10000, 'JPY'])
    await typePrice(wrapper, '10001')
    expect(wrapper.get('[data-testid=fee-estimate]').text()).toBe('The price can be at most 10,000 JPY.')
  })

  it('says so for a negative or empty price instead of a blank line', async () => {
    const wrapper = await mountPage()
    await typePrice(wrapper, '-5')
    expect(wrapper.get('[data-testid=fee-estimate]').text()).toBe('The price cannot be negative.')
    await typePrice(wrapper, '')
    expect(wrapper.get('[data-testid=fee-estimate]').text()).toBe('Enter a price, or 0 for a free course.')
  })

  it('clears the message once the price is valid again, then estimates and saves it', async () => {
    const wrapper = await mountPage()
    await typePrice(wrapper, '99999999')
    server.estimates = []
    await typePrice(wrapper, '19.99')
    expect(wrapper.find('[data-testid=price-problem]').exists()).toBe(false)
    expect(server.estimates).toEqual([[1999, 'USD']])
    expect(wrapper.get('[data-testid=fee-estimate]').text()).toContain('you earn')
    await wrapper.get('form[aria-labelledby=details-heading]').trigger('submit')
    await flushPromises()
    expect(server.saved.map((input) => [input.priceCents, input.currency])).toEqual([[1999, 'USD']])
  })
})

describe('the course editor’s uploads', () => {
  it('shows a saved cover at once, and a lesson’s attached video, without reloading', async () => {
    const lesson = { id: 'l1', title: 'Intro', kind: 'VIDEO', position: 0, durationSeconds: 0, isPreview: false, body: '', videoUrl: null, completed: false, asset: null }
    COURSE.modules = [{ id: 'm1', title: 'Start', position: 0, lessons: [lesson] }] as CourseDetail['modules']
    try {
      const wrapper = await mountPage()
      expect(wrapper.find('img[alt="Cover of Rust"]').exists()).toBe(false)
      const cover = { id: 'i1', width: 1280, height: 720, url: '/media/public/ab/abc-1280.jpg', srcset: '/media/public/ab/abc-1280.jpg 1280w', variants: [], placeholder: null }
      wrapper.findComponent(CoverUpload).vm.$emit('changed', cover)
      await flushPromises()
      expect(wrapper.get('img[alt="Cover of Rust"]').attributes('srcset')).toBe(cover.srcset)

      await wrapper.get('[data-testid=editor-lesson] button[aria-expanded]').trigger('click')
      expect(wrapper.get('[data-testid=lesson-asset]').text()).toContain('No video yet.')
      const asset = { id: 'a1', kind: 'VIDEO', mimeType: 'video/mp4', sizeBytes: 2048, name: 'intro.mp4', durationSeconds: 6, url: '/media/protected/a1', urlExpiresAt: '2030-01-01T00:00:00Z' }
      wrapper.findComponent(LessonAssetUpload).vm.$emit('changed', asset)
      await flushPromises()
      expect(wrapper.get('[data-testid=lesson-asset-current]').text()).toBe('intro.mp4 · 2.0 KB')
    } finally {
      COURSE.modules = []
    }
  })

  it('asks the checklist again once an upload completes a lesson, so Publish follows', async () => {
    const lesson = { id: 'l1', title: 'Intro', kind: 'VIDEO', position: 0, durationSeconds: 0, isPreview: false, body: '', videoUrl: null, completed: false, asset: null }
    COURSE.modules = [{ id: 'm1', title: 'Start', position: 0, lessons: [lesson] }] as CourseDetail['modules']
    COURSE.publicationChecklist = ['content for lesson "Intro"']
    try {
      const wrapper = await mountPage()
      expect(wrapper.get('[data-testid=checklist]').text()).toContain('content for lesson')
      server.checklist = []
      await wrapper.get('[data-testid=editor-lesson] button[aria-expanded]').trigger('click')
      const asset = { id: 'a1', kind: 'VIDEO', mimeType: 'video/mp4', sizeBytes: 2048, name: 'intro.mp4', durationSeconds: 6, url: '/media/protected/a1', urlExpiresAt: '2030-01-01T00:00:00Z' }
      wrapper.findComponent(LessonAssetUpload).vm.$emit('changed', asset)
      await flushPromises()
      expect(wrapper.find('[data-testid=checklist]').exists()).toBe(false)
    } finally {
      COURSE.modules = []
      COURSE.publicationChecklist = []
      server.checklist = ['content for lesson "Intro"']
    }
  })

  it('shows an unverified creator’s refused publish as a sentence with the resend action', async () => {
    setActivePinia(createPinia())
    const wrapper = await mountPage()
    const publish = wrapper.findAll('button').find((button) => button.text() === 'Publish')
    await publish!.trigger('click')
    await flushPromises()
    const notice = wrapper.get('[data-testid=email-not-verified]')
    expect(notice.text()).toContain('Verify your email address to publish a course')
    expect(notice.find('[data-testid=resend-verification]').exists()).toBe(true)
    // Another error afterwards is a plain one again.
    await typePrice(wrapper, '-1')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.find('[data-testid=email-not-verified]').exists()).toBe(false)
  })
})

describe('the course editor’s drip release', () => {
  const MODULE = { id: 'm2', title: 'Week two', position: 2, opensAfterDays: 0, opensAt: null, locked: false, lessons: [] } as CourseDetail['modules'][number]

  it('sets the days a module opens after enrollment, and says so', async () => {
    server.modules = [MODULE]
    const wrapper = await mountPage()
    const input = wrapper.get('#drip-m2')
    expect(input.element.getAttribute('max')).toBe('3650')
    await input.setValue('7')
    await input.trigger('change')
    await flushPromises()
    expect(server.drips).toEqual([['m2', 7]])
    expect(wrapper.get('[role=status]').text()).toBe('“Week two” opens 7 days after enrollment, for learners already enrolled too.')
    expect((wrapper.get('#drip-m2').element as HTMLInputElement).value).toBe('7')
  })

  it('sends nothing for a hostile value', async () => {
    server.modules = [MODULE]
    const wrapper = await mountPage()
    const input = wrapper.get('#drip-m2')
    ;(input.element as HTMLInputElement).type = 'text'
    await input.setValue('-4')
    await input.trigger('change')
    await flushPromises()
    expect(server.drips).toEqual([])
    expect(wrapper.get('[data-testid=module-drip-problem]').text()).toContain('0 to 3650')
  })
})
