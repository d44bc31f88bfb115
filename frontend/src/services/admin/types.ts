/**
 * The shapes the admin pages read (edusphere/auth, audit and admin schema.graphql, and the
 * courses and payments extensions of `UserDetail`). Kept apart from ../types.ts, which the
 * public pages share, so the admin's types change without touching theirs.
 */
import type { CourseStatus, OrderStatus, PageInfo, PaymentProvider, Role } from '@/services/types'

export type UserSort = 'NEWEST' | 'OLDEST' | 'EMAIL' | 'NAME'
export type EnrollmentSource = 'FREE' | 'PURCHASE' | 'ADMIN'

/** An account as an administrator sees it (`email` is always set for them). */
export interface AdminUser {
  id: string
  email: string | null
  /** Whether the owner followed a link mailed to `email` (issue 15). */
  emailVerified?: boolean | null
  displayName: string
  role: Role
  isActive: boolean
  createdAt: string
}

export interface UserFilter {
  search?: string
  role?: Role
  isActive?: boolean
  /** ISO 8601, inclusive. */
  createdAfter?: string
  /** ISO 8601, exclusive. */
  createdBefore?: string
}

export interface UserPage {
  users: AdminUser[]
  pageInfo: PageInfo
  /** Exact up to 10,000; beyond, 10,000 and `totalCountCapped` is true ("10,000+"). */
  totalCount: number
  totalCountCapped: boolean
}

export interface UserSession {
  id: string
  startedAt: string
  lastRefreshedAt: string
  expiresAt: string
}

export interface AdminEnrollment {
  id: string
  course: { id: string; slug: string; title: string }
  source: EnrollmentSource
  enrolledAt: string
  revokedAt: string | null
  progress: { percent: number }
}

export interface TaughtCourse {
  id: string
  slug: string
  title: string
  status: CourseStatus
  enrollmentCount: number
  createdAt: string
}

export interface AdminUserOrder {
  id: string
  status: OrderStatus
  provider: PaymentProvider
  amountCents: number
  refundedCents: number
  currency: string
  receiptNumber: string | null
  createdAt: string
  course: { id: string; slug: string; title: string }
}

/** `adminUser(id)`: the account and what hangs off it. */
export interface UserDetail {
  user: AdminUser
  sessions: UserSession[]
  enrollments: AdminEnrollment[]
  courses: TaughtCourse[]
  orders: AdminUserOrder[]
}

/** What a bulk action did: targets changed (each audited) and targets already as asked. */
export interface BulkOutcome {
  changed: number
  unchanged: number
}

// --- Audit log (edusphere/audit/schema.graphql) -------------------------------------------------

export type AuditAction =
  | 'USER_ROLE_CHANGED'
  | 'USER_DEACTIVATED'
  | 'USER_REACTIVATED'
  | 'USER_SESSIONS_ENDED'
  | 'USER_VERIFICATION_RESENT'
  | 'USER_PASSWORD_RESET_SENT'
  | 'COURSE_UNPUBLISHED'
  | 'COURSE_ARCHIVED'
  | 'COURSE_RESTORED'
  | 'COURSE_FEATURED'
  | 'COURSE_UNFEATURED'
  | 'ENROLLMENT_REVOKED'
  | 'REVIEW_HIDDEN'
  | 'REVIEW_RESTORED'
  | 'REVIEW_DELETED'
  | 'ORDER_REFUNDED'
  | 'REPORT_DISMISSED'
  | 'REPORT_ACTIONED'
  | 'MESSAGE_DELETED'
  | 'MEMBER_MUTED'
  | 'MEMBER_UNMUTED'

export interface AuditEntry {
  id: string
  action: AuditAction
  actorId: string
  actor: { id: string; displayName: string }
  /** The GraphQL type of the target: User, Course, Enrollment, Review, Order, MessageReport, Message. */
  targetType: string
  targetId: string
  /** JSON objects as text (only the changed fields); null where nothing existed. */
  before: string | null
  after: string | null
  reason: string
  createdAt: string
}

export interface AuditFilter {
  action?: AuditAction
  actorId?: string
  targetType?: string
  targetId?: string
  search?: string
  createdAfter?: string
  createdBefore?: string
}

export interface AuditPage {
  entries: AuditEntry[]
  pageInfo: PageInfo
}

// --- Dashboard (edusphere/admin/schema.graphql) -------------------------------------------------

export interface RoleCount {
  role: Role
  count: number
  active: number
}

export interface CourseStatusCount {
  status: CourseStatus
  count: number
}

export interface SalesDay {
  /** YYYY-MM-DD (UTC). */
  day: string
  currency: string
  orders: number
  revenueCents: number
  refundedCents: number
}

export interface ChatMinute {
  minute: string
  messages: number
}

export interface WriteBehindFigures {
  backlog: number
  pending: number
  lagSeconds: number | null
  deadLetters: number
}

export interface MailFigures {
  pending: number
  sending: number
  dead: number
  deadLastHour: number
  oldestPendingSeconds: number | null
}

export interface Dashboard {
  usersByRole: RoleCount[]
  coursesByStatus: CourseStatusCount[]
  enrollments: number
  salesByDay: SalesDay[]
  openSockets: number
  chatMessagesPerMinute: ChatMinute[]
  writeBehind: WriteBehindFigures
  openReports: number
  mail: MailFigures
}
