import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter, type Router } from 'vue-router'
import { ApiError } from '@/services/api'
import type { CourseDetail, Lesson } from '@/services/types'
import { useAuthStore } from '@/stores/auth'
import { formatDate, formatDateTime } from '@/utils/format'
import LessonPage from './LessonPage.vue'

const server = vi.hoisted(() => ({ enrolled: false, isFree: false, refuse: false, completed: [] as string[], media: null as null | 'VIDEO' | 'FILE', fetches: 0, expiresAt: '2030-01-01T00:00:00Z', blank: false, drip: false }))

const OPENS_AT = '2030-03-04T10:00:00+00:00'

function lesson(id: string, open: boolean, isPreview = false): Lesson {
  return {
    id, title: `Lesson ${id}`, kind: 'TEXT', durationSeconds: 0, isPreview, body: open ? (server.blank && id === 'l3' ? '' : `Body of ${id}`) : null, videoUrl: null, completed: false,
  } as Lesson
}

function withMedia(l: Lesson): Lesson {
  if (!server.media || l.id !== 'l2' || !server.enrolled) return l
  const name = server.media === 'VIDEO' ? 'intro.webm' : 'slides.pdf'
  return {
    ...l, kind: server.media, body: '',
    asset: { id: 'a1', kind: server.media, mimeType: 'video/webm', sizeBytes: 1536, name, durationSeconds: 2, url: `/media/protected/a1?sig=${server.fetches}`, urlExpiresAt: server.expiresAt },
  }
}

vi.mock('@/services/courses', () => ({
  requireCourse: async (): Promise<Partial<CourseDetail>> => (server.fetches++, {
    id: 'c1', slug: 'rust', title: 'Rust', isFree: server.isFree, creator: { id: 'bo', displayName: 'Bo' } as CourseDetail['creator'],
    viewerEnrollment: server.enrolled ? ({ id: 'e1' } as CourseDetail['viewerEnrollment']) : null,
    modules: [
      { id: 'm1', title: 'Start', position: 0, lessons: [lesson('l1', true, true), withMedia(lesson('l2', server.enrolled)), lesson('l3', server.enrolled)] },
      // Drip release: a module that opens 7 days after enrollment, still locked for the learner.
      ...(server.drip ? [{ id: 'm2', title: 'Week two', position: 1, opensAfterDays: 7, opensAt: server.enrolled ? OPENS_AT : null, locked: server.enrolled, lessons: [{ ...lesson('l4', false), locked: server.enrolled, opensAt: server.enrolled ? OPENS_AT : null }] }] : []),
    ] as CourseDetail['modules'],
  }),
  setLessonCompleted: async (id: string) => {
    if (server.refuse) throw new ApiError('Enroll in the course to track your progress', 'FORBIDDEN')
    server.completed.push(id)
    return true
  },
}))

// The questions under a lesson have their own spec (components/LessonQuestions.spec.ts).
vi.mock('@/services/questions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/services/questions')>()),
  fetchQuestionRoom: async () => null,
  fetchLessonQuestions: async () => ({ questions: [], endCursor: null }),
}))

let router: Router

async function mountAt(path: string) {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'ana', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
  router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: LessonPage, props: true },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses/:slug/chat/:room?', name: 'chat', component: { template: '<div />' } },
      { path: '/courses/:slug/complete', name: 'course-complete', component: { template: '<div />' } },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => Object.assign(server, { enrolled: false, isFree: false, refuse: false, completed: [], media: null, fetches: 0, expiresAt: '2030-01-01T00:00:00Z', blank: false, drip: false }))

