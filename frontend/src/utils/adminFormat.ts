/** Labels and formats the admin pages share. */
import type { EnrollmentSource } from '@/services/admin/types'
import type { CourseStatus, Role } from '@/services/types'

export const ROLE_LABELS: Record<Role, string> = { LEARNER: 'Learner', CREATOR: 'Creator', ADMIN: 'Admin' }
export const ROLE_PLURALS: Record<Role, string> = { LEARNER: 'Learners', CREATOR: 'Creators', ADMIN: 'Admins' }
export const COURSE_STATUS_LABELS: Record<CourseStatus, string> = { DRAFT: 'Draft', PUBLISHED: 'Published', ARCHIVED: 'Archived' }
export const SOURCE_LABELS: Record<EnrollmentSource, string> = { FREE: 'Free', PURCHASE: 'Purchase', ADMIN: 'Granted by an admin' }

/** "Mar 4, 2027, 10:05 AM" in the reader's zone: when something happened, to the minute. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return date.toLocaleString(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** Whole numbers with the reader's grouping: 100,000. */
export function formatCount(value: number): string {
  return new Intl.NumberFormat().format(value)
}
