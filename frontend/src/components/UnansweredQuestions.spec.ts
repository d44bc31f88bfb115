import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { Question } from '@/services/questions'
import UnansweredQuestions from './UnansweredQuestions.vue'

function question(id: string, over: Partial<Question> = {}): Question {
  return {
    id, seq: 1, roomId: 'r1', threadId: null, lessonId: 'l1', author: { id: 'ana', displayName: 'Ana' }, body: `Body ${id}`,
    createdAt: '2026-01-01T10:00:00Z', editedAt: null, deleted: false, mentions: [], mentionsHere: false, replyCount: 0, lastReplyAt: null,
    answerId: null, answer: null, ...over,
  }
}

const server = vi.hoisted(() => ({ pages: [] as unknown[][], fail: false, afters: [] as unknown[], marks: [] as unknown[][], replies: [] as unknown[][] }))

vi.mock('@/services/questions', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/services/questions')>()),
  fetchLessonPlaces: async () => new Map([['l1', { courseId: 'c1', courseSlug: 'rust', courseTitle: 'Rust', lessonTitle: 'Ownership' }]]),
  fetchUnansweredQuestions: async (_courseId: string | null, after: string | null) => {
    if (server.fail) throw new ApiError('Only creators', 'FORBIDDEN')
    server.afters.push(after)
    const index = after === null ? 0 : Number(after)
    return { questions: server.pages[index] ?? [], endCursor: index + 1 < server.pages.length ? String(index + 1) : null }
  },
  fetchThread: async () => [{ ...question('r1', { threadId: 'q1', lessonId: null, author: { id: 'bo', displayName: 'Bo' }, body: 'an answer' }) }],
  replyToQuestion: async (...args: unknown[]) => {
    server.replies.push(args)
    return question('r2', { threadId: String(args[1]), lessonId: null, body: String(args[2]) })
  },
  markAnswer: async (...args: unknown[]) => {
    server.marks.push(args)
    return question(String(args[0]), { answerId: args[1] as string })
  },
}))

async function mountIt() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: { template: '<div />' } },
      { path: '/courses/:slug/learn/:lessonId?', name: 'lesson', component: { template: '<div />' } },
    ],
  })
  await router.push('/')
  const wrapper = mount(UnansweredQuestions, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => Object.assign(server, { pages: [], fail: false, afters: [], marks: [], replies: [] }))

describe('UnansweredQuestions', () => {
  it('says when every question has an answer', async () => {
    const wrapper = await mountIt()
    expect(wrapper.get('[data-testid="unanswered-empty"]').text()).toContain('Every question')
    expect(wrapper.get('[data-testid="unanswered-count"]').text()).toBe('0')
  })

  it('shows an error with a retry', async () => {
    server.fail = true
    const wrapper = await mountIt()
    expect(wrapper.get('[role="alert"]').text()).toContain('Only creators')
  })

  it('lists oldest first a page at a time, with a count and a link to each lesson', async () => {
    server.pages = [[question('q1'), question('q2')], [question('q3')]]
    const wrapper = await mountIt()
    expect(wrapper.get('[data-testid="unanswered-count"]').text()).toBe('2+')
    expect(wrapper.get('[data-testid="question-lesson"]').attributes('href')).toBe('/courses/rust/learn/l1')
    expect(wrapper.get('[data-testid="question-lesson"]').text()).toContain('Ownership')
    await wrapper.get('[data-testid="unanswered-more"]').trigger('click')
    await flushPromises()
    expect(server.afters).toEqual([null, '1'])
    expect(wrapper.findAll('[data-testid="unanswered-question"]').map((q) => q.get('[data-testid="question-body"]').text())).toEqual(['Body q1', 'Body q2', 'Body q3'])
    expect(wrapper.get('[data-testid="unanswered-count"]').text()).toBe('3')
    expect(wrapper.find('[data-testid="unanswered-more"]').exists()).toBe(false)
  })

  it('answers inline in the thread and drops a question once marked answered', async () => {
    server.pages = [[question('q1'), question('q2')]]
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="answer-inline"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="reply-body"]').setValue('Here is how')
    await wrapper.get('[data-testid="question-thread"] form').trigger('submit')
    await flushPromises()
    expect(server.replies[0]?.slice(0, 3)).toEqual(['r1', 'q1', 'Here is how'])
    const marks = wrapper.findAll('[data-testid="mark-answer"]')
    expect(marks).toHaveLength(2)
    await marks[1]?.trigger('click')
    await flushPromises()
    expect(server.marks[0]).toEqual(['q1', 'r2'])
    expect(wrapper.findAll('[data-testid="unanswered-question"]')).toHaveLength(1)
    expect(wrapper.text()).toContain('1 question marked answered')
  })
})
