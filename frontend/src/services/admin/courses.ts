/**
 * Administrators' course calls: every course in every status, one course with its enrollments and
 * revenue, the status changes (each audited with the admin's reason), featuring, and revoking an
 * enrollment. The server checks that the caller is an admin; a non-admin gets FORBIDDEN.
 */
import { request } from '@/services/api'
import type { Category, CourseLevel, CourseStatus } from '@/services/types'
import { ACCOUNT, PAGE_INFO, TOTAL, toPage, type Account, type AdminPage, type Connection } from './types2'

export type AdminCourseSort = 'NEWEST' | 'OLDEST' | 'TITLE' | 'ENROLLMENTS'
export const ADMIN_COURSE_SORTS: readonly AdminCourseSort[] = ['NEWEST', 'OLDEST', 'TITLE', 'ENROLLMENTS']
export const COURSE_STATUSES: readonly CourseStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED']

export interface AdminCourseFilter {
  /** Part of the title. */
  search?: string
  status?: CourseStatus
  featured?: boolean
  creatorId?: string
}

export interface AdminCourse {
  id: string
  slug: string
  title: string
  subtitle: string
  status: CourseStatus
  priceCents: number
  currency: string
  isFree: boolean
  level: CourseLevel
  language: string
  ratingAvg: number
  ratingCount: number
  enrollmentCount: number
  lessonCount: number
  createdAt: string
  publishedAt: string | null
  /** Set while the course is featured on the catalog's first page. */
  featuredAt: string | null
  category: Category | null
  creator: Account
}

export type EnrollmentSource = 'FREE' | 'PURCHASE' | 'ADMIN'

export interface AdminEnrollment {
  id: string
  source: EnrollmentSource
  enrolledAt: string
  revokedAt: string | null
  learner: Account
}

/** A course's sales in one currency, in minor units. */
export interface RevenueTotal {
  currency: string
  sales: number
  grossCents: number
  refundedCents: number
  netCents: number
}

export interface AdminCourseDetail {
  course: AdminCourse
  revenue: RevenueTotal[]
}

const COURSE = `id slug title subtitle status priceCents currency isFree level language ratingAvg ratingCount
  enrollmentCount lessonCount createdAt publishedAt featuredAt category { id slug name } creator { ${ACCOUNT} }`
const ENROLLMENT = `id source enrolledAt revokedAt learner { ${ACCOUNT} }`

export const ADMIN_PAGE_SIZE = 25

export async function fetchAdminCourses(
  filter: AdminCourseFilter,
  sort: AdminCourseSort,
  after: string | null,
  first = ADMIN_PAGE_SIZE,
): Promise<AdminPage<AdminCourse>> {
  const data = await request<{ adminCourses: Connection<AdminCourse> }>(
    `query AdminCourses($filter: AdminCourseFilter, $sort: AdminCourseSort, $first: Int, $after: String) {
      adminCourses(filter: $filter, sort: $sort, first: $first, after: $after) { edges { node { ${COURSE} } } ${PAGE_INFO} ${TOTAL} }
    }`,
    { filter, sort, first, after },
  )
  return toPage(data.adminCourses)
}

/** The course and its revenue; null when there is no such course. */
export async function fetchAdminCourse(id: string): Promise<AdminCourseDetail | null> {
  const data = await request<{ adminCourse: AdminCourseDetail | null }>(
    `query AdminCourse($id: ID!) { adminCourse(id: $id) { course { ${COURSE} } revenue { currency sales grossCents refundedCents netCents } } }`,
    { id },
  )
  return data.adminCourse
}

/** Newest first, revoked ones included. */
export async function fetchCourseEnrollments(courseId: string, after: string | null, first = ADMIN_PAGE_SIZE): Promise<AdminPage<AdminEnrollment>> {
  const data = await request<{ adminCourse: { enrollments: Connection<AdminEnrollment> } | null }>(
    `query AdminCourseEnrollments($id: ID!, $first: Int, $after: String) {
      adminCourse(id: $id) { enrollments(first: $first, after: $after) { edges { node { ${ENROLLMENT} } } ${PAGE_INFO} ${TOTAL} } }
    }`,
    { id: courseId, first, after },
  )
  if (!data.adminCourse) throw new Error('This course does not exist.')
  return toPage(data.adminCourse.enrollments)
}

export type CourseStatusChange = 'unpublishCourse' | 'archiveCourse' | 'restoreCourse'

/** Unpublish (PUBLISHED -> DRAFT), archive, or restore an archived course; audited with `reason`. */
export async function changeCourseStatus(id: string, change: CourseStatusChange, reason: string): Promise<AdminCourse> {
  const data = await request<Record<CourseStatusChange, AdminCourse>>(
    `mutation ChangeCourseStatus($id: ID!, $reason: String) { ${change}(id: $id, reason: $reason) { ${COURSE} } }`,
    { id, reason },
  )
  return data[change]
}

/** Only a published course can be featured (BAD_USER_INPUT otherwise). */
export async function setCourseFeatured(id: string, featured: boolean, reason: string): Promise<AdminCourse> {
  const data = await request<{ setCourseFeatured: AdminCourse }>(
    `mutation SetCourseFeatured($id: ID!, $featured: Boolean!, $reason: String) {
      setCourseFeatured(id: $id, featured: $featured, reason: $reason) { ${COURSE} }
    }`,
    { id, featured, reason },
  )
  return data.setCourseFeatured
}

export async function revokeEnrollment(enrollmentId: string, reason: string): Promise<AdminEnrollment> {
  const data = await request<{ revokeEnrollment: AdminEnrollment }>(
    `mutation RevokeEnrollment($id: ID!, $reason: String) { revokeEnrollment(enrollmentId: $id, reason: $reason) { ${ENROLLMENT} } }`,
    { id: enrollmentId, reason },
  )
  return data.revokeEnrollment
}
