import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { Question, QuestionEvent, ThreadMessage } from '@/services/questions'
import { useAuthStore } from '@/stores/auth'
import LessonQuestions from './LessonQuestions.vue'

function msg(id: string, over: Partial<ThreadMessage> = {}): ThreadMessage {
  return {
    id, seq: 1, roomId: 'r1', threadId: null, lessonId: 'l1', author: { id: 'ana', displayName: 'Ana' }, body: `Body ${id}`,
    createdAt: '2026-01-01T10:00:00Z', editedAt: null, deleted: false, mentions: [], mentionsHere: false, replyCount: 0, lastReplyAt: null,
    answerId: null, ...over,
  }
}
function question(id: string, over: Partial<Question> = {}): Question {
  return { ...msg(id), answer: null, ...over }
}

const server = vi.hoisted(() => ({
  questions: [] as unknown[],
  failList: false,
  thread: [] as unknown[],
  asked: [] as unknown[][],
  replies: [] as unknown[][],
  marks: [] as unknown[][],
  refuseAsk: false,
  handlers: null as null | { next: (e: unknown) => void; error: (e: unknown) => void },
  askGate: null as null | Promise<void>,
}))

vi.mock('@/services/questions', async (importOriginal) => {
  const real = await importOriginal<typeof import('@/services/questions')>()
  return {
    ...real,
    fetchQuestionRoom: async () => ({ id: 'r1', slug: 'general', latestSeq: 5, epoch: 'e1' }),
    fetchLessonQuestions: async () => {
      if (server.failList) throw new ApiError('Only members of this course read its questions', 'FORBIDDEN')
      return { questions: server.questions, endCursor: null }
    },
    fetchThread: async () => server.thread,
    askQuestion: async (...args: unknown[]) => {
      server.asked.push(args)
      if (server.askGate) await server.askGate
      if (server.refuseAsk) throw new ApiError('Slow down', 'RATE_LIMITED')
      return { ...msg('q-new', { body: String(args[2]), createdAt: '2026-02-01T10:00:00Z' }), answer: null }
    },
    replyToQuestion: async (...args: unknown[]) => {
      server.replies.push(args)
      return msg('r-new', { threadId: String(args[1]), lessonId: null, body: String(args[2]) })
    },
    markAnswer: async (...args: unknown[]) => {
      server.marks.push(args)
      const reply = (server.thread as ThreadMessage[]).find((r) => r.id === args[1]) ?? null
      return question(String(args[0]), { answerId: (args[1] as string | null) ?? null, answer: reply, replyCount: 2 })
    },
    watchQuestions: (_room: string, _position: unknown, handlers: { next: (e: unknown) => void; error: (e: unknown) => void }) => {
      server.handlers = handlers
      return () => (server.handlers = null)
    },
  }
})

async function mountIt(canModerate = false) {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'ana', email: 'ana@example.com', displayName: 'Ana', role: 'LEARNER', emailVerified: null, avatar: null }
  const wrapper = mount(LessonQuestions, { props: { courseId: 'c1', lessonId: 'l1', canModerate } })
  await flushPromises()
  return wrapper
}

function event(over: Partial<QuestionEvent>): QuestionEvent {
  return { type: 'MESSAGE_POSTED', seq: 6, epoch: 'e1', message: null, thread: null, ...over }
}

beforeEach(() => {
  Object.assign(server, { questions: [], failList: false, thread: [], asked: [], replies: [], marks: [], refuseAsk: false, handlers: null, askGate: null })
  vi.useRealTimers()
})

