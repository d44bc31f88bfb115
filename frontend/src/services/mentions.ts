/**
 * The mentions inbox: messages that name the viewer across courses (`myMentions`), the header's
 * unread count (`unreadMentionCount`), and where each mention lives (course slug, room slug)
 * so it can link to `/courses/:slug/chat/:room?around=<seq>`.
 *
 * A mention carries only its `roomId`; the room (`room(id)`: slug, course id) is asked once per
 * room, and a course's slug comes from the viewer's own lists (`myLearning`, and `myCourses` for
 * creators; an admin's other courses through `adminCourse`).
 */
import { request } from './api'
import { graphql } from './generated'
import type { QuestionMessageFieldsFragment } from './generated/graphql'

export type Mention = QuestionMessageFieldsFragment

export const MENTIONS_PAGE = 20

export interface MentionPage {
  mentions: Mention[]
  endCursor: string | null
}

/** Where a room is, for a link; null when the viewer can no longer read it. */
export interface RoomPlace {
  roomSlug: string
  roomName: string
  courseId: string
  courseSlug: string | null
  courseTitle: string | null
}

/** Newest first. */
export async function fetchMyMentions(after: string | null, first = MENTIONS_PAGE): Promise<MentionPage> {
  const data = await request(
    graphql(`query MyMentions($first: Int, $after: String) {
      myMentions(first: $first, after: $after) { edges { node { ...QuestionMessageFields } } pageInfo { hasNextPage endCursor } }
    }`),
    { first, after },
  )
  const { edges, pageInfo } = data.myMentions
  return { mentions: edges.map((e) => e.node), endCursor: pageInfo.hasNextPage ? pageInfo.endCursor : null }
}

export async function fetchUnreadMentionCount(): Promise<number> {
  return (await request(graphql(`query UnreadMentionCount { unreadMentionCount }`))).unreadMentionCount
}

interface CourseName {
  slug: string
  title: string
}

/** The courses the viewer belongs to, by id: enrolled in, and (creators) their own. */
export async function fetchMyCourseNames(creator: boolean): Promise<Map<string, CourseName>> {
  const names = new Map<string, CourseName>()
  const learning = await request(graphql(`query MentionLearningCourses { myLearning { id course { id slug title } } }`))
  for (const e of learning.myLearning) names.set(e.course.id, { slug: e.course.slug, title: e.course.title })
  if (creator) {
    const mine = await request(graphql(`query MentionOwnCourses { myCourses { id slug title } }`))
    for (const c of mine.myCourses) names.set(c.id, { slug: c.slug, title: c.title })
  }
  return names
}

/** An admin's view of any course (its slug), for a mention in a course they do not belong to. */
export async function fetchAdminCourseName(courseId: string): Promise<CourseName | null> {
  const data = await request(graphql(`query MentionAdminCourse($id: ID!) { adminCourse(id: $id) { course { id slug title } } }`), { id: courseId })
  return data.adminCourse ? { slug: data.adminCourse.course.slug, title: data.adminCourse.course.title } : null
}

export async function fetchRoomOf(roomId: string): Promise<{ slug: string; name: string; courseId: string } | null> {
  const data = await request(graphql(`query MentionRoom($id: ID!) { room(id: $id) { id slug name courseId } }`), { id: roomId })
  return data.room ? { slug: data.room.slug, name: data.room.name, courseId: data.room.courseId } : null
}
