/**
 * The shapes the admin pages read (edusphere/auth, audit and admin schema.graphql, and the
 * courses and payments extensions of `UserDetail`), generated from the SDL and the admin
 * services' selections (`npm run codegen`). Kept apart from ../types.ts, which the public pages
 * share, so the admin's types change without touching theirs.
 */
import type {
  AdminDashboardQuery,
  AdminUserFieldsFragment,
  AdminUserQuery,
  AuditEntryFieldsFragment,
} from '@/services/generated/graphql'
import type { PageInfo } from '@/services/types'

export type {
  AuditAction,
  AuditFilter,
  EnrollmentSource,
  UserFilter,
  UserSort,
} from '@/services/generated/graphql'
export type { BulkOutcome } from './types2'

/** An account as an administrator sees it (`email` is always set for them). */
export type AdminUser = AdminUserFieldsFragment

export interface UserPage {
  users: AdminUser[]
  pageInfo: PageInfo
  /** Exact up to 10,000; beyond, 10,000 and `totalCountCapped` is true ("10,000+"). */
  totalCount: number
  totalCountCapped: boolean
}

/** `adminUser(id)`: the account and what hangs off it. */
export type UserDetail = NonNullable<AdminUserQuery['adminUser']>
export type UserSession = UserDetail['sessions'][number]
export type AdminEnrollment = UserDetail['enrollments'][number]
export type TaughtCourse = UserDetail['courses'][number]
export type AdminUserOrder = UserDetail['orders'][number]

// --- Audit log (edusphere/audit/schema.graphql) -------------------------------------------------

/**
 * `targetType`: the GraphQL type of the target (User, Course, Enrollment, Review, Order,
 * MessageReport, Message); `before` and `after`: JSON objects as text (only the changed fields),
 * null where nothing existed.
 */
export type AuditEntry = AuditEntryFieldsFragment

export interface AuditPage {
  entries: AuditEntry[]
  pageInfo: PageInfo
}

// --- Dashboard (edusphere/admin/schema.graphql) -------------------------------------------------

export type Dashboard = AdminDashboardQuery['adminDashboard']
export type RoleCount = Dashboard['usersByRole'][number]
export type CourseStatusCount = Dashboard['coursesByStatus'][number]
/** One day's sales in one currency (`day`: YYYY-MM-DD, UTC). */
export type SalesDay = Dashboard['salesByDay'][number]
export type ChatMinute = Dashboard['chatMessagesPerMinute'][number]
export type WriteBehindFigures = Dashboard['writeBehind']
export type MailFigures = Dashboard['mail']
