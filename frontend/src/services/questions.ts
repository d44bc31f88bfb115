/**
 * Lesson questions: a root chat message with `lessonId`, posted in one of the course's discussion
 * rooms and answered in its thread (edusphere/chat/questions.py). The lesson page lists and asks
 * them, the studio works through the unanswered ones; both mark a reply as the answer.
 */
import { request } from './api'
import { graphql } from './generated'
import type { QuestionFieldsFragment, QuestionMessageFieldsFragment, LessonQuestionEventsSubscription } from './generated/graphql'
import { execute, subscribe, type LiveHandlers } from './live'

/** The server's bound on a message body (the chat composer's too). */
export const QUESTION_MAX = 4000
export const QUESTIONS_PAGE = 20

export type Question = QuestionFieldsFragment
export type ThreadMessage = QuestionMessageFieldsFragment
export type QuestionEvent = LessonQuestionEventsSubscription['roomEvents']

export interface QuestionPage {
  questions: Question[]
  endCursor: string | null
}

/** Where a course's questions are asked, and where to watch them from. */
export interface QuestionRoom {
  id: string
  slug: string
  latestSeq: number
  epoch: string | null
}

function page(connection: { edges: { node: Question }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }): QuestionPage {
  return {
    questions: connection.edges.map((edge) => edge.node),
    endCursor: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
  }
}

/** Newest first. */
export async function fetchLessonQuestions(lessonId: string, after: string | null, first = QUESTIONS_PAGE): Promise<QuestionPage> {
  const data = await request(
    graphql(`query LessonQuestionList($id: ID!, $first: Int, $after: String) {
      lessonQuestions(lessonId: $id, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }
    }`),
    { id: lessonId, first, after },
  )
  return page(data.lessonQuestions)
}

/** Oldest first: of one course, or (no `courseId`) of every course the viewer created. */
export async function fetchUnansweredQuestions(courseId: string | null, after: string | null, first = QUESTIONS_PAGE): Promise<QuestionPage> {
  const data = await request(
    graphql(`query StudioUnansweredQuestions($courseId: ID, $first: Int, $after: String) {
      unansweredQuestions(courseId: $courseId, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }
    }`),
    { courseId, first, after },
  )
  return page(data.unansweredQuestions)
}

/**
 * The room a course's lesson questions are asked in: its first discussion room (normally
 * `general`); null when the course has none the viewer may post in.
 */
export async function fetchQuestionRoom(courseId: string): Promise<QuestionRoom | null> {
  const data = await request(
    graphql(`query LessonQuestionRooms($id: ID!) { rooms(courseId: $id) { id slug kind canPost latestSeq epoch } }`),
    { id: courseId },
  )
  const room = data.rooms.find((r) => r.kind === 'DISCUSSION' && r.canPost) ?? data.rooms.find((r) => r.kind === 'DISCUSSION')
  return room ? { id: room.id, slug: room.slug, latestSeq: room.latestSeq, epoch: room.epoch } : null
}

export async function askQuestion(roomId: string, lessonId: string, body: string, clientId: string): Promise<Question> {
  const data = await execute(
    graphql(`mutation AskLessonQuestion($roomId: ID!, $body: String!, $clientId: String!, $lessonId: ID!) {
      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, lessonId: $lessonId) { ...QuestionFields }
    }`),
    { roomId, body, clientId, lessonId },
  )
  return data.sendMessage
}

export async function replyToQuestion(roomId: string, questionId: string, body: string, clientId: string): Promise<ThreadMessage> {
  const data = await execute(
    graphql(`mutation LessonQuestionReply($roomId: ID!, $body: String!, $clientId: String!, $threadId: ID!) {
      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, threadId: $threadId) { ...QuestionMessageFields }
    }`),
    { roomId, body, clientId, threadId: questionId },
  )
  return data.sendMessage
}

/** The replies, oldest first (the newest 100). */
export async function fetchThread(questionId: string): Promise<ThreadMessage[]> {
  const data = await request(
    graphql(`query LessonQuestionThread($id: ID!, $last: Int) { thread(messageId: $id, last: $last) { messages { ...QuestionMessageFields } hasMore } }`),
    { id: questionId, last: 100 },
  )
  return data.thread.messages
}

/** `answerId` null clears the mark. */
export async function markAnswer(questionId: string, answerId: string | null): Promise<Question> {
  const data = await execute(
    graphql(`mutation MarkLessonAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...QuestionFields } }`),
    { id: questionId, answerId },
  )
  return data.markAnswer
}

const EVENTS = graphql(`
  subscription LessonQuestionEvents($roomId: ID!, $since: Int, $epoch: String) {
    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {
      type seq epoch message { ...QuestionFields } thread { id replyCount lastReplyAt }
    }
  }
`)

/** The room's events over the shared live socket; `position` is read at every (re)connect. */
export function watchQuestions(roomId: string, position: () => { since: number; epoch: string | null }, handlers: LiveHandlers<QuestionEvent>): () => void {
  return subscribe(
    { query: EVENTS, variables: () => ({ roomId, ...position() }) },
    { ...handlers, next: (data) => handlers.next(data.roomEvents) },
  )
}

/** A client id for an idempotent send: a retry of the same text reuses it. */
export function newClientId(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `q-${Date.now()}-${Math.random().toString(36).slice(2)}`
}

/** Where a question of the creator's courses was asked: the course and the lesson, for links. */
export interface LessonPlace {
  courseId: string
  courseSlug: string
  courseTitle: string
  lessonTitle: string
}

/** Every lesson of the viewer's own courses, by id (creators and admins: `myCourses`). */
export async function fetchLessonPlaces(): Promise<Map<string, LessonPlace>> {
  const data = await request(
    graphql(`query StudioQuestionPlaces { myCourses { id slug title modules { lessons { id title } } } }`),
  )
  const places = new Map<string, LessonPlace>()
  for (const course of data.myCourses) {
    for (const module of course.modules) {
      for (const lesson of module.lessons) {
        places.set(lesson.id, { courseId: course.id, courseSlug: course.slug, courseTitle: course.title, lessonTitle: lesson.title })
      }
    }
  }
  return places
}
