import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import { endSession } from '@/services/session'
import * as courses from './courses'

interface Sent {
  query: string
  variables: Record<string, unknown>
}

let sent: Sent[] = []
let answer: unknown = {}

beforeEach(() => {
  endSession('signed-out')
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as Sent)
    return new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } })
  })
})
afterEach(() => vi.unstubAllGlobals())

/** The field the document selects at the root, and the variables it was sent with. */
function last(): { root: string; variables: Record<string, unknown> } {
  const call = sent.at(-1)
  if (!call) throw new Error('nothing was sent')
  return { root: /\{\s*(\w+)/.exec(call.query)?.[1] ?? '', variables: call.variables }
}

const connection = (nodes: unknown[], next: string | null, totalCount = nodes.length, totalCountCapped = false) => ({
  edges: nodes.map((node) => ({ node })),
  pageInfo: { hasNextPage: next !== null, endCursor: next },
  totalCount,
  totalCountCapped,
})

describe('the admin courses service', () => {
  it('sends the filter, the sort and the cursor, and hands back the nodes with the total', async () => {
    answer = { data: { adminCourses: connection([{ id: 'c1' }, { id: 'c2' }], 'cur2', 40) } }
    const page = await courses.fetchAdminCourses({ search: 'rust', status: 'ARCHIVED', featured: false }, 'TITLE', 'cur1')
    expect(last()).toEqual({
      root: 'adminCourses',
      variables: { filter: { search: 'rust', status: 'ARCHIVED', featured: false }, sort: 'TITLE', first: 25, after: 'cur1' },
    })
    expect(page).toEqual({
      items: [{ id: 'c1' }, { id: 'c2' }],
      pageInfo: { hasNextPage: true, endCursor: 'cur2' },
      totalCount: 40,
      totalCountCapped: false,
    })
    expect(sent.at(-1)?.query).toMatch(/totalCount totalCountCapped/)
  })

  it('hands on a capped total as capped', async () => {
    answer = { data: { adminCourses: connection([{ id: 'c1' }], 'cur2', 10000, true) } }
    const page = await courses.fetchAdminCourses({}, 'NEWEST', null)
    expect([page.totalCount, page.totalCountCapped]).toEqual([10000, true])
    answer = { data: { adminCourse: { enrollments: connection([{ id: 'e1' }], 'c', 10000, true) } } }
    expect((await courses.fetchCourseEnrollments('c1', null)).totalCountCapped).toBe(true)
    expect(sent.at(-1)?.query).toMatch(/totalCount totalCountCapped/)
  })

  it('pages a course’s enrollments, and says so when the course is gone', async () => {
    answer = { data: { adminCourse: { enrollments: connection([{ id: 'e1' }], null, 1) } } }
    expect((await courses.fetchCourseEnrollments('c1', 'cur')).items).toEqual([{ id: 'e1' }])
    expect(last()).toEqual({ root: 'adminCourse', variables: { id: 'c1', first: 25, after: 'cur' } })
    answer = { data: { adminCourse: null } }
    await expect(courses.fetchCourseEnrollments('gone', null)).rejects.toThrow('This course does not exist.')
  })

  it('names the status change as the mutation, with the reason', async () => {
    answer = { data: { archiveCourse: { id: 'c1', status: 'ARCHIVED' } } }
    expect((await courses.changeCourseStatus('c1', 'archiveCourse', 'Spam')).status).toBe('ARCHIVED')
    expect(last()).toEqual({ root: 'archiveCourse', variables: { id: 'c1', reason: 'Spam' } })
    answer = { data: { restoreCourse: { id: 'c1', status: 'DRAFT' } } }
    await courses.changeCourseStatus('c1', 'restoreCourse', 'Appeal upheld')
    expect(last().root).toBe('restoreCourse')
  })

  it('features, and revokes an enrollment with a reason', async () => {
    answer = { data: { setCourseFeatured: { id: 'c1', featuredAt: '2027-01-01T00:00:00Z' } } }
    await courses.setCourseFeatured('c1', true, 'Staff pick')
    expect(last()).toEqual({ root: 'setCourseFeatured', variables: { id: 'c1', featured: true, reason: 'Staff pick' } })
    answer = { data: { revokeEnrollment: { id: 'e1', revokedAt: '2027-01-01T00:00:00Z' } } }
    await courses.revokeEnrollment('e1', 'Chargeback')
    expect(last()).toEqual({ root: 'revokeEnrollment', variables: { id: 'e1', reason: 'Chargeback' } })
  })

  it('passes the server’s refusal on with its code', async () => {
    answer = { errors: [{ message: 'Only a published course can be featured', extensions: { code: 'BAD_USER_INPUT' } }] }
    const error = await courses.setCourseFeatured('c1', true, 'x').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).code).toBe('BAD_USER_INPUT')
  })
})
