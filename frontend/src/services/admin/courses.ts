/**
 * Administrators' course calls: every course in every status, one course with its enrollments and
 * revenue, the status changes (each audited with the admin's reason), featuring, and revoking an
 * enrollment. The server checks that the caller is an admin; a non-admin gets FORBIDDEN.
 */
import { request } from '@/services/api'
import { graphql } from '@/services/generated'
import type {
  AdminCourseFieldsFragment,
  AdminCourseFilter as AdminCourseFilterType,
  AdminCourseQuery,
  AdminCourseSort,
  AdminEnrollmentFieldsFragment,
  EnrollmentSource,
} from '@/services/generated/graphql'
import type { CourseStatus } from '@/services/types'
import { toPage, type AdminPage } from './types2'

export type { AdminCourseSort, EnrollmentSource }
export const ADMIN_COURSE_SORTS: readonly AdminCourseSort[] = ['NEWEST', 'OLDEST', 'TITLE', 'ENROLLMENTS']
export const COURSE_STATUSES: readonly CourseStatus[] = ['DRAFT', 'PUBLISHED', 'ARCHIVED']

/** `search`: part of the title. */
export type AdminCourseFilter = AdminCourseFilterType

/** A course in any status; `featuredAt` is set while it is featured on the catalog's first page. */
export type AdminCourse = AdminCourseFieldsFragment

/** An enrollment in a course's list of learners, revoked ones included. */
export type AdminEnrollment = AdminEnrollmentFieldsFragment

/** The course with its sales, one `RevenueTotal` per currency (minor units). */
export type AdminCourseDetail = NonNullable<AdminCourseQuery['adminCourse']>
export type RevenueTotal = AdminCourseDetail['revenue'][number]

export const ADMIN_PAGE_SIZE = 25

export async function fetchAdminCourses(
  filter: AdminCourseFilter,
  sort: AdminCourseSort,
  after: string | null,
  first = ADMIN_PAGE_SIZE,
): Promise<AdminPage<AdminCourse>> {
  const data = await request(
    graphql(`query AdminCourses($filter: AdminCourseFilter, $sort: AdminCourseSort, $first: Int, $after: String) {
      adminCourses(filter: $filter, sort: $sort, first: $first, after: $after) {
        edges { node { ...AdminCourseFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped
      }
    }`),
    { filter, sort, first, after },
  )
  return toPage(data.adminCourses)
}

/** The course and its revenue; null when there is no such course. */
export async function fetchAdminCourse(id: string): Promise<AdminCourseDetail | null> {
  const data = await request(
    graphql(`query AdminCourse($id: ID!) {
      adminCourse(id: $id) { course { ...AdminCourseFields } revenue { currency sales grossCents refundedCents netCents } }
    }`),
    { id },
  )
  return data.adminCourse
}

/** Newest first, revoked ones included. */
export async function fetchCourseEnrollments(courseId: string, after: string | null, first = ADMIN_PAGE_SIZE): Promise<AdminPage<AdminEnrollment>> {
  const data = await request(
    graphql(`query AdminCourseEnrollments($id: ID!, $first: Int, $after: String) {
      adminCourse(id: $id) {
        enrollments(first: $first, after: $after) {
          edges { node { ...AdminEnrollmentFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped
        }
      }
    }`),
    { id: courseId, first, after },
  )
  if (!data.adminCourse) throw new Error('This course does not exist.')
  return toPage(data.adminCourse.enrollments)
}

export type CourseStatusChange = 'unpublishCourse' | 'archiveCourse' | 'restoreCourse'

/** Unpublish (PUBLISHED -> DRAFT), archive, or restore an archived course; audited with `reason`. */
export async function changeCourseStatus(id: string, change: CourseStatusChange, reason: string): Promise<AdminCourse> {
  const variables = { id, reason }
  switch (change) {
    case 'unpublishCourse':
      return (await request(graphql(`
        mutation AdminUnpublishCourse($id: ID!, $reason: String) { unpublishCourse(id: $id, reason: $reason) { ...AdminCourseFields } }
      `), variables)).unpublishCourse
    case 'archiveCourse':
      return (await request(graphql(`
        mutation AdminArchiveCourse($id: ID!, $reason: String) { archiveCourse(id: $id, reason: $reason) { ...AdminCourseFields } }
      `), variables)).archiveCourse
    case 'restoreCourse':
      return (await request(graphql(`
        mutation AdminRestoreCourse($id: ID!, $reason: String) { restoreCourse(id: $id, reason: $reason) { ...AdminCourseFields } }
      `), variables)).restoreCourse
  }
}

/** Only a published course can be featured (BAD_USER_INPUT otherwise). */
export async function setCourseFeatured(id: string, featured: boolean, reason: string): Promise<AdminCourse> {
  const data = await request(
    graphql(`mutation SetCourseFeatured($id: ID!, $featured: Boolean!, $reason: String) {
      setCourseFeatured(id: $id, featured: $featured, reason: $reason) { ...AdminCourseFields }
    }`),
    { id, featured, reason },
  )
  return data.setCourseFeatured
}

export async function revokeEnrollment(enrollmentId: string, reason: string): Promise<AdminEnrollment> {
  const data = await request(
    graphql(`mutation RevokeEnrollment($id: ID!, $reason: String) { revokeEnrollment(enrollmentId: $id, reason: $reason) { ...AdminEnrollmentFields } }`),
    { id: enrollmentId, reason },
  )
  return data.revokeEnrollment
}