describe('LessonQuestions', () => {
  it('says when there is no question yet', async () => {
    const wrapper = await mountIt()
    expect(wrapper.get('[data-testid="questions-empty"]').text()).toContain('No questions yet')
  })

  it('shows an error with a retry', async () => {
    server.failList = true
    const wrapper = await mountIt()
    expect(wrapper.get('[role="alert"]').text()).toContain('Only members')
    server.failList = false
    server.questions = [question('q1')]
    await wrapper.get('[role="alert"] button').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="lesson-question"]')).toHaveLength(1)
  })

  it('lists questions with their reply count, an Answered badge and the answer', async () => {
    const answer = msg('a1', { threadId: 'q1', lessonId: null, author: { id: 'bo', displayName: 'Bo' }, body: 'Use <@ana>', mentions: [{ id: 'ana', displayName: 'Ana' }] })
    server.questions = [question('q1', { replyCount: 2, answerId: 'a1', answer }), question('q2', { body: 'hi <@zed>' })]
    const wrapper = await mountIt()
    const items = wrapper.findAll('[data-testid="lesson-question"]')
    expect(items[0]?.get('[data-testid="answered-badge"]').text()).toBe('Answered')
    expect(items[0]?.get('[data-testid="answer-preview"]').text()).toContain('Use @Ana')
    expect(items[0]?.get('[data-testid="toggle-thread"]').text()).toBe('2 replies')
    expect(items[1]?.find('[data-testid="answered-badge"]').exists()).toBe(false)
    expect(items[1]?.get('[data-testid="question-body"]').text()).toBe('hi @unknown')
  })

  it('asks with the lesson id, is disabled while sending, and lists the question at once', async () => {
    let open: () => void = () => {}
    server.askGate = new Promise((resolve) => (open = resolve))
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="ask-body"]').setValue('  Why is the sky blue?  ')
    await wrapper.get('form').trigger('submit')
    expect(server.asked[0]?.slice(0, 3)).toEqual(['r1', 'l1', 'Why is the sky blue?'])
    expect(wrapper.get('[data-testid="ask-submit"]').attributes('disabled')).toBeDefined()
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="ask-body"]').element.disabled).toBe(true)
    open()
    await flushPromises()
    expect(wrapper.get('[data-testid="question-body"]').text()).toBe('Why is the sky blue?')
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="ask-body"]').element.value).toBe('')
  })

  it('shows why a question was refused and keeps the text, retrying with the same client id', async () => {
    server.refuseAsk = true
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="ask-body"]').setValue('Hello?')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="ask-error"]').text()).toBe('Slow down')
    expect(wrapper.get<HTMLTextAreaElement>('[data-testid="ask-body"]').element.value).toBe('Hello?')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.asked[1]?.[3]).toBe(server.asked[0]?.[3])
  })

  it('opens a thread with the answer first, replies in it and lets the asker mark an answer', async () => {
    server.questions = [question('q1', { replyCount: 2 })]
    server.thread = [msg('r1', { threadId: 'q1', lessonId: null, body: 'first' }), msg('r2', { threadId: 'q1', lessonId: null, body: 'second' })]
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="toggle-thread"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-testid="question-reply"]').map((r) => r.text())).toEqual([expect.stringContaining('first'), expect.stringContaining('second')])
    await wrapper.findAll('[data-testid="mark-answer"]')[1]?.trigger('click')
    await flushPromises()
    expect(server.marks[0]).toEqual(['q1', 'r2'])
    const replies = wrapper.findAll('[data-testid="question-thread"] li')
    expect(replies[0]?.attributes('data-testid')).toBe('question-answer')
    expect(replies[0]?.text()).toContain('second')
    expect(wrapper.find('[data-testid="answered-badge"]').exists()).toBe(true)

    await wrapper.get('[data-testid="reply-body"]').setValue('thanks')
    await wrapper.get('[data-testid="question-thread"] form').trigger('submit')
    await flushPromises()
    expect(server.replies[0]?.slice(0, 3)).toEqual(['r1', 'q1', 'thanks'])
    expect(wrapper.text()).toContain('thanks')
  })

  it("offers no mark to a learner on someone else's question", async () => {
    server.questions = [question('q1', { author: { id: 'cy', displayName: 'Cy' }, replyCount: 1 })]
    server.thread = [msg('r1', { threadId: 'q1', lessonId: null })]
    const wrapper = await mountIt()
    await wrapper.get('[data-testid="toggle-thread"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="mark-answer"]').exists()).toBe(false)
  })

  it("adds this lesson's questions seen live, ignores other lessons', and follows thread counts", async () => {
    const wrapper = await mountIt()
    server.handlers?.next(event({ message: question('q9', { lessonId: 'l2' }) }))
    server.handlers?.next(event({ message: question('q8', { author: { id: 'cy', displayName: 'Cy' } }) }))
    await flushPromises()
    expect(wrapper.findAll('[data-testid="lesson-question"]')).toHaveLength(1)
    server.handlers?.next(event({ message: { ...msg('r5', { threadId: 'q8', lessonId: null }), answer: null }, thread: { id: 'q8', replyCount: 1, lastReplyAt: null } }))
    server.handlers?.next(event({ type: 'ANSWER_MARKED', message: question('q8', { answerId: 'r5', author: { id: 'cy', displayName: 'Cy' } }) }))
    await flushPromises()
    expect(wrapper.get('[data-testid="toggle-thread"]').text()).toBe('1 reply')
    expect(wrapper.find('[data-testid="answered-badge"]').exists()).toBe(true)
  })

  it('polls every 15 s when the live request fails', async () => {
    vi.useFakeTimers()
    const wrapper = await mountIt()
    server.handlers?.error(new ApiError('gone', 'INTERNAL'))
    server.questions = [question('q3')]
    await vi.advanceTimersByTimeAsync(15_000)
    await flushPromises()
    expect(wrapper.findAll('[data-testid="lesson-question"]')).toHaveLength(1)
    expect(wrapper.text()).toContain('Updates every 15 seconds')
    wrapper.unmount()
  })
})