describe('the lesson page for someone without the course', () => {
  it('points a paid course’s locked lesson to the buy box, not to enrolling', async () => {
    const wrapper = await mountAt('/courses/rust/learn/l2')
    const prompt = wrapper.get('[data-testid=lesson-access]')
    expect(prompt.text()).toContain('Buy this course to open this lesson.')
    expect(prompt.text()).not.toContain('Enroll')
    expect(prompt.get('a').attributes('href')).toBe('/courses/rust#buy')
    expect(wrapper.find('[data-testid=complete-lesson]').exists()).toBe(false)
  })

  it('shows a preview without Mark complete, and says how to get the rest', async () => {
    const wrapper = await mountAt('/courses/rust/learn/l1')
    expect(wrapper.text()).toContain('Body of l1')
    expect(wrapper.find('[data-testid=complete-lesson]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=lesson-access]').text()).toContain('free preview')
    expect(wrapper.get('[data-testid=lesson-access] a').attributes('href')).toBe('/courses/rust#buy')
  })

  it('sends a free course’s visitor to the course page to enroll', async () => {
    server.isFree = true
    const wrapper = await mountAt('/courses/rust/learn/l2')
    expect(wrapper.get('[data-testid=lesson-access]').text()).toContain('Enroll in this course to open this lesson.')
    expect(wrapper.get('[data-testid=lesson-access] a').attributes('href')).toBe('/courses/rust')
  })
})

