/**
 * The open threads of a list of lesson questions (the lesson page's, the studio's): each one's
 * replies, its reply box and its "mark as answer" in flight. Kept apart from the lists so both
 * answer the same way, and so a live reply lands in the thread it belongs to.
 */
import { reactive } from 'vue'
import { errorMessage } from './useAction'
import { QUESTION_MAX, fetchThread, markAnswer, newClientId, replyToQuestion, type Question, type ThreadMessage } from '@/services/questions'

export interface ThreadState {
  replies: ThreadMessage[]
  loaded: boolean
  loading: boolean
  error: string | null
  draft: string
  sending: boolean
  sendError: string | null
  /** Kept across retries of the same text, so a retry after a lost answer posts nothing twice. */
  clientId: string | null
  sentDraft: string | null
  /** The reply being marked (or '' while clearing). */
  marking: string | null
  markError: string | null
}

function blank(): ThreadState {
  return { replies: [], loaded: false, loading: false, error: null, draft: '', sending: false, sendError: null, clientId: null, sentDraft: null, marking: null, markError: null }
}

/**
 * `message` in place of the copy with its id (the later copy: an edit, a delete), or appended.
 * `seq` is the post's and does not change with an edit, so the later arrival is the newer state.
 */
export function upsert<T extends { id: string }>(list: T[], message: T): T[] {
  const index = list.findIndex((m) => m.id === message.id)
  if (index < 0) return [...list, message]
  const copy = [...list]
  copy[index] = message
  return copy
}

export function useQuestionThreads() {
  const threads = reactive<Record<string, ThreadState>>({})

  function state(questionId: string): ThreadState {
    return (threads[questionId] ??= blank())
  }

  async function load(questionId: string): Promise<void> {
    const thread = state(questionId)
    thread.loading = true
    thread.error = null
    try {
      const replies = await fetchThread(questionId)
      // Replies that arrived live while loading are kept (a newer copy of the same one wins).
      thread.replies = thread.replies.reduce((all, m) => upsert(all, m), replies)
      thread.loaded = true
    } catch (e) {
      thread.error = errorMessage(e, 'Could not load the replies.')
    } finally {
      thread.loading = false
    }
  }

  async function open(questionId: string): Promise<void> {
    const thread = state(questionId)
    if (!thread.loaded && !thread.loading) await load(questionId)
  }

  /** Post the reply box's text; the question's reply count follows. Null when nothing was sent. */
  async function reply(question: Question): Promise<ThreadMessage | null> {
    const thread = state(question.id)
    const body = thread.draft.trim()
    if (!body || thread.sending) return null
    if (body.length > QUESTION_MAX) {
      thread.sendError = `A reply can be at most ${QUESTION_MAX.toLocaleString('en-US')} characters.`
      return null
    }
    if (thread.sentDraft !== body || !thread.clientId) {
      thread.clientId = newClientId()
      thread.sentDraft = body
    }
    thread.sending = true
    thread.sendError = null
    try {
      const sent = await replyToQuestion(question.roomId, question.id, body, thread.clientId)
      thread.replies = upsert(thread.replies, sent)
      thread.draft = ''
      thread.clientId = null
      thread.sentDraft = null
      return sent
    } catch (e) {
      thread.sendError = errorMessage(e, 'Could not send your reply.')
      return null
    } finally {
      thread.sending = false
    }
  }

  /** Mark `answerId` (null clears); the question as the server has it now, or null on failure. */
  async function mark(question: Question, answerId: string | null): Promise<Question | null> {
    const thread = state(question.id)
    if (thread.marking !== null) return null
    thread.marking = answerId ?? ''
    thread.markError = null
    try {
      return await markAnswer(question.id, answerId)
    } catch (e) {
      thread.markError = errorMessage(e, 'Could not mark the answer.')
      return null
    } finally {
      thread.marking = null
    }
  }

  /** A reply seen live: into its thread if that thread is open. */
  function apply(message: ThreadMessage): void {
    if (!message.threadId) return
    const thread = threads[message.threadId]
    if (thread) thread.replies = upsert(thread.replies, message)
  }

  return { threads, state, open, load, reply, mark, apply }
}