describe('the lesson page for an enrolled learner', () => {
  it('offers Mark complete and no buying prompt', async () => {
    server.enrolled = true
    const wrapper = await mountAt('/courses/rust/learn/l1')
    expect(wrapper.find('[data-testid=lesson-access]').exists()).toBe(false)
    await wrapper.get('[data-testid=complete-lesson]').trigger('click')
    await flushPromises()
    expect(server.completed).toEqual(['l1'])
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust/learn/l2')
  })

  it('goes to the completion page when the last lesson left is completed', async () => {
    server.enrolled = true
    const wrapper = await mountAt('/courses/rust/learn/l1')
    for (const id of ['l1', 'l2', 'l3']) {
      await wrapper.get('[data-testid=complete-lesson]').trigger('click')
      await flushPromises()
      if (id !== 'l3') expect(router.currentRoute.value.fullPath).toBe(`/courses/rust/learn/l${Number(id[1]) + 1}`)
    }
    expect(server.completed).toEqual(['l1', 'l2', 'l3'])
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust/complete')
  })

  it('says a lesson without content has none, instead of showing only its kind', async () => {
    server.enrolled = true
    server.media = 'FILE'
    const withFile = await mountAt('/courses/rust/learn/l2')
    expect(withFile.find('[data-testid=lesson-empty]').exists()).toBe(false)
    const text = await mountAt('/courses/rust/learn/l3')
    expect(text.find('[data-testid=lesson-empty]').exists()).toBe(false)
    server.blank = true
    const blank = await mountAt('/courses/rust/learn/l3')
    expect(blank.get('[data-testid=lesson-empty]').text()).toBe('This lesson has no content yet.')
  })

  it('shows the questions about the lesson to a member only', async () => {
    const visitor = await mountAt('/courses/rust/learn/l1')
    expect(visitor.find('[data-testid=lesson-questions]').exists()).toBe(false)
    server.enrolled = true
    const learner = await mountAt('/courses/rust/learn/l1')
    expect(learner.get('[data-testid=lesson-questions]').text()).toContain('Questions about this lesson')
  })

  it('does not carry one lesson’s error to the next', async () => {
    server.enrolled = true
    server.refuse = true
    const wrapper = await mountAt('/courses/rust/learn/l2')
    await wrapper.get('[data-testid=complete-lesson]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toBe('Enroll in the course to track your progress')
    await router.push('/courses/rust/learn/l3')
    await flushPromises()
    expect(wrapper.text()).toContain('Lesson l3')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
  })
})

describe('a lesson with media', () => {
  it('plays a VIDEO lesson in the browser’s player, metadata only until played', async () => {
    Object.assign(server, { enrolled: true, media: 'VIDEO' })
    const wrapper = await mountAt('/courses/rust/learn/l2')
    const video = wrapper.get('video')
    expect(video.attributes()).toMatchObject({ src: '/media/protected/a1?sig=1', preload: 'metadata', 'data-testid': 'lesson-video' })
    expect(video.attributes()).toHaveProperty('controls')
    expect(wrapper.find('[data-testid=lesson-access]').exists()).toBe(false)
  })

  it('fetches the lesson again when its signed link stopped working, but not in a loop', async () => {
    Object.assign(server, { enrolled: true, media: 'VIDEO' })
    const wrapper = await mountAt('/courses/rust/learn/l2')
    await wrapper.get('video').trigger('error')
    await flushPromises()
    expect(server.fetches).toBe(2)
    expect(wrapper.get('video').attributes('src')).toBe('/media/protected/a1?sig=2')
    // Failing again at once with a fresh link: the video is broken; asking again would loop.
    await wrapper.get('video').trigger('error')
    await flushPromises()
    expect(server.fetches).toBe(2)
  })

  it('asks for a fresh link before seeking once the link has expired', async () => {
    Object.assign(server, { enrolled: true, media: 'VIDEO', expiresAt: '2000-01-01T00:00:00Z' })
    const wrapper = await mountAt('/courses/rust/learn/l2')
    await wrapper.get('video').trigger('seeking')
    await flushPromises()
    expect(server.fetches).toBe(2)
    await wrapper.get('video').trigger('seeking')
    await flushPromises()
    expect(server.fetches).toBe(3)
  })

  it('offers a FILE lesson’s download with its name and size', async () => {
    Object.assign(server, { enrolled: true, media: 'FILE' })
    const wrapper = await mountAt('/courses/rust/learn/l2')
    expect(wrapper.find('video').exists()).toBe(false)
    const file = wrapper.get('[data-testid=lesson-file]')
    expect(file.text()).toContain('slides.pdf')
    expect(file.text()).toContain('1.5 KB')
    const link = wrapper.get('[data-testid=lesson-download]')
    expect(link.attributes('href')).toBe('/media/protected/a1?sig=1')
    expect(link.attributes()).toHaveProperty('download')
  })
})

describe('a drip-locked lesson', () => {
  it('says when it opens instead of content, with nothing to complete or ask', async () => {
    Object.assign(server, { enrolled: true, drip: true })
    const wrapper = await mountAt('/courses/rust/learn/l4')
    expect(wrapper.get('h1').text()).toBe('Lesson l4')
    expect(wrapper.get('[data-testid=lesson-opens]').text()).toContain(`This lesson opens on ${formatDateTime(OPENS_AT)}.`)
    expect(wrapper.text()).not.toContain('This lesson is not open to you.')
    expect(wrapper.find('[data-testid=lesson-empty]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=complete-lesson]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=module-opens]').text()).toBe(`🔒 Opens on ${formatDate(OPENS_AT)}`)
  })

  it('shows locked lessons in the syllabus without a link, and is not the next lesson', async () => {
    Object.assign(server, { enrolled: true, drip: true })
    const wrapper = await mountAt('/courses/rust/learn/l3')
    const lockedRow = wrapper.get('nav [data-testid=lesson-locked]')
    expect(lockedRow.text()).toContain('Lesson l4')
    expect(lockedRow.find('a').exists()).toBe(false)
    expect(wrapper.findAll('nav a').some((a) => a.text().includes('Lesson l4'))).toBe(false)
    expect(wrapper.text()).not.toContain('Next lesson')
  })

  it('completing the last open lesson says when the next opens (there is no next lesson to press)', async () => {
    Object.assign(server, { enrolled: true, drip: true })
    const wrapper = await mountAt('/courses/rust/learn/l3')
    expect(wrapper.find('[data-testid=lesson-waiting]').exists()).toBe(false)
    await wrapper.get('[data-testid=complete-lesson]').trigger('click')
    await flushPromises()
    expect(server.completed).toContain('l3')
    expect(router.currentRoute.value.fullPath).toBe('/courses/rust/learn/l3') // nowhere to go yet
    expect(wrapper.get('[data-testid=lesson-waiting]').text()).toBe(`Done for now: the next lesson, “Lesson l4”, opens on ${formatDateTime(OPENS_AT)}.`)
  })

  it('tells a visitor how long after enrolling the module opens', async () => {
    server.drip = true
    const wrapper = await mountAt('/courses/rust/learn/l4')
    expect(wrapper.get('[data-testid=module-opens]').text()).toBe('🔒 Opens 7 days after enrollment')
    expect(wrapper.find('[data-testid=lesson-opens]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=lesson-access]').text()).toContain('Buy this course to open this lesson.')
  })
})
