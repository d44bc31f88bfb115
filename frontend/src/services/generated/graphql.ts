/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AdminCourseFilter = {
  creatorId?: string | number | null | undefined;
  featured?: boolean | null | undefined;
  /** Matches part of the title. */
  search?: string | null | undefined;
  status?: CourseStatus | null | undefined;
};

export type AdminCourseSort =
  | 'ENROLLMENTS'
  | 'NEWEST'
  | 'OLDEST'
  | 'TITLE';

export type AdminReviewFilter = {
  courseId?: string | number | null | undefined;
  hidden?: boolean | null | undefined;
  /** Reviews rated at most this (1-5). */
  ratingMax?: number | null | undefined;
  /** Matches part of the body. */
  search?: string | null | undefined;
};

/** Every action the audit log records: `<target>.<verb>` in `action`. */
export type AuditAction =
  | 'COURSE_ARCHIVED'
  | 'COURSE_FEATURED'
  | 'COURSE_RESTORED'
  | 'COURSE_UNFEATURED'
  | 'COURSE_UNPUBLISHED'
  | 'ENROLLMENT_REVOKED'
  | 'MEMBER_MUTED'
  | 'MEMBER_UNMUTED'
  | 'MESSAGE_DELETED'
  | 'ORDER_REFUNDED'
  | 'REPORT_ACTIONED'
  | 'REPORT_DISMISSED'
  | 'REVIEW_DELETED'
  | 'REVIEW_HIDDEN'
  | 'REVIEW_RESTORED'
  | 'USER_DEACTIVATED'
  | 'USER_PASSWORD_RESET_SENT'
  | 'USER_REACTIVATED'
  | 'USER_ROLE_CHANGED'
  | 'USER_SESSIONS_ENDED'
  | 'USER_VERIFICATION_RESENT';

export type AuditFilter = {
  action?: AuditAction | null | undefined;
  actorId?: string | number | null | undefined;
  /** ISO 8601 (e.g. 2027-01-31T00:00:00Z); inclusive. */
  createdAfter?: string | null | undefined;
  /** ISO 8601; exclusive. */
  createdBefore?: string | null | undefined;
  /** Matches part of the reason. */
  search?: string | null | undefined;
  targetId?: string | null | undefined;
  targetType?: string | null | undefined;
};

/**
 * How the search text matched: ALL_WORDS (every word), ANY_WORD (no course had every word, so
 * ranked by any), SIMILAR_TITLES (no word matched: titles similar to the text, typos forgiven),
 * NOTHING_FOUND; nothing was searched for NO_WORDS (punctuation only) or TOO_LONG (over 200 characters).
 */
export type CatalogSearchMode =
  | 'ALL_WORDS'
  | 'ANY_WORD'
  | 'NOTHING_FOUND'
  | 'NO_WORDS'
  | 'SIMILAR_TITLES'
  | 'TOO_LONG';

export type CatalogSuggestionKind =
  | 'CATEGORY'
  | 'COURSE'
  | 'CREATOR';

export type CouponInput = {
  /** AMOUNT: in the course currency's minor units. */
  amountOffCents?: number | null | undefined;
  /** 3-32 letters, digits, - or _; stored upper case; unique per course. */
  code: string;
  courseId: string | number;
  /** AMOUNT: must be the course's currency. */
  currency?: string | null | undefined;
  /** ISO 8601, e.g. 2027-01-31T23:59:59Z (JavaScript's toISOString); without a zone it is UTC. */
  expiresAt?: string | null | undefined;
  kind: CouponKind;
  maxRedemptions?: number | null | undefined;
  /** PERCENT: 1-100. */
  percentOff?: number | null | undefined;
};

export type CouponKind =
  | 'AMOUNT'
  | 'PERCENT';

export type CourseFilter = {
  categorySlugs?: Array<string> | null | undefined;
  creatorId?: string | number | null | undefined;
  freeOnly?: boolean | null | undefined;
  language?: string | null | undefined;
  level?: CourseLevel | null | undefined;
  priceMax?: number | null | undefined;
  /** In minor units. */
  priceMin?: number | null | undefined;
  ratingMin?: number | null | undefined;
  text?: string | null | undefined;
};

/** Every field is optional on update; createCourse needs a title. */
export type CourseInput = {
  categorySlug?: string | null | undefined;
  currency?: string | null | undefined;
  description?: string | null | undefined;
  language?: string | null | undefined;
  level?: CourseLevel | null | undefined;
  priceCents?: number | null | undefined;
  slug?: string | null | undefined;
  subtitle?: string | null | undefined;
  title?: string | null | undefined;
};

export type CourseLevel =
  | 'ADVANCED'
  | 'BEGINNER'
  | 'INTERMEDIATE';

/** RELEVANCE needs `text`; without it the catalog is sorted by NEWEST. */
export type CourseSort =
  | 'NEWEST'
  | 'POPULAR'
  | 'PRICE_ASC'
  | 'PRICE_DESC'
  | 'RATING'
  | 'RELEVANCE';

export type CourseStatus =
  | 'ARCHIVED'
  | 'DRAFT'
  | 'PUBLISHED';

export type EnrollmentSource =
  | 'ADMIN'
  | 'FREE'
  | 'PURCHASE';

/** Every field is optional on update; createLesson needs a title. */
export type LessonInput = {
  body?: string | null | undefined;
  durationSeconds?: number | null | undefined;
  isPreview?: boolean | null | undefined;
  kind?: LessonKind | null | undefined;
  title?: string | null | undefined;
  videoUrl?: string | null | undefined;
};

export type LessonKind =
  | 'FILE'
  | 'TEXT'
  | 'VIDEO';

export type MediaKind =
  | 'FILE'
  | 'IMAGE'
  | 'VIDEO';

export type MessageSearchOrder =
  /** Newest first (the default). */
  | 'NEWEST'
  /** Best match first (ts_rank), then newest. */
  | 'RELEVANCE';

export type OrderFilter = {
  buyerId?: string | number | null | undefined;
  courseId?: string | number | null | undefined;
  /** ISO 8601 (e.g. 2027-01-31T00:00:00Z); inclusive. */
  createdAfter?: string | null | undefined;
  /** ISO 8601; exclusive. */
  createdBefore?: string | null | undefined;
  provider?: PaymentProvider | null | undefined;
  /** Matches part of the buyer's email or the receipt number. */
  search?: string | null | undefined;
  status?: OrderStatus | null | undefined;
};

export type OrderStatus =
  | 'CANCELED'
  | 'FAILED'
  | 'PAID'
  | 'PARTIALLY_REFUNDED'
  | 'PENDING'
  | 'REFUNDED';

/**
 * Why a password would be refused (NIST SP 800-63B: length, a blocklist, context words; no
 * composition rules). register, changePassword and resetPassword refuse one with BAD_USER_INPUT
 * whose `reason` extension is one of these and whose `field` names the password's input.
 */
export type PasswordProblemReason =
  /** On the shipped list of commonly used or leaked passwords (compared case-insensitively). */
  | 'COMMON'
  /** Contains the email address or its local part (of 4 characters or more). */
  | 'CONTAINS_EMAIL'
  /** Contains the display name (of 4 letters or digits or more). */
  | 'CONTAINS_NAME'
  /** Contains the product's name. */
  | 'CONTAINS_PRODUCT_NAME'
  /** Fewer than 4 different characters. */
  | 'REPETITIVE'
  /** Over 256 characters (after NFKC normalisation). */
  | 'TOO_LONG'
  /** Under 10 characters, counted as Unicode code points after NFKC normalisation. */
  | 'TOO_SHORT'
  /** U+0000 or a lone UTF-16 surrogate. */
  | 'UNSUPPORTED_CHARACTER';

export type PaymentProvider =
  | 'PAYPAL'
  | 'STRIPE'
  /** Development only: a local confirmation page instead of a real payment. */
  | 'TEST';

/** Signing up; `role` is LEARNER or CREATOR (administrators are appointed, never self-assigned). */
export type RegisterInput = {
  displayName: string;
  email: string;
  password: string;
  role: Role;
};

export type ReportAction =
  | 'DELETE_AND_MUTE'
  | 'DELETE_MESSAGE'
  | 'DISMISS'
  | 'MUTE_AUTHOR';

export type ReportStatus =
  /** The message was deleted or its author muted. */
  | 'ACTIONED'
  /** Looked at; nothing wrong. */
  | 'DISMISSED'
  | 'OPEN';

export type Role =
  | 'ADMIN'
  | 'CREATOR'
  | 'LEARNER';

export type RoomEventType =
  /** A lesson question's answer was marked or cleared (`message.answer`). */
  | 'ANSWER_MARKED'
  | 'MEMBER_JOINED'
  | 'MEMBER_LEFT'
  | 'MESSAGE_DELETED'
  | 'MESSAGE_EDITED'
  | 'MESSAGE_PINNED'
  | 'MESSAGE_POSTED'
  | 'MESSAGE_UNPINNED'
  /** Someone added or took back a reaction: `message.reactions` are the counts after it. */
  | 'REACTION_CHANGED'
  /** Events were lost (Redis lost data that had not reached PostgreSQL): reload the history. */
  | 'RESYNC'
  | 'TYPING';

export type RoomKind =
  /** Only the course's creator and admins post. */
  | 'ANNOUNCEMENTS'
  /** Private between two members of the course (see directRoom). */
  | 'DIRECT'
  | 'DISCUSSION';

export type UpdateProfileInput = {
  displayName: string;
};

export type UserFilter = {
  /** ISO 8601 (e.g. 2027-01-31T00:00:00Z); inclusive. */
  createdAfter?: string | null | undefined;
  /** ISO 8601; exclusive. */
  createdBefore?: string | null | undefined;
  isActive?: boolean | null | undefined;
  role?: Role | null | undefined;
  /** Matches part of an email address or display name. */
  search?: string | null | undefined;
};

export type UserSort =
  | 'EMAIL'
  | 'NAME'
  | 'NEWEST'
  | 'OLDEST';

export type AuditLogQueryVariables = Exact<{
  filter?: AuditFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AuditLogQuery = { auditLog: { edges: Array<{ node: { id: string, action: AuditAction, actorId: string, targetType: string, targetId: string, before: string | null, after: string | null, reason: string, createdAt: string, actor: { id: string, displayName: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AdminCoursesQueryVariables = Exact<{
  filter?: AdminCourseFilter | null | undefined;
  sort?: AdminCourseSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminCoursesQuery = { adminCourses: { totalCount: number, totalCountCapped: boolean, edges: Array<{ node: { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AdminCourseQueryVariables = Exact<{
  id: string | number;
}>;


export type AdminCourseQuery = { adminCourse: { course: { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } }, revenue: Array<{ currency: string, sales: number, grossCents: number, refundedCents: number, netCents: number }> } | null };

export type AdminCourseEnrollmentsQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminCourseEnrollmentsQuery = { adminCourse: { enrollments: { totalCount: number, totalCountCapped: boolean, edges: Array<{ node: { id: string, source: EnrollmentSource, enrolledAt: string, revokedAt: string | null, learner: { id: string, displayName: string, email: string | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type AdminUnpublishCourseMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type AdminUnpublishCourseMutation = { unpublishCourse: { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } } };

export type AdminArchiveCourseMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type AdminArchiveCourseMutation = { archiveCourse: { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } } };

export type AdminRestoreCourseMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type AdminRestoreCourseMutation = { restoreCourse: { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } } };

export type SetCourseFeaturedMutationVariables = Exact<{
  id: string | number;
  featured: boolean;
  reason?: string | null | undefined;
}>;


export type SetCourseFeaturedMutation = { setCourseFeatured: { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } } };

export type RevokeEnrollmentMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type RevokeEnrollmentMutation = { revokeEnrollment: { id: string, source: EnrollmentSource, enrolledAt: string, revokedAt: string | null, learner: { id: string, displayName: string, email: string | null } } };

export type AdminDashboardQueryVariables = Exact<{
  days?: number | null | undefined;
}>;


export type AdminDashboardQuery = { adminDashboard: { enrollments: number, openSockets: number, openReports: number, usersByRole: Array<{ role: Role, count: number, active: number }>, coursesByStatus: Array<{ status: CourseStatus, count: number }>, salesByDay: Array<{ day: string, currency: string, orders: number, revenueCents: number, refundedCents: number }>, chatMessagesPerMinute: Array<{ minute: string, messages: number }>, writeBehind: { backlog: number, pending: number, lagSeconds: number | null, deadLetters: number }, mail: { pending: number, sending: number, dead: number, deadLastHour: number, oldestPendingSeconds: number | null } } };

export type AccountFieldsFragment = { id: string, displayName: string, email: string | null };

export type AdminUserFieldsFragment = { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, isActive: boolean, createdAt: string };

export type BulkOutcomeFieldsFragment = { changed: number, unchanged: number };

export type AdminCourseFieldsFragment = { id: string, slug: string, title: string, subtitle: string, status: CourseStatus, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, createdAt: string, publishedAt: string | null, featuredAt: string | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string, email: string | null } };

export type AdminEnrollmentFieldsFragment = { id: string, source: EnrollmentSource, enrolledAt: string, revokedAt: string | null, learner: { id: string, displayName: string, email: string | null } };

export type AdminReviewFieldsFragment = { id: string, rating: number, body: string, createdAt: string, updatedAt: string, hiddenAt: string | null, hiddenReason: string | null, author: { id: string, displayName: string, email: string | null }, course: { id: string, slug: string, title: string } };

export type MessageReportFieldsFragment = { id: string, status: ReportStatus, reason: string, createdAt: string, reportedBody: string, roomId: string, roomName: string, courseId: string, courseTitle: string, reportCount: number, resolvedAt: string | null, resolution: string | null, message: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }, author: { id: string, displayName: string, email: string | null } | null, reporter: { id: string, displayName: string, email: string | null } | null, context: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> | null };

export type ChatMuteFieldsFragment = { id: string, courseId: string, reason: string, createdAt: string, endsAt: string, liftedAt: string | null, user: { id: string, displayName: string, email: string | null } };

export type AuditEntryFieldsFragment = { id: string, action: AuditAction, actorId: string, targetType: string, targetId: string, before: string | null, after: string | null, reason: string, createdAt: string, actor: { id: string, displayName: string } };

export type MessageReportsQueryVariables = Exact<{
  status?: ReportStatus | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MessageReportsQuery = { messageReports: { totalCount: number, totalCountCapped: boolean, edges: Array<{ node: { id: string, status: ReportStatus, reason: string, createdAt: string, reportedBody: string, roomId: string, roomName: string, courseId: string, courseTitle: string, reportCount: number, resolvedAt: string | null, resolution: string | null, message: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }, author: { id: string, displayName: string, email: string | null } | null, reporter: { id: string, displayName: string, email: string | null } | null, context: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type ResolveReportMutationVariables = Exact<{
  id: string | number;
  action: ReportAction;
  minutes?: number | null | undefined;
  reason?: string | null | undefined;
}>;


export type ResolveReportMutation = { resolveReport: { id: string, status: ReportStatus, reason: string, createdAt: string, reportedBody: string, roomId: string, roomName: string, courseId: string, courseTitle: string, reportCount: number, resolvedAt: string | null, resolution: string | null, message: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }, author: { id: string, displayName: string, email: string | null } | null, reporter: { id: string, displayName: string, email: string | null } | null, context: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> | null } };

export type ChatMutesQueryVariables = Exact<{
  id?: string | number | null | undefined;
}>;


export type ChatMutesQuery = { chatMutes: Array<{ id: string, courseId: string, reason: string, createdAt: string, endsAt: string, liftedAt: string | null, user: { id: string, displayName: string, email: string | null } }> };

export type UnmuteMemberMutationVariables = Exact<{
  id: string | number;
  reason?: string | null | undefined;
}>;


export type UnmuteMemberMutation = { unmuteMember: { id: string, courseId: string, reason: string, createdAt: string, endsAt: string, liftedAt: string | null, user: { id: string, displayName: string, email: string | null } } };

export type AdminOrdersQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminOrdersQuery = { orders: { totalCount: number | null, totalCountCapped: boolean | null, edges: Array<{ node: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type OrderTotalsQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
}>;


export type OrderTotalsQuery = { orderTotals: Array<{ currency: string, orders: number, paidOrders: number, amountCents: number, refundedCents: number, netCents: number }> };

export type OrdersCsvQueryVariables = Exact<{
  filter?: OrderFilter | null | undefined;
}>;


export type OrdersCsvQuery = { ordersCsv: string };

export type RefundOrderMutationVariables = Exact<{
  id: string | number;
  amount?: number | null | undefined;
  reason?: string | null | undefined;
}>;


export type RefundOrderMutation = { refundOrder: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } };

export type AdminReviewsQueryVariables = Exact<{
  filter?: AdminReviewFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminReviewsQuery = { adminReviews: { totalCount: number, totalCountCapped: boolean, edges: Array<{ node: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, hiddenAt: string | null, hiddenReason: string | null, author: { id: string, displayName: string, email: string | null }, course: { id: string, slug: string, title: string } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type HideReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type HideReviewMutation = { hideReview: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, hiddenAt: string | null, hiddenReason: string | null, author: { id: string, displayName: string, email: string | null }, course: { id: string, slug: string, title: string } } };

export type RestoreReviewMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type RestoreReviewMutation = { restoreReview: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, hiddenAt: string | null, hiddenReason: string | null, author: { id: string, displayName: string, email: string | null }, course: { id: string, slug: string, title: string } } };

export type HideReviewsMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
  reason: string;
}>;


export type HideReviewsMutation = { hideReviews: { changed: number, unchanged: number } };

export type AdminUsersQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  sort?: UserSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type AdminUsersQuery = { users: { totalCount: number, totalCountCapped: boolean, edges: Array<{ node: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, isActive: boolean, createdAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type AdminUserQueryVariables = Exact<{
  id: string | number;
}>;


export type AdminUserQuery = { adminUser: { user: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, isActive: boolean, createdAt: string }, sessions: Array<{ id: string, startedAt: string, lastRefreshedAt: string, expiresAt: string }>, enrollments: Array<{ id: string, source: EnrollmentSource, enrolledAt: string, revokedAt: string | null, progress: { percent: number }, course: { id: string, slug: string, title: string } }>, courses: Array<{ id: string, slug: string, title: string, status: CourseStatus, enrollmentCount: number, createdAt: string }>, orders: Array<{ id: string, status: OrderStatus, provider: PaymentProvider, amountCents: number, refundedCents: number, currency: string, receiptNumber: string | null, createdAt: string, course: { id: string, slug: string, title: string } }> } | null };

export type SetUserRoleMutationVariables = Exact<{
  userId: string | number;
  role: Role;
  reason?: string | null | undefined;
}>;


export type SetUserRoleMutation = { setUserRole: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, isActive: boolean, createdAt: string } };

export type SetUserActiveMutationVariables = Exact<{
  userId: string | number;
  isActive: boolean;
  reason?: string | null | undefined;
}>;


export type SetUserActiveMutation = { setUserActive: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, isActive: boolean, createdAt: string } };

export type SetUsersActiveMutationVariables = Exact<{
  userIds: Array<string | number> | string | number;
  isActive: boolean;
  reason?: string | null | undefined;
}>;


export type SetUsersActiveMutation = { setUsersActive: { changed: number, unchanged: number } };

export type EndUserSessionsMutationVariables = Exact<{
  userId: string | number;
  reason?: string | null | undefined;
}>;


export type EndUserSessionsMutation = { endUserSessions: number };

export type SendVerificationEmailMutationVariables = Exact<{
  userId: string | number;
  reason?: string | null | undefined;
}>;


export type SendVerificationEmailMutation = { sendVerificationEmail: boolean };

export type SendPasswordResetEmailMutationVariables = Exact<{
  userId: string | number;
  reason?: string | null | undefined;
}>;


export type SendPasswordResetEmailMutation = { sendPasswordResetEmail: boolean };

export type RefreshMutationVariables = Exact<{
  token: string;
}>;


export type RefreshMutation = { refreshToken: { accessToken: string, refreshToken: string } };

export type RegisterMutationVariables = Exact<{
  input: RegisterInput;
}>;


export type RegisterMutation = { register: { accessToken: string, refreshToken: string, user: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } };

export type LoginMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { accessToken: string, refreshToken: string, user: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } | null };

export type LogoutMutationVariables = Exact<{
  token: string;
}>;


export type LogoutMutation = { logout: boolean };

export type ProfileMutationVariables = Exact<{
  input: UpdateProfileInput;
}>;


export type ProfileMutation = { updateProfile: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type PasswordMutationVariables = Exact<{
  current: string;
  next: string;
}>;


export type PasswordMutation = { changePassword: boolean };

export type PasswordProblemsQueryVariables = Exact<{
  password: string;
  email?: string | null | undefined;
  displayName?: string | null | undefined;
}>;


export type PasswordProblemsQuery = { passwordProblems: Array<{ reason: PasswordProblemReason, message: string }> };

export type VerifyEmailMutationVariables = Exact<{
  token: string;
}>;


export type VerifyEmailMutation = { verifyEmail: boolean };

export type ResendVerificationMutationVariables = Exact<{ [key: string]: never; }>;


export type ResendVerificationMutation = { resendVerification: boolean };

export type RequestPasswordResetMutationVariables = Exact<{
  email: string;
}>;


export type RequestPasswordResetMutation = { requestPasswordReset: boolean };

export type ResetPasswordMutationVariables = Exact<{
  token: string;
  password: string;
}>;


export type ResetPasswordMutation = { resetPassword: boolean };

export type RequestEmailChangeMutationVariables = Exact<{
  email: string;
  password: string;
}>;


export type RequestEmailChangeMutation = { requestEmailChange: boolean };

export type ConfirmEmailChangeMutationVariables = Exact<{
  token: string;
}>;


export type ConfirmEmailChangeMutation = { confirmEmailChange: boolean };

export type CertificatePageQueryVariables = Exact<{
  id: string | number;
}>;


export type CertificatePageQuery = { certificate: { id: string, learnerName: string, courseTitle: string, courseSlug: string, creatorName: string, issuedAt: string, valid: boolean, revokedAt: string | null, imageUrl: string } | null };

export type RoomsQueryVariables = Exact<{
  id: string | number;
}>;


export type RoomsQuery = { rooms: Array<{ id: string, slug: string, name: string, kind: RoomKind, courseId: string, canPost: boolean, lastReadSeq: number, unreadCount: number, latestSeq: number, epoch: string | null, viewerMutedUntil: string | null, onlineMembers: Array<{ id: string, displayName: string }> }> };

export type HistoryQueryVariables = Exact<{
  id: string | number;
  before?: number | null | undefined;
  last?: number | null | undefined;
}>;


export type HistoryQuery = { messages: { hasMore: boolean, messages: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> } };

export type SendMutationVariables = Exact<{
  id: string | number;
  body: string;
  clientId: string;
  threadId?: string | number | null | undefined;
  attachmentIds?: Array<string | number> | string | number | null | undefined;
}>;


export type SendMutation = { sendMessage: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type ChatThreadQueryVariables = Exact<{
  id: string | number;
  before?: number | null | undefined;
  last?: number | null | undefined;
}>;


export type ChatThreadQuery = { thread: { hasMore: boolean, messages: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> } };

export type AddReactionMutationVariables = Exact<{
  id: string | number;
  emoji: string;
}>;


export type AddReactionMutation = { addReaction: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type RemoveReactionMutationVariables = Exact<{
  id: string | number;
  emoji: string;
}>;


export type RemoveReactionMutation = { removeReaction: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type PinMessageMutationVariables = Exact<{
  id: string | number;
}>;


export type PinMessageMutation = { pinMessage: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type UnpinMessageMutationVariables = Exact<{
  id: string | number;
}>;


export type UnpinMessageMutation = { unpinMessage: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type ChatMarkAnswerMutationVariables = Exact<{
  id: string | number;
  answerId?: string | number | null | undefined;
}>;


export type ChatMarkAnswerMutation = { markAnswer: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type EditMutationVariables = Exact<{
  id: string | number;
  body: string;
}>;


export type EditMutation = { editMessage: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } };

export type DeleteMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteMutation = { deleteMessage: boolean };

export type ReportMessageMutationVariables = Exact<{
  id: string | number;
  reason: string;
}>;


export type ReportMessageMutation = { reportMessage: { id: string, status: ReportStatus } };

export type TypingMutationVariables = Exact<{
  id: string | number;
}>;


export type TypingMutation = { setTyping: boolean };

export type ReadMutationVariables = Exact<{
  id: string | number;
  seq: number;
}>;


export type ReadMutation = { markRead: { id: string, lastReadSeq: number, unreadCount: number } };

export type CreateRoomMutationVariables = Exact<{
  id: string | number;
  name: string;
  announcements?: boolean | null | undefined;
}>;


export type CreateRoomMutation = { createRoom: { id: string, slug: string, name: string, kind: RoomKind, courseId: string, canPost: boolean, lastReadSeq: number, unreadCount: number, latestSeq: number, epoch: string | null, viewerMutedUntil: string | null, onlineMembers: Array<{ id: string, displayName: string }> } };

export type RoomEventsSubscriptionVariables = Exact<{
  roomId: string | number;
  since?: number | null | undefined;
  epoch?: string | null | undefined;
}>;


export type RoomEventsSubscription = { roomEvents: { type: RoomEventType, seq: number | null, epoch: string, recovered: boolean | null, emoji: string | null, added: boolean | null, message: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } | null, thread: { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null } | null, user: { id: string, displayName: string } | null } };

export type ChatAttachmentQueryVariables = Exact<{
  messageId: string | number;
  id: string | number;
}>;


export type ChatAttachmentQuery = { attachment: { id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null } | null };

export type AttachmentFieldsFragment = { id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null };

export type DirectRoomFieldsFragment = { id: string, slug: string, name: string, kind: RoomKind, courseId: string, unreadCount: number, unreadMentions: number, latestSeq: number, directMember: { id: string, displayName: string } | null };

export type ChatRoomMembersQueryVariables = Exact<{
  id: string | number;
  query?: string | null | undefined;
  first?: number | null | undefined;
}>;


export type ChatRoomMembersQuery = { room: { id: string, members: Array<{ id: string, displayName: string }> } | null };

export type ChatDirectRoomsQueryVariables = Exact<{
  id: string | number;
}>;


export type ChatDirectRoomsQuery = { rooms: Array<{ id: string, slug: string, name: string, kind: RoomKind, courseId: string, unreadCount: number, unreadMentions: number, latestSeq: number, directMember: { id: string, displayName: string } | null }> };

export type ChatOpenDirectRoomMutationVariables = Exact<{
  courseId: string | number;
  userId: string | number;
}>;


export type ChatOpenDirectRoomMutation = { directRoom: { id: string, slug: string, name: string, kind: RoomKind, courseId: string, unreadCount: number, unreadMentions: number, latestSeq: number, directMember: { id: string, displayName: string } | null } };

export type ChatPinnedMessagesQueryVariables = Exact<{
  id: string | number;
}>;


export type ChatPinnedMessagesQuery = { room: { id: string, pinnedMessages: Array<{ pinnedAt: string | null, id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> }> } | null };

export type ChatUnpinMessageMutationVariables = Exact<{
  id: string | number;
}>;


export type ChatUnpinMessageMutation = { unpinMessage: { id: string, pinned: boolean } };

export type SearchMessagesQueryVariables = Exact<{
  courseId: string | number;
  query: string;
  roomId?: string | number | null | undefined;
  order?: MessageSearchOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type SearchMessagesQuery = { searchMessages: { edges: Array<{ node: { aroundSeq: number, message: { id: string, seq: number, roomId: string, threadId: string | null, createdAt: string, editedAt: string | null, author: { id: string, displayName: string } }, room: { id: string, slug: string, name: string, kind: RoomKind }, snippet: Array<{ text: string, highlighted: boolean }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MessagesAroundQueryVariables = Exact<{
  id: string | number;
  around?: number | null | undefined;
  last?: number | null | undefined;
}>;


export type MessagesAroundQuery = { messages: { hasMore: boolean, hasMoreAfter: boolean | null, messages: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> } };

export type MessagesAfterQueryVariables = Exact<{
  id: string | number;
  after?: number | null | undefined;
  last?: number | null | undefined;
}>;


export type MessagesAfterQuery = { messages: { hasMore: boolean, hasMoreAfter: boolean | null, messages: Array<{ id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null }> } };

export type ChatSettingsOfQueryVariables = Exact<{
  slug: string;
}>;


export type ChatSettingsOfQuery = { course: { id: string, chatSettings: { learnerDirectMessages: boolean } } | null };

export type UpdateChatSettingsMutationVariables = Exact<{
  id: string | number;
  value: boolean;
}>;


export type UpdateChatSettingsMutation = { updateChatSettings: { learnerDirectMessages: boolean } };

export type CatalogQueryVariables = Exact<{
  filter?: CourseFilter | null | undefined;
  sort?: CourseSort | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type CatalogQuery = { courses: { totalCount: number, edges: Array<{ node: { id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null }, facets: { categories: Array<{ slug: string, name: string, count: number }>, priceBands: Array<{ key: string, label: string, minCents: number, maxCents: number | null, count: number }> }, search: { text: string, mode: CatalogSearchMode, didYouMean: string | null } | null } };

export type CatalogSuggestionsQueryVariables = Exact<{
  text: string;
}>;


export type CatalogSuggestionsQuery = { catalogSuggestions: Array<{ kind: CatalogSuggestionKind, label: string, courseSlug: string | null, categorySlug: string | null, creatorId: string | null, detail: string | null }> };

export type FeaturedQueryVariables = Exact<{ [key: string]: never; }>;


export type FeaturedQuery = { featuredCourses: Array<{ id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null }> };

export type CategoriesQueryVariables = Exact<{ [key: string]: never; }>;


export type CategoriesQuery = { categories: Array<{ id: string, slug: string, name: string }> };

export type CourseQueryVariables = Exact<{
  slug: string;
}>;


export type CourseQuery = { course: { description: string, status: CourseStatus, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, modules: Array<{ id: string, title: string, position: number, opensAfterDays: number, opensAt: string | null, locked: boolean, lessons: Array<{ id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }> }>, ratingHistogram: Array<{ rating: number, count: number }>, viewerEnrollment: { id: string, enrolledAt: string, progress: { completedLessons: number, totalLessons: number, percent: number }, nextLesson: { id: string, title: string, locked: boolean, opensAt: string | null } | null, certificate: { id: string, valid: boolean } | null } | null, viewerReview: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } | null };

export type ReviewsQueryVariables = Exact<{
  slug: string;
  after?: string | null | undefined;
}>;


export type ReviewsQuery = { course: { reviews: { edges: Array<{ node: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type EnrollMutationVariables = Exact<{
  id: string | number;
}>;


export type EnrollMutation = { enroll: { id: string, enrolledAt: string, progress: { completedLessons: number, totalLessons: number, percent: number }, nextLesson: { id: string, title: string, locked: boolean, opensAt: string | null } | null, certificate: { id: string, valid: boolean } | null } };

export type MyLearningQueryVariables = Exact<{ [key: string]: never; }>;


export type MyLearningQuery = { myLearning: Array<{ id: string, enrolledAt: string, course: { id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null }, progress: { completedLessons: number, totalLessons: number, percent: number }, nextLesson: { id: string, title: string, locked: boolean, opensAt: string | null } | null, certificate: { id: string, valid: boolean } | null }> };

export type CompleteMutationVariables = Exact<{
  id: string | number;
}>;


export type CompleteMutation = { completeLesson: { completedAt: string } };

export type UncompleteMutationVariables = Exact<{
  id: string | number;
}>;


export type UncompleteMutation = { uncompleteLesson: boolean };

export type ReviewMutationVariables = Exact<{
  id: string | number;
  rating: number;
  body?: string | null | undefined;
}>;


export type ReviewMutation = { submitReview: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } };

export type EditReviewMutationVariables = Exact<{
  id: string | number;
  rating?: number | null | undefined;
  body?: string | null | undefined;
}>;


export type EditReviewMutation = { updateReview: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } };

export type PublicationChecklistQueryVariables = Exact<{
  slug: string;
}>;


export type PublicationChecklistQuery = { course: { id: string, publicationChecklist: Array<string> | null } | null };

export type MyCoursesQueryVariables = Exact<{ [key: string]: never; }>;


export type MyCoursesQuery = { myCourses: Array<{ status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null }> };

export type CreateCourseMutationVariables = Exact<{
  input: CourseInput;
}>;


export type CreateCourseMutation = { createCourse: { status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type UpdateCourseMutationVariables = Exact<{
  id: string | number;
  input: CourseInput;
}>;


export type UpdateCourseMutation = { updateCourse: { status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type PublishCourseMutationVariables = Exact<{
  id: string | number;
}>;


export type PublishCourseMutation = { publishCourse: { status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type UnpublishCourseMutationVariables = Exact<{
  id: string | number;
}>;


export type UnpublishCourseMutation = { unpublishCourse: { status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type ArchiveCourseMutationVariables = Exact<{
  id: string | number;
}>;


export type ArchiveCourseMutation = { archiveCourse: { status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type CreateModuleMutationVariables = Exact<{
  id: string | number;
  title: string;
}>;


export type CreateModuleMutation = { createModule: { id: string, title: string, position: number, opensAfterDays: number, opensAt: string | null, locked: boolean, lessons: Array<{ id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }> } };

export type UpdateModuleMutationVariables = Exact<{
  id: string | number;
  title: string;
}>;


export type UpdateModuleMutation = { updateModule: { id: string } };

export type SetModuleOpensAfterDaysMutationVariables = Exact<{
  id: string | number;
  days: number;
}>;


export type SetModuleOpensAfterDaysMutation = { updateModule: { id: string, opensAfterDays: number } };

export type DeleteModuleMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteModuleMutation = { deleteModule: boolean };

export type ReorderModulesMutationVariables = Exact<{
  id: string | number;
  ids: Array<string | number> | string | number;
}>;


export type ReorderModulesMutation = { reorderModules: Array<{ id: string }> };

export type CreateLessonMutationVariables = Exact<{
  id: string | number;
  input: LessonInput;
}>;


export type CreateLessonMutation = { createLesson: { id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null } };

export type UpdateLessonMutationVariables = Exact<{
  id: string | number;
  input: LessonInput;
}>;


export type UpdateLessonMutation = { updateLesson: { id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null } };

export type DeleteLessonMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteLessonMutation = { deleteLesson: boolean };

export type ReorderLessonsMutationVariables = Exact<{
  id: string | number;
  ids: Array<string | number> | string | number;
}>;


export type ReorderLessonsMutation = { reorderLessons: Array<{ id: string }> };

export type DevMailboxQueryVariables = Exact<{
  first?: number | null | undefined;
}>;


export type DevMailboxQuery = { devMailbox: Array<{ id: string, from: string, to: Array<string>, subject: string, date: string | null, messageId: string | null, text: string | null, html: string | null, htmlUrl: string | null }> };

export type DevMailboxEnabledQueryVariables = Exact<{ [key: string]: never; }>;


export type DevMailboxEnabledQuery = { devMailboxEnabled: boolean };

export type PageInfoFieldsFragment = { hasNextPage: boolean, endCursor: string | null };

export type ImageFieldsFragment = { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> };

export type MediaFileFieldsFragment = { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string };

export type UserFieldsFragment = { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null };

export type AuthPayloadFieldsFragment = { accessToken: string, refreshToken: string, user: { id: string, email: string | null, emailVerified: boolean | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type CategoryFieldsFragment = { id: string, slug: string, name: string };

export type CourseSummaryFieldsFragment = { id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null };

export type LessonFieldsFragment = { id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null };

export type ModuleFieldsFragment = { id: string, title: string, position: number, opensAfterDays: number, opensAt: string | null, locked: boolean, lessons: Array<{ id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }> };

export type EnrollmentFieldsFragment = { id: string, enrolledAt: string, progress: { completedLessons: number, totalLessons: number, percent: number }, nextLesson: { id: string, title: string, locked: boolean, opensAt: string | null } | null, certificate: { id: string, valid: boolean } | null };

export type ReviewFieldsFragment = { id: string, rating: number, body: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type CourseDetailFieldsFragment = { description: string, status: CourseStatus, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, modules: Array<{ id: string, title: string, position: number, opensAfterDays: number, opensAt: string | null, locked: boolean, lessons: Array<{ id: string, title: string, kind: LessonKind, position: number, durationSeconds: number, isPreview: boolean, body: string | null, videoUrl: string | null, completed: boolean, locked: boolean, opensAt: string | null, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }> }>, ratingHistogram: Array<{ rating: number, count: number }>, viewerEnrollment: { id: string, enrolledAt: string, progress: { completedLessons: number, totalLessons: number, percent: number }, nextLesson: { id: string, title: string, locked: boolean, opensAt: string | null } | null, certificate: { id: string, valid: boolean } | null } | null, viewerReview: { id: string, rating: number, body: string, createdAt: string, updatedAt: string, author: { id: string, displayName: string, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } } | null, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null };

export type StudioCourseFieldsFragment = { status: CourseStatus, description: string, publicationChecklist: Array<string> | null, id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null };

export type MessageFieldsFragment = { id: string, seq: number, roomId: string, body: string, createdAt: string, editedAt: string | null, deleted: boolean, clientId: string, threadId: string | null, replyCount: number, lastReplyAt: string | null, lessonId: string | null, answerId: string | null, pinned: boolean, pinnedAt: string | null, viewerReactions: Array<string> | null, mentionsHere: boolean, author: { id: string, displayName: string }, reactions: Array<{ emoji: string, count: number, users: Array<{ id: string, displayName: string }> }>, mentions: Array<{ id: string, displayName: string }>, attachments: Array<{ id: string, kind: MediaKind, name: string, mimeType: string, sizeBytes: number, image: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null, file: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null }>, editHistory: Array<{ body: string, replacedAt: string }> | null };

export type RoomFieldsFragment = { id: string, slug: string, name: string, kind: RoomKind, courseId: string, canPost: boolean, lastReadSeq: number, unreadCount: number, latestSeq: number, epoch: string | null, viewerMutedUntil: string | null, onlineMembers: Array<{ id: string, displayName: string }> };

export type PriceQuoteFieldsFragment = { listPriceCents: number, discountCents: number, amountCents: number, currency: string, couponCode: string | null, platformFeePercent: number, platformFeeCents: number, creatorEarningsCents: number };

export type OrderFieldsFragment = { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> };

export type CouponFieldsFragment = { id: string, code: string, kind: CouponKind, percentOff: number | null, amountOffCents: number | null, currency: string | null, expiresAt: string | null, maxRedemptions: number | null, redemptionCount: number, active: boolean, problem: string | null, createdAt: string, course: { id: string, slug: string, title: string } };

export type CourseNotificationSettingFieldsFragment = { enabled: boolean, course: { id: string, slug: string, title: string } };

export type HomeQueryVariables = Exact<{
  continueFirst?: number | null | undefined;
  recommendedFirst?: number | null | undefined;
}>;


export type HomeQuery = { continueLearning: Array<{ lastActivityAt: string, course: { id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null }, nextLesson: { id: string, title: string, kind: LessonKind, durationSeconds: number, locked: boolean, opensAt: string | null }, progress: { completedLessons: number, totalLessons: number, percent: number } }>, recommendedCourses: Array<{ id: string, slug: string, title: string, subtitle: string, priceCents: number, currency: string, isFree: boolean, level: CourseLevel, language: string, ratingAvg: number, ratingCount: number, enrollmentCount: number, lessonCount: number, category: { id: string, slug: string, name: string } | null, creator: { id: string, displayName: string }, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null }> };

export type CoverMutationVariables = Exact<{
  course: string | number;
  asset?: string | number | null | undefined;
}>;


export type CoverMutation = { setCourseCover: { id: string, cover: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type AvatarMutationVariables = Exact<{
  asset?: string | number | null | undefined;
}>;


export type AvatarMutation = { setAvatar: { id: string, email: string | null, displayName: string, role: Role, avatar: { id: string, width: number, height: number, url: string, srcset: string, placeholder: string | null, variants: Array<{ url: string, width: number, height: number, format: string, mimeType: string }> } | null } };

export type LessonAssetMutationVariables = Exact<{
  lesson: string | number;
  asset?: string | number | null | undefined;
}>;


export type LessonAssetMutation = { setLessonAsset: { id: string, asset: { id: string, kind: MediaKind, mimeType: string, sizeBytes: number, name: string, durationSeconds: number | null, url: string, urlExpiresAt: string } | null } };

export type MyMentionsQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MyMentionsQuery = { myMentions: { edges: Array<{ node: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UnreadMentionCountQueryVariables = Exact<{ [key: string]: never; }>;


export type UnreadMentionCountQuery = { unreadMentionCount: number };

export type MentionLearningCoursesQueryVariables = Exact<{ [key: string]: never; }>;


export type MentionLearningCoursesQuery = { myLearning: Array<{ id: string, course: { id: string, slug: string, title: string } }> };

export type MentionOwnCoursesQueryVariables = Exact<{ [key: string]: never; }>;


export type MentionOwnCoursesQuery = { myCourses: Array<{ id: string, slug: string, title: string }> };

export type MentionAdminCourseQueryVariables = Exact<{
  id: string | number;
}>;


export type MentionAdminCourseQuery = { adminCourse: { course: { id: string, slug: string, title: string } } | null };

export type MentionRoomQueryVariables = Exact<{
  id: string | number;
}>;


export type MentionRoomQuery = { room: { id: string, slug: string, name: string, courseId: string } | null };

export type NotificationSettingsQueryVariables = Exact<{ [key: string]: never; }>;


export type NotificationSettingsQuery = { notificationSettings: Array<{ enabled: boolean, course: { id: string, slug: string, title: string } }> };

export type SetCourseNotificationsMutationVariables = Exact<{
  id: string | number;
  enabled: boolean;
}>;


export type SetCourseNotificationsMutation = { setCourseNotifications: { enabled: boolean, course: { id: string, slug: string, title: string } } };

export type PaymentOptionsQueryVariables = Exact<{ [key: string]: never; }>;


export type PaymentOptionsQuery = { paymentOptions: { providers: Array<PaymentProvider>, platformFeePercent: number } };

export type PriceQuoteQueryVariables = Exact<{
  id: string | number;
  code?: string | null | undefined;
}>;


export type PriceQuoteQuery = { priceQuote: { listPriceCents: number, discountCents: number, amountCents: number, currency: string, couponCode: string | null, platformFeePercent: number, platformFeeCents: number, creatorEarningsCents: number } };

export type FeeEstimateQueryVariables = Exact<{
  cents: number;
  currency: string;
}>;


export type FeeEstimateQuery = { feeEstimate: { listPriceCents: number, discountCents: number, amountCents: number, currency: string, couponCode: string | null, platformFeePercent: number, platformFeeCents: number, creatorEarningsCents: number } };

export type CheckoutMutationVariables = Exact<{
  id: string | number;
  provider: PaymentProvider;
  code?: string | null | undefined;
}>;


export type CheckoutMutation = { checkout: { redirectUrl: string | null, enrolled: boolean, order: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } } };

export type ConfirmCheckoutMutationVariables = Exact<{
  id: string | number;
}>;


export type ConfirmCheckoutMutation = { confirmCheckout: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } };

export type CancelCheckoutMutationVariables = Exact<{
  id: string | number;
}>;


export type CancelCheckoutMutation = { cancelCheckout: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } };

export type CompleteTestPaymentMutationVariables = Exact<{
  id: string | number;
  approve: boolean;
}>;


export type CompleteTestPaymentMutation = { completeTestPayment: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } };

export type OrderQueryVariables = Exact<{
  id: string | number;
}>;


export type OrderQuery = { order: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } | null };

export type MyOrdersQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type MyOrdersQuery = { myOrders: { edges: Array<{ node: { id: string, status: OrderStatus, provider: PaymentProvider, listPriceCents: number, discountCents: number, amountCents: number, refundedCents: number, currency: string, couponCode: string | null, failureMessage: string | null, receiptNumber: string | null, createdAt: string, paidAt: string | null, canceledAt: string | null, refundedAt: string | null, course: { id: string, slug: string, title: string, creator: { id: string, displayName: string } }, buyer: { id: string, displayName: string, email: string | null }, refunds: Array<{ id: string, amountCents: number, currency: string, reason: string, createdAt: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type MyCouponsQueryVariables = Exact<{
  id?: string | number | null | undefined;
}>;


export type MyCouponsQuery = { myCoupons: Array<{ id: string, code: string, kind: CouponKind, percentOff: number | null, amountOffCents: number | null, currency: string | null, expiresAt: string | null, maxRedemptions: number | null, redemptionCount: number, active: boolean, problem: string | null, createdAt: string, course: { id: string, slug: string, title: string } }> };

export type CreateCouponMutationVariables = Exact<{
  input: CouponInput;
}>;


export type CreateCouponMutation = { createCoupon: { id: string, code: string, kind: CouponKind, percentOff: number | null, amountOffCents: number | null, currency: string | null, expiresAt: string | null, maxRedemptions: number | null, redemptionCount: number, active: boolean, problem: string | null, createdAt: string, course: { id: string, slug: string, title: string } } };

export type DisableCouponMutationVariables = Exact<{
  id: string | number;
}>;


export type DisableCouponMutation = { disableCoupon: { id: string, code: string, kind: CouponKind, percentOff: number | null, amountOffCents: number | null, currency: string | null, expiresAt: string | null, maxRedemptions: number | null, redemptionCount: number, active: boolean, problem: string | null, createdAt: string, course: { id: string, slug: string, title: string } } };

export type MyEarningsQueryVariables = Exact<{ [key: string]: never; }>;


export type MyEarningsQuery = { myEarnings: { csv: string, rows: Array<{ courseId: string, courseTitle: string, month: string, currency: string, sales: number, grossCents: number, feesCents: number, refundsCents: number, netCents: number }>, totals: Array<{ currency: string, sales: number, grossCents: number, feesCents: number, refundsCents: number, netCents: number }> } };

export type QuestionMessageFieldsFragment = { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> };

export type QuestionFieldsFragment = { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, answer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> };

export type LessonQuestionListQueryVariables = Exact<{
  id: string | number;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type LessonQuestionListQuery = { lessonQuestions: { edges: Array<{ node: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, answer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type StudioUnansweredQuestionsQueryVariables = Exact<{
  courseId?: string | number | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type StudioUnansweredQuestionsQuery = { unansweredQuestions: { edges: Array<{ node: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, answer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type LessonQuestionRoomsQueryVariables = Exact<{
  id: string | number;
}>;


export type LessonQuestionRoomsQuery = { rooms: Array<{ id: string, slug: string, kind: RoomKind, canPost: boolean, latestSeq: number, epoch: string | null }> };

export type AskLessonQuestionMutationVariables = Exact<{
  roomId: string | number;
  body: string;
  clientId: string;
  lessonId: string | number;
}>;


export type AskLessonQuestionMutation = { sendMessage: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, answer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } };

export type LessonQuestionReplyMutationVariables = Exact<{
  roomId: string | number;
  body: string;
  clientId: string;
  threadId: string | number;
}>;


export type LessonQuestionReplyMutation = { sendMessage: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } };

export type LessonQuestionThreadQueryVariables = Exact<{
  id: string | number;
  last?: number | null | undefined;
}>;


export type LessonQuestionThreadQuery = { thread: { hasMore: boolean, messages: Array<{ id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> }> } };

export type MarkLessonAnswerMutationVariables = Exact<{
  id: string | number;
  answerId?: string | number | null | undefined;
}>;


export type MarkLessonAnswerMutation = { markAnswer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, answer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } };

export type LessonQuestionEventsSubscriptionVariables = Exact<{
  roomId: string | number;
  since?: number | null | undefined;
  epoch?: string | null | undefined;
}>;


export type LessonQuestionEventsSubscription = { roomEvents: { type: RoomEventType, seq: number | null, epoch: string, message: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, answer: { id: string, seq: number, roomId: string, threadId: string | null, lessonId: string | null, body: string, createdAt: string, editedAt: string | null, deleted: boolean, mentionsHere: boolean, replyCount: number, lastReplyAt: string | null, answerId: string | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, author: { id: string, displayName: string }, mentions: Array<{ id: string, displayName: string }> } | null, thread: { id: string, replyCount: number, lastReplyAt: string | null } | null } };

export type StudioQuestionPlacesQueryVariables = Exact<{ [key: string]: never; }>;


export type StudioQuestionPlacesQuery = { myCourses: Array<{ id: string, slug: string, title: string, modules: Array<{ lessons: Array<{ id: string, title: string }> }> }> };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const AdminUserFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminUserFields on User {
  id
  email
  emailVerified
  displayName
  role
  isActive
  createdAt
}
    `, {"fragmentName":"AdminUserFields"}) as unknown as TypedDocumentString<AdminUserFieldsFragment, unknown>;
export const BulkOutcomeFieldsFragmentDoc = new TypedDocumentString(`
    fragment BulkOutcomeFields on BulkOutcome {
  changed
  unchanged
}
    `, {"fragmentName":"BulkOutcomeFields"}) as unknown as TypedDocumentString<BulkOutcomeFieldsFragment, unknown>;
export const CategoryFieldsFragmentDoc = new TypedDocumentString(`
    fragment CategoryFields on Category {
  id
  slug
  name
}
    `, {"fragmentName":"CategoryFields"}) as unknown as TypedDocumentString<CategoryFieldsFragment, unknown>;
export const AccountFieldsFragmentDoc = new TypedDocumentString(`
    fragment AccountFields on User {
  id
  displayName
  email
}
    `, {"fragmentName":"AccountFields"}) as unknown as TypedDocumentString<AccountFieldsFragment, unknown>;
export const AdminCourseFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment CategoryFields on Category {
  id
  slug
  name
}`, {"fragmentName":"AdminCourseFields"}) as unknown as TypedDocumentString<AdminCourseFieldsFragment, unknown>;
export const AdminEnrollmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminEnrollmentFields on Enrollment {
  id
  source
  enrolledAt
  revokedAt
  learner {
    ...AccountFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}`, {"fragmentName":"AdminEnrollmentFields"}) as unknown as TypedDocumentString<AdminEnrollmentFieldsFragment, unknown>;
export const AdminReviewFieldsFragmentDoc = new TypedDocumentString(`
    fragment AdminReviewFields on Review {
  id
  rating
  body
  createdAt
  updatedAt
  hiddenAt
  hiddenReason
  author {
    ...AccountFields
  }
  course {
    id
    slug
    title
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}`, {"fragmentName":"AdminReviewFields"}) as unknown as TypedDocumentString<AdminReviewFieldsFragment, unknown>;
export const ImageFieldsFragmentDoc = new TypedDocumentString(`
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
    `, {"fragmentName":"ImageFields"}) as unknown as TypedDocumentString<ImageFieldsFragment, unknown>;
export const MediaFileFieldsFragmentDoc = new TypedDocumentString(`
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
    `, {"fragmentName":"MediaFileFields"}) as unknown as TypedDocumentString<MediaFileFieldsFragment, unknown>;
export const AttachmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}`, {"fragmentName":"AttachmentFields"}) as unknown as TypedDocumentString<AttachmentFieldsFragment, unknown>;
export const MessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}`, {"fragmentName":"MessageFields"}) as unknown as TypedDocumentString<MessageFieldsFragment, unknown>;
export const MessageReportFieldsFragmentDoc = new TypedDocumentString(`
    fragment MessageReportFields on MessageReport {
  id
  status
  reason
  createdAt
  message {
    ...MessageFields
  }
  reportedBody
  author {
    ...AccountFields
  }
  reporter {
    ...AccountFields
  }
  roomId
  roomName
  courseId
  courseTitle
  context {
    ...MessageFields
  }
  reportCount
  resolvedAt
  resolution
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`, {"fragmentName":"MessageReportFields"}) as unknown as TypedDocumentString<MessageReportFieldsFragment, unknown>;
export const ChatMuteFieldsFragmentDoc = new TypedDocumentString(`
    fragment ChatMuteFields on ChatMute {
  id
  courseId
  user {
    ...AccountFields
  }
  reason
  createdAt
  endsAt
  liftedAt
}
    fragment AccountFields on User {
  id
  displayName
  email
}`, {"fragmentName":"ChatMuteFields"}) as unknown as TypedDocumentString<ChatMuteFieldsFragment, unknown>;
export const AuditEntryFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEntryFields on AuditEntry {
  id
  action
  actorId
  actor {
    id
    displayName
  }
  targetType
  targetId
  before
  after
  reason
  createdAt
}
    `, {"fragmentName":"AuditEntryFields"}) as unknown as TypedDocumentString<AuditEntryFieldsFragment, unknown>;
export const DirectRoomFieldsFragmentDoc = new TypedDocumentString(`
    fragment DirectRoomFields on Room {
  id
  slug
  name
  kind
  courseId
  unreadCount
  unreadMentions
  latestSeq
  directMember {
    id
    displayName
  }
}
    `, {"fragmentName":"DirectRoomFields"}) as unknown as TypedDocumentString<DirectRoomFieldsFragment, unknown>;
export const PageInfoFieldsFragmentDoc = new TypedDocumentString(`
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
    `, {"fragmentName":"PageInfoFields"}) as unknown as TypedDocumentString<PageInfoFieldsFragment, unknown>;
export const UserFieldsFragmentDoc = new TypedDocumentString(`
    fragment UserFields on User {
  id
  email
  emailVerified
  displayName
  role
  avatar {
    ...ImageFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}`, {"fragmentName":"UserFields"}) as unknown as TypedDocumentString<UserFieldsFragment, unknown>;
export const AuthPayloadFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  user {
    ...UserFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment UserFields on User {
  id
  email
  emailVerified
  displayName
  role
  avatar {
    ...ImageFields
  }
}`, {"fragmentName":"AuthPayloadFields"}) as unknown as TypedDocumentString<AuthPayloadFieldsFragment, unknown>;
export const CourseSummaryFieldsFragmentDoc = new TypedDocumentString(`
    fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}`, {"fragmentName":"CourseSummaryFields"}) as unknown as TypedDocumentString<CourseSummaryFieldsFragment, unknown>;
export const LessonFieldsFragmentDoc = new TypedDocumentString(`
    fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}`, {"fragmentName":"LessonFields"}) as unknown as TypedDocumentString<LessonFieldsFragment, unknown>;
export const ModuleFieldsFragmentDoc = new TypedDocumentString(`
    fragment ModuleFields on Module {
  id
  title
  position
  opensAfterDays
  opensAt
  locked
  lessons {
    ...LessonFields
  }
}
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}`, {"fragmentName":"ModuleFields"}) as unknown as TypedDocumentString<ModuleFieldsFragment, unknown>;
export const EnrollmentFieldsFragmentDoc = new TypedDocumentString(`
    fragment EnrollmentFields on Enrollment {
  id
  enrolledAt
  progress {
    completedLessons
    totalLessons
    percent
  }
  nextLesson {
    id
    title
    locked
    opensAt
  }
  certificate {
    id
    valid
  }
}
    `, {"fragmentName":"EnrollmentFields"}) as unknown as TypedDocumentString<EnrollmentFieldsFragment, unknown>;
export const ReviewFieldsFragmentDoc = new TypedDocumentString(`
    fragment ReviewFields on Review {
  id
  rating
  body
  author {
    id
    displayName
    avatar {
      ...ImageFields
    }
  }
  createdAt
  updatedAt
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}`, {"fragmentName":"ReviewFields"}) as unknown as TypedDocumentString<ReviewFieldsFragment, unknown>;
export const CourseDetailFieldsFragmentDoc = new TypedDocumentString(`
    fragment CourseDetailFields on Course {
  ...CourseSummaryFields
  description
  status
  modules {
    ...ModuleFields
  }
  ratingHistogram {
    rating
    count
  }
  viewerEnrollment {
    ...EnrollmentFields
  }
  viewerReview {
    ...ReviewFields
  }
  publicationChecklist
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}
fragment ModuleFields on Module {
  id
  title
  position
  opensAfterDays
  opensAt
  locked
  lessons {
    ...LessonFields
  }
}
fragment EnrollmentFields on Enrollment {
  id
  enrolledAt
  progress {
    completedLessons
    totalLessons
    percent
  }
  nextLesson {
    id
    title
    locked
    opensAt
  }
  certificate {
    id
    valid
  }
}
fragment ReviewFields on Review {
  id
  rating
  body
  author {
    id
    displayName
    avatar {
      ...ImageFields
    }
  }
  createdAt
  updatedAt
}`, {"fragmentName":"CourseDetailFields"}) as unknown as TypedDocumentString<CourseDetailFieldsFragment, unknown>;
export const StudioCourseFieldsFragmentDoc = new TypedDocumentString(`
    fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}`, {"fragmentName":"StudioCourseFields"}) as unknown as TypedDocumentString<StudioCourseFieldsFragment, unknown>;
export const RoomFieldsFragmentDoc = new TypedDocumentString(`
    fragment RoomFields on Room {
  id
  slug
  name
  kind
  courseId
  canPost
  lastReadSeq
  unreadCount
  onlineMembers {
    id
    displayName
  }
  latestSeq
  epoch
  viewerMutedUntil
}
    `, {"fragmentName":"RoomFields"}) as unknown as TypedDocumentString<RoomFieldsFragment, unknown>;
export const PriceQuoteFieldsFragmentDoc = new TypedDocumentString(`
    fragment PriceQuoteFields on PriceQuote {
  listPriceCents
  discountCents
  amountCents
  currency
  couponCode
  platformFeePercent
  platformFeeCents
  creatorEarningsCents
}
    `, {"fragmentName":"PriceQuoteFields"}) as unknown as TypedDocumentString<PriceQuoteFieldsFragment, unknown>;
export const OrderFieldsFragmentDoc = new TypedDocumentString(`
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}
    `, {"fragmentName":"OrderFields"}) as unknown as TypedDocumentString<OrderFieldsFragment, unknown>;
export const CouponFieldsFragmentDoc = new TypedDocumentString(`
    fragment CouponFields on Coupon {
  id
  code
  kind
  percentOff
  amountOffCents
  currency
  expiresAt
  maxRedemptions
  redemptionCount
  active
  problem
  createdAt
  course {
    id
    slug
    title
  }
}
    `, {"fragmentName":"CouponFields"}) as unknown as TypedDocumentString<CouponFieldsFragment, unknown>;
export const CourseNotificationSettingFieldsFragmentDoc = new TypedDocumentString(`
    fragment CourseNotificationSettingFields on CourseNotificationSetting {
  enabled
  course {
    id
    slug
    title
  }
}
    `, {"fragmentName":"CourseNotificationSettingFields"}) as unknown as TypedDocumentString<CourseNotificationSettingFieldsFragment, unknown>;
export const QuestionMessageFieldsFragmentDoc = new TypedDocumentString(`
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}
    `, {"fragmentName":"QuestionMessageFields"}) as unknown as TypedDocumentString<QuestionMessageFieldsFragment, unknown>;
export const QuestionFieldsFragmentDoc = new TypedDocumentString(`
    fragment QuestionFields on Message {
  ...QuestionMessageFields
  answer {
    ...QuestionMessageFields
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}`, {"fragmentName":"QuestionFields"}) as unknown as TypedDocumentString<QuestionFieldsFragment, unknown>;
export const AuditLogDocument = new TypedDocumentString(`
    query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
  auditLog(filter: $filter, first: $first, after: $after) {
    edges {
      node {
        ...AuditEntryFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment AuditEntryFields on AuditEntry {
  id
  action
  actorId
  actor {
    id
    displayName
  }
  targetType
  targetId
  before
  after
  reason
  createdAt
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<AuditLogQuery, AuditLogQueryVariables>;
export const AdminCoursesDocument = new TypedDocumentString(`
    query AdminCourses($filter: AdminCourseFilter, $sort: AdminCourseSort, $first: Int, $after: String) {
  adminCourses(filter: $filter, sort: $sort, first: $first, after: $after) {
    edges {
      node {
        ...AdminCourseFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
    totalCount
    totalCountCapped
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<AdminCoursesQuery, AdminCoursesQueryVariables>;
export const AdminCourseDocument = new TypedDocumentString(`
    query AdminCourse($id: ID!) {
  adminCourse(id: $id) {
    course {
      ...AdminCourseFields
    }
    revenue {
      currency
      sales
      grossCents
      refundedCents
      netCents
    }
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<AdminCourseQuery, AdminCourseQueryVariables>;
export const AdminCourseEnrollmentsDocument = new TypedDocumentString(`
    query AdminCourseEnrollments($id: ID!, $first: Int, $after: String) {
  adminCourse(id: $id) {
    enrollments(first: $first, after: $after) {
      edges {
        node {
          ...AdminEnrollmentFields
        }
      }
      pageInfo {
        ...PageInfoFields
      }
      totalCount
      totalCountCapped
    }
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminEnrollmentFields on Enrollment {
  id
  source
  enrolledAt
  revokedAt
  learner {
    ...AccountFields
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<AdminCourseEnrollmentsQuery, AdminCourseEnrollmentsQueryVariables>;
export const AdminUnpublishCourseDocument = new TypedDocumentString(`
    mutation AdminUnpublishCourse($id: ID!, $reason: String) {
  unpublishCourse(id: $id, reason: $reason) {
    ...AdminCourseFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<AdminUnpublishCourseMutation, AdminUnpublishCourseMutationVariables>;
export const AdminArchiveCourseDocument = new TypedDocumentString(`
    mutation AdminArchiveCourse($id: ID!, $reason: String) {
  archiveCourse(id: $id, reason: $reason) {
    ...AdminCourseFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<AdminArchiveCourseMutation, AdminArchiveCourseMutationVariables>;
export const AdminRestoreCourseDocument = new TypedDocumentString(`
    mutation AdminRestoreCourse($id: ID!, $reason: String) {
  restoreCourse(id: $id, reason: $reason) {
    ...AdminCourseFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<AdminRestoreCourseMutation, AdminRestoreCourseMutationVariables>;
export const SetCourseFeaturedDocument = new TypedDocumentString(`
    mutation SetCourseFeatured($id: ID!, $featured: Boolean!, $reason: String) {
  setCourseFeatured(id: $id, featured: $featured, reason: $reason) {
    ...AdminCourseFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminCourseFields on Course {
  id
  slug
  title
  subtitle
  status
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  createdAt
  publishedAt
  featuredAt
  category {
    ...CategoryFields
  }
  creator {
    ...AccountFields
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<SetCourseFeaturedMutation, SetCourseFeaturedMutationVariables>;
export const RevokeEnrollmentDocument = new TypedDocumentString(`
    mutation RevokeEnrollment($id: ID!, $reason: String) {
  revokeEnrollment(enrollmentId: $id, reason: $reason) {
    ...AdminEnrollmentFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminEnrollmentFields on Enrollment {
  id
  source
  enrolledAt
  revokedAt
  learner {
    ...AccountFields
  }
}`) as unknown as TypedDocumentString<RevokeEnrollmentMutation, RevokeEnrollmentMutationVariables>;
export const AdminDashboardDocument = new TypedDocumentString(`
    query AdminDashboard($days: Int) {
  adminDashboard(days: $days) {
    usersByRole {
      role
      count
      active
    }
    coursesByStatus {
      status
      count
    }
    enrollments
    salesByDay {
      day
      currency
      orders
      revenueCents
      refundedCents
    }
    openSockets
    chatMessagesPerMinute {
      minute
      messages
    }
    writeBehind {
      backlog
      pending
      lagSeconds
      deadLetters
    }
    openReports
    mail {
      pending
      sending
      dead
      deadLastHour
      oldestPendingSeconds
    }
  }
}
    `) as unknown as TypedDocumentString<AdminDashboardQuery, AdminDashboardQueryVariables>;
export const MessageReportsDocument = new TypedDocumentString(`
    query MessageReports($status: ReportStatus, $first: Int, $after: String) {
  messageReports(status: $status, first: $first, after: $after) {
    edges {
      node {
        ...MessageReportFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
    totalCount
    totalCountCapped
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment MessageReportFields on MessageReport {
  id
  status
  reason
  createdAt
  message {
    ...MessageFields
  }
  reportedBody
  author {
    ...AccountFields
  }
  reporter {
    ...AccountFields
  }
  roomId
  roomName
  courseId
  courseTitle
  context {
    ...MessageFields
  }
  reportCount
  resolvedAt
  resolution
}
fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<MessageReportsQuery, MessageReportsQueryVariables>;
export const ResolveReportDocument = new TypedDocumentString(`
    mutation ResolveReport($id: ID!, $action: ReportAction!, $minutes: Int, $reason: String) {
  resolveReport(
    reportId: $id
    action: $action
    muteMinutes: $minutes
    reason: $reason
  ) {
    ...MessageReportFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment MessageReportFields on MessageReport {
  id
  status
  reason
  createdAt
  message {
    ...MessageFields
  }
  reportedBody
  author {
    ...AccountFields
  }
  reporter {
    ...AccountFields
  }
  roomId
  roomName
  courseId
  courseTitle
  context {
    ...MessageFields
  }
  reportCount
  resolvedAt
  resolution
}
fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<ResolveReportMutation, ResolveReportMutationVariables>;
export const ChatMutesDocument = new TypedDocumentString(`
    query ChatMutes($id: ID) {
  chatMutes(courseId: $id) {
    ...ChatMuteFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment ChatMuteFields on ChatMute {
  id
  courseId
  user {
    ...AccountFields
  }
  reason
  createdAt
  endsAt
  liftedAt
}`) as unknown as TypedDocumentString<ChatMutesQuery, ChatMutesQueryVariables>;
export const UnmuteMemberDocument = new TypedDocumentString(`
    mutation UnmuteMember($id: ID!, $reason: String) {
  unmuteMember(muteId: $id, reason: $reason) {
    ...ChatMuteFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment ChatMuteFields on ChatMute {
  id
  courseId
  user {
    ...AccountFields
  }
  reason
  createdAt
  endsAt
  liftedAt
}`) as unknown as TypedDocumentString<UnmuteMemberMutation, UnmuteMemberMutationVariables>;
export const AdminOrdersDocument = new TypedDocumentString(`
    query AdminOrders($filter: OrderFilter, $first: Int, $after: String) {
  orders(filter: $filter, first: $first, after: $after) {
    edges {
      node {
        ...OrderFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
    totalCount
    totalCountCapped
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<AdminOrdersQuery, AdminOrdersQueryVariables>;
export const OrderTotalsDocument = new TypedDocumentString(`
    query OrderTotals($filter: OrderFilter) {
  orderTotals(filter: $filter) {
    currency
    orders
    paidOrders
    amountCents
    refundedCents
    netCents
  }
}
    `) as unknown as TypedDocumentString<OrderTotalsQuery, OrderTotalsQueryVariables>;
export const OrdersCsvDocument = new TypedDocumentString(`
    query OrdersCsv($filter: OrderFilter) {
  ordersCsv(filter: $filter)
}
    `) as unknown as TypedDocumentString<OrdersCsvQuery, OrdersCsvQueryVariables>;
export const RefundOrderDocument = new TypedDocumentString(`
    mutation RefundOrder($id: ID!, $amount: Int, $reason: String) {
  refundOrder(orderId: $id, amountCents: $amount, reason: $reason) {
    ...OrderFields
  }
}
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<RefundOrderMutation, RefundOrderMutationVariables>;
export const AdminReviewsDocument = new TypedDocumentString(`
    query AdminReviews($filter: AdminReviewFilter, $first: Int, $after: String) {
  adminReviews(filter: $filter, first: $first, after: $after) {
    edges {
      node {
        ...AdminReviewFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
    totalCount
    totalCountCapped
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminReviewFields on Review {
  id
  rating
  body
  createdAt
  updatedAt
  hiddenAt
  hiddenReason
  author {
    ...AccountFields
  }
  course {
    id
    slug
    title
  }
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<AdminReviewsQuery, AdminReviewsQueryVariables>;
export const HideReviewDocument = new TypedDocumentString(`
    mutation HideReview($id: ID!, $reason: String!) {
  hideReview(id: $id, reason: $reason) {
    ...AdminReviewFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminReviewFields on Review {
  id
  rating
  body
  createdAt
  updatedAt
  hiddenAt
  hiddenReason
  author {
    ...AccountFields
  }
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<HideReviewMutation, HideReviewMutationVariables>;
export const RestoreReviewDocument = new TypedDocumentString(`
    mutation RestoreReview($id: ID!, $reason: String!) {
  restoreReview(id: $id, reason: $reason) {
    ...AdminReviewFields
  }
}
    fragment AccountFields on User {
  id
  displayName
  email
}
fragment AdminReviewFields on Review {
  id
  rating
  body
  createdAt
  updatedAt
  hiddenAt
  hiddenReason
  author {
    ...AccountFields
  }
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<RestoreReviewMutation, RestoreReviewMutationVariables>;
export const HideReviewsDocument = new TypedDocumentString(`
    mutation HideReviews($ids: [ID!]!, $reason: String!) {
  hideReviews(ids: $ids, reason: $reason) {
    ...BulkOutcomeFields
  }
}
    fragment BulkOutcomeFields on BulkOutcome {
  changed
  unchanged
}`) as unknown as TypedDocumentString<HideReviewsMutation, HideReviewsMutationVariables>;
export const AdminUsersDocument = new TypedDocumentString(`
    query AdminUsers($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {
  users(filter: $filter, sort: $sort, first: $first, after: $after) {
    edges {
      node {
        ...AdminUserFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
    totalCount
    totalCountCapped
  }
}
    fragment AdminUserFields on User {
  id
  email
  emailVerified
  displayName
  role
  isActive
  createdAt
}
fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}`) as unknown as TypedDocumentString<AdminUsersQuery, AdminUsersQueryVariables>;
export const AdminUserDocument = new TypedDocumentString(`
    query AdminUser($id: ID!) {
  adminUser(id: $id) {
    user {
      ...AdminUserFields
    }
    sessions {
      id
      startedAt
      lastRefreshedAt
      expiresAt
    }
    enrollments {
      id
      source
      enrolledAt
      revokedAt
      progress {
        percent
      }
      course {
        id
        slug
        title
      }
    }
    courses {
      id
      slug
      title
      status
      enrollmentCount
      createdAt
    }
    orders {
      id
      status
      provider
      amountCents
      refundedCents
      currency
      receiptNumber
      createdAt
      course {
        id
        slug
        title
      }
    }
  }
}
    fragment AdminUserFields on User {
  id
  email
  emailVerified
  displayName
  role
  isActive
  createdAt
}`) as unknown as TypedDocumentString<AdminUserQuery, AdminUserQueryVariables>;
export const SetUserRoleDocument = new TypedDocumentString(`
    mutation SetUserRole($userId: ID!, $role: Role!, $reason: String) {
  setUserRole(userId: $userId, role: $role, reason: $reason) {
    ...AdminUserFields
  }
}
    fragment AdminUserFields on User {
  id
  email
  emailVerified
  displayName
  role
  isActive
  createdAt
}`) as unknown as TypedDocumentString<SetUserRoleMutation, SetUserRoleMutationVariables>;
export const SetUserActiveDocument = new TypedDocumentString(`
    mutation SetUserActive($userId: ID!, $isActive: Boolean!, $reason: String) {
  setUserActive(userId: $userId, isActive: $isActive, reason: $reason) {
    ...AdminUserFields
  }
}
    fragment AdminUserFields on User {
  id
  email
  emailVerified
  displayName
  role
  isActive
  createdAt
}`) as unknown as TypedDocumentString<SetUserActiveMutation, SetUserActiveMutationVariables>;
export const SetUsersActiveDocument = new TypedDocumentString(`
    mutation SetUsersActive($userIds: [ID!]!, $isActive: Boolean!, $reason: String) {
  setUsersActive(userIds: $userIds, isActive: $isActive, reason: $reason) {
    ...BulkOutcomeFields
  }
}
    fragment BulkOutcomeFields on BulkOutcome {
  changed
  unchanged
}`) as unknown as TypedDocumentString<SetUsersActiveMutation, SetUsersActiveMutationVariables>;
export const EndUserSessionsDocument = new TypedDocumentString(`
    mutation EndUserSessions($userId: ID!, $reason: String) {
  endUserSessions(userId: $userId, reason: $reason)
}
    `) as unknown as TypedDocumentString<EndUserSessionsMutation, EndUserSessionsMutationVariables>;
export const SendVerificationEmailDocument = new TypedDocumentString(`
    mutation SendVerificationEmail($userId: ID!, $reason: String) {
  sendVerificationEmail(userId: $userId, reason: $reason)
}
    `) as unknown as TypedDocumentString<SendVerificationEmailMutation, SendVerificationEmailMutationVariables>;
export const SendPasswordResetEmailDocument = new TypedDocumentString(`
    mutation SendPasswordResetEmail($userId: ID!, $reason: String) {
  sendPasswordResetEmail(userId: $userId, reason: $reason)
}
    `) as unknown as TypedDocumentString<SendPasswordResetEmailMutation, SendPasswordResetEmailMutationVariables>;
export const RefreshDocument = new TypedDocumentString(`
    mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) {
    accessToken
    refreshToken
  }
}
    `) as unknown as TypedDocumentString<RefreshMutation, RefreshMutationVariables>;
export const RegisterDocument = new TypedDocumentString(`
    mutation Register($input: RegisterInput!) {
  register(input: $input) {
    ...AuthPayloadFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment UserFields on User {
  id
  email
  emailVerified
  displayName
  role
  avatar {
    ...ImageFields
  }
}
fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  user {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<RegisterMutation, RegisterMutationVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) {
    ...AuthPayloadFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment UserFields on User {
  id
  email
  emailVerified
  displayName
  role
  avatar {
    ...ImageFields
  }
}
fragment AuthPayloadFields on AuthPayload {
  accessToken
  refreshToken
  user {
    ...UserFields
  }
}`) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    ...UserFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment UserFields on User {
  id
  email
  emailVerified
  displayName
  role
  avatar {
    ...ImageFields
  }
}`) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout($token: String!) {
  logout(refreshToken: $token)
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const ProfileDocument = new TypedDocumentString(`
    mutation Profile($input: UpdateProfileInput!) {
  updateProfile(input: $input) {
    ...UserFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment UserFields on User {
  id
  email
  emailVerified
  displayName
  role
  avatar {
    ...ImageFields
  }
}`) as unknown as TypedDocumentString<ProfileMutation, ProfileMutationVariables>;
export const PasswordDocument = new TypedDocumentString(`
    mutation Password($current: String!, $next: String!) {
  changePassword(currentPassword: $current, newPassword: $next)
}
    `) as unknown as TypedDocumentString<PasswordMutation, PasswordMutationVariables>;
export const PasswordProblemsDocument = new TypedDocumentString(`
    query PasswordProblems($password: String!, $email: String, $displayName: String) {
  passwordProblems(password: $password, email: $email, displayName: $displayName) {
    reason
    message
  }
}
    `) as unknown as TypedDocumentString<PasswordProblemsQuery, PasswordProblemsQueryVariables>;
export const VerifyEmailDocument = new TypedDocumentString(`
    mutation VerifyEmail($token: String!) {
  verifyEmail(token: $token)
}
    `) as unknown as TypedDocumentString<VerifyEmailMutation, VerifyEmailMutationVariables>;
export const ResendVerificationDocument = new TypedDocumentString(`
    mutation ResendVerification {
  resendVerification
}
    `) as unknown as TypedDocumentString<ResendVerificationMutation, ResendVerificationMutationVariables>;
export const RequestPasswordResetDocument = new TypedDocumentString(`
    mutation RequestPasswordReset($email: String!) {
  requestPasswordReset(email: $email)
}
    `) as unknown as TypedDocumentString<RequestPasswordResetMutation, RequestPasswordResetMutationVariables>;
export const ResetPasswordDocument = new TypedDocumentString(`
    mutation ResetPassword($token: String!, $password: String!) {
  resetPassword(token: $token, newPassword: $password)
}
    `) as unknown as TypedDocumentString<ResetPasswordMutation, ResetPasswordMutationVariables>;
export const RequestEmailChangeDocument = new TypedDocumentString(`
    mutation RequestEmailChange($email: String!, $password: String!) {
  requestEmailChange(newEmail: $email, password: $password)
}
    `) as unknown as TypedDocumentString<RequestEmailChangeMutation, RequestEmailChangeMutationVariables>;
export const ConfirmEmailChangeDocument = new TypedDocumentString(`
    mutation ConfirmEmailChange($token: String!) {
  confirmEmailChange(token: $token)
}
    `) as unknown as TypedDocumentString<ConfirmEmailChangeMutation, ConfirmEmailChangeMutationVariables>;
export const CertificatePageDocument = new TypedDocumentString(`
    query CertificatePage($id: ID!) {
  certificate(id: $id) {
    id
    learnerName
    courseTitle
    courseSlug
    creatorName
    issuedAt
    valid
    revokedAt
    imageUrl
  }
}
    `) as unknown as TypedDocumentString<CertificatePageQuery, CertificatePageQueryVariables>;
export const RoomsDocument = new TypedDocumentString(`
    query Rooms($id: ID!) {
  rooms(courseId: $id) {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  slug
  name
  kind
  courseId
  canPost
  lastReadSeq
  unreadCount
  onlineMembers {
    id
    displayName
  }
  latestSeq
  epoch
  viewerMutedUntil
}`) as unknown as TypedDocumentString<RoomsQuery, RoomsQueryVariables>;
export const HistoryDocument = new TypedDocumentString(`
    query History($id: ID!, $before: Int, $last: Int) {
  messages(roomId: $id, before: $before, last: $last) {
    messages {
      ...MessageFields
    }
    hasMore
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<HistoryQuery, HistoryQueryVariables>;
export const SendDocument = new TypedDocumentString(`
    mutation Send($id: ID!, $body: String!, $clientId: String!, $threadId: ID, $attachmentIds: [ID!]) {
  sendMessage(
    roomId: $id
    body: $body
    clientId: $clientId
    threadId: $threadId
    attachmentIds: $attachmentIds
  ) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<SendMutation, SendMutationVariables>;
export const ChatThreadDocument = new TypedDocumentString(`
    query ChatThread($id: ID!, $before: Int, $last: Int) {
  thread(messageId: $id, before: $before, last: $last) {
    messages {
      ...MessageFields
    }
    hasMore
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<ChatThreadQuery, ChatThreadQueryVariables>;
export const AddReactionDocument = new TypedDocumentString(`
    mutation AddReaction($id: ID!, $emoji: String!) {
  addReaction(messageId: $id, emoji: $emoji) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<AddReactionMutation, AddReactionMutationVariables>;
export const RemoveReactionDocument = new TypedDocumentString(`
    mutation RemoveReaction($id: ID!, $emoji: String!) {
  removeReaction(messageId: $id, emoji: $emoji) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<RemoveReactionMutation, RemoveReactionMutationVariables>;
export const PinMessageDocument = new TypedDocumentString(`
    mutation PinMessage($id: ID!) {
  pinMessage(messageId: $id) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<PinMessageMutation, PinMessageMutationVariables>;
export const UnpinMessageDocument = new TypedDocumentString(`
    mutation UnpinMessage($id: ID!) {
  unpinMessage(messageId: $id) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<UnpinMessageMutation, UnpinMessageMutationVariables>;
export const ChatMarkAnswerDocument = new TypedDocumentString(`
    mutation ChatMarkAnswer($id: ID!, $answerId: ID) {
  markAnswer(messageId: $id, answerId: $answerId) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<ChatMarkAnswerMutation, ChatMarkAnswerMutationVariables>;
export const EditDocument = new TypedDocumentString(`
    mutation Edit($id: ID!, $body: String!) {
  editMessage(messageId: $id, body: $body) {
    ...MessageFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<EditMutation, EditMutationVariables>;
export const DeleteDocument = new TypedDocumentString(`
    mutation Delete($id: ID!) {
  deleteMessage(messageId: $id)
}
    `) as unknown as TypedDocumentString<DeleteMutation, DeleteMutationVariables>;
export const ReportMessageDocument = new TypedDocumentString(`
    mutation ReportMessage($id: ID!, $reason: String!) {
  reportMessage(messageId: $id, reason: $reason) {
    id
    status
  }
}
    `) as unknown as TypedDocumentString<ReportMessageMutation, ReportMessageMutationVariables>;
export const TypingDocument = new TypedDocumentString(`
    mutation Typing($id: ID!) {
  setTyping(roomId: $id)
}
    `) as unknown as TypedDocumentString<TypingMutation, TypingMutationVariables>;
export const ReadDocument = new TypedDocumentString(`
    mutation Read($id: ID!, $seq: Int!) {
  markRead(roomId: $id, seq: $seq) {
    id
    lastReadSeq
    unreadCount
  }
}
    `) as unknown as TypedDocumentString<ReadMutation, ReadMutationVariables>;
export const CreateRoomDocument = new TypedDocumentString(`
    mutation CreateRoom($id: ID!, $name: String!, $announcements: Boolean) {
  createRoom(courseId: $id, name: $name, announcements: $announcements) {
    ...RoomFields
  }
}
    fragment RoomFields on Room {
  id
  slug
  name
  kind
  courseId
  canPost
  lastReadSeq
  unreadCount
  onlineMembers {
    id
    displayName
  }
  latestSeq
  epoch
  viewerMutedUntil
}`) as unknown as TypedDocumentString<CreateRoomMutation, CreateRoomMutationVariables>;
export const RoomEventsDocument = new TypedDocumentString(`
    subscription RoomEvents($roomId: ID!, $since: Int, $epoch: String) {
  roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {
    type
    seq
    epoch
    recovered
    message {
      ...MessageFields
    }
    thread {
      ...MessageFields
    }
    user {
      id
      displayName
    }
    emoji
    added
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<RoomEventsSubscription, RoomEventsSubscriptionVariables>;
export const ChatAttachmentDocument = new TypedDocumentString(`
    query ChatAttachment($messageId: ID!, $id: ID!) {
  attachment(messageId: $messageId, id: $id) {
    ...AttachmentFields
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}`) as unknown as TypedDocumentString<ChatAttachmentQuery, ChatAttachmentQueryVariables>;
export const ChatRoomMembersDocument = new TypedDocumentString(`
    query ChatRoomMembers($id: ID!, $query: String, $first: Int) {
  room(id: $id) {
    id
    members(query: $query, first: $first) {
      id
      displayName
    }
  }
}
    `) as unknown as TypedDocumentString<ChatRoomMembersQuery, ChatRoomMembersQueryVariables>;
export const ChatDirectRoomsDocument = new TypedDocumentString(`
    query ChatDirectRooms($id: ID!) {
  rooms(courseId: $id) {
    ...DirectRoomFields
  }
}
    fragment DirectRoomFields on Room {
  id
  slug
  name
  kind
  courseId
  unreadCount
  unreadMentions
  latestSeq
  directMember {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<ChatDirectRoomsQuery, ChatDirectRoomsQueryVariables>;
export const ChatOpenDirectRoomDocument = new TypedDocumentString(`
    mutation ChatOpenDirectRoom($courseId: ID!, $userId: ID!) {
  directRoom(courseId: $courseId, userId: $userId) {
    ...DirectRoomFields
  }
}
    fragment DirectRoomFields on Room {
  id
  slug
  name
  kind
  courseId
  unreadCount
  unreadMentions
  latestSeq
  directMember {
    id
    displayName
  }
}`) as unknown as TypedDocumentString<ChatOpenDirectRoomMutation, ChatOpenDirectRoomMutationVariables>;
export const ChatPinnedMessagesDocument = new TypedDocumentString(`
    query ChatPinnedMessages($id: ID!) {
  room(id: $id) {
    id
    pinnedMessages {
      ...QuestionMessageFields
      pinnedAt
    }
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}`) as unknown as TypedDocumentString<ChatPinnedMessagesQuery, ChatPinnedMessagesQueryVariables>;
export const ChatUnpinMessageDocument = new TypedDocumentString(`
    mutation ChatUnpinMessage($id: ID!) {
  unpinMessage(messageId: $id) {
    id
    pinned
  }
}
    `) as unknown as TypedDocumentString<ChatUnpinMessageMutation, ChatUnpinMessageMutationVariables>;
export const SearchMessagesDocument = new TypedDocumentString(`
    query SearchMessages($courseId: ID!, $query: String!, $roomId: ID, $order: MessageSearchOrder, $first: Int, $after: String) {
  searchMessages(
    courseId: $courseId
    query: $query
    roomId: $roomId
    order: $order
    first: $first
    after: $after
  ) {
    edges {
      node {
        aroundSeq
        message {
          id
          seq
          roomId
          threadId
          createdAt
          editedAt
          author {
            id
            displayName
          }
        }
        room {
          id
          slug
          name
          kind
        }
        snippet {
          text
          highlighted
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<SearchMessagesQuery, SearchMessagesQueryVariables>;
export const MessagesAroundDocument = new TypedDocumentString(`
    query MessagesAround($id: ID!, $around: Int, $last: Int) {
  messages(roomId: $id, around: $around, last: $last) {
    messages {
      ...MessageFields
    }
    hasMore
    hasMoreAfter
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<MessagesAroundQuery, MessagesAroundQueryVariables>;
export const MessagesAfterDocument = new TypedDocumentString(`
    query MessagesAfter($id: ID!, $after: Int, $last: Int) {
  messages(roomId: $id, after: $after, last: $last) {
    messages {
      ...MessageFields
    }
    hasMore
    hasMoreAfter
  }
}
    fragment AttachmentFields on Attachment {
  id
  kind
  name
  mimeType
  sizeBytes
  image {
    ...ImageFields
  }
  file {
    ...MediaFileFields
  }
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment MessageFields on Message {
  id
  seq
  roomId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  clientId
  threadId
  replyCount
  lastReplyAt
  lessonId
  answerId
  pinned
  pinnedAt
  reactions {
    emoji
    count
    users {
      id
      displayName
    }
  }
  viewerReactions
  mentions {
    id
    displayName
  }
  mentionsHere
  attachments {
    ...AttachmentFields
  }
  editHistory {
    body
    replacedAt
  }
}`) as unknown as TypedDocumentString<MessagesAfterQuery, MessagesAfterQueryVariables>;
export const ChatSettingsOfDocument = new TypedDocumentString(`
    query ChatSettingsOf($slug: String!) {
  course(slug: $slug) {
    id
    chatSettings {
      learnerDirectMessages
    }
  }
}
    `) as unknown as TypedDocumentString<ChatSettingsOfQuery, ChatSettingsOfQueryVariables>;
export const UpdateChatSettingsDocument = new TypedDocumentString(`
    mutation UpdateChatSettings($id: ID!, $value: Boolean!) {
  updateChatSettings(courseId: $id, learnerDirectMessages: $value) {
    learnerDirectMessages
  }
}
    `) as unknown as TypedDocumentString<UpdateChatSettingsMutation, UpdateChatSettingsMutationVariables>;
export const CatalogDocument = new TypedDocumentString(`
    query Catalog($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {
  courses(filter: $filter, sort: $sort, first: $first, after: $after) {
    edges {
      node {
        ...CourseSummaryFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
    totalCount
    facets {
      categories {
        slug
        name
        count
      }
      priceBands {
        key
        label
        minCents
        maxCents
        count
      }
    }
    search {
      text
      mode
      didYouMean
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}`) as unknown as TypedDocumentString<CatalogQuery, CatalogQueryVariables>;
export const CatalogSuggestionsDocument = new TypedDocumentString(`
    query CatalogSuggestions($text: String!) {
  catalogSuggestions(text: $text) {
    kind
    label
    courseSlug
    categorySlug
    creatorId
    detail
  }
}
    `) as unknown as TypedDocumentString<CatalogSuggestionsQuery, CatalogSuggestionsQueryVariables>;
export const FeaturedDocument = new TypedDocumentString(`
    query Featured {
  featuredCourses {
    ...CourseSummaryFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}`) as unknown as TypedDocumentString<FeaturedQuery, FeaturedQueryVariables>;
export const CategoriesDocument = new TypedDocumentString(`
    query Categories {
  categories {
    ...CategoryFields
  }
}
    fragment CategoryFields on Category {
  id
  slug
  name
}`) as unknown as TypedDocumentString<CategoriesQuery, CategoriesQueryVariables>;
export const CourseDocument = new TypedDocumentString(`
    query Course($slug: String!) {
  course(slug: $slug) {
    ...CourseDetailFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}
fragment ModuleFields on Module {
  id
  title
  position
  opensAfterDays
  opensAt
  locked
  lessons {
    ...LessonFields
  }
}
fragment EnrollmentFields on Enrollment {
  id
  enrolledAt
  progress {
    completedLessons
    totalLessons
    percent
  }
  nextLesson {
    id
    title
    locked
    opensAt
  }
  certificate {
    id
    valid
  }
}
fragment ReviewFields on Review {
  id
  rating
  body
  author {
    id
    displayName
    avatar {
      ...ImageFields
    }
  }
  createdAt
  updatedAt
}
fragment CourseDetailFields on Course {
  ...CourseSummaryFields
  description
  status
  modules {
    ...ModuleFields
  }
  ratingHistogram {
    rating
    count
  }
  viewerEnrollment {
    ...EnrollmentFields
  }
  viewerReview {
    ...ReviewFields
  }
  publicationChecklist
}`) as unknown as TypedDocumentString<CourseQuery, CourseQueryVariables>;
export const ReviewsDocument = new TypedDocumentString(`
    query Reviews($slug: String!, $after: String) {
  course(slug: $slug) {
    reviews(first: 10, after: $after) {
      edges {
        node {
          ...ReviewFields
        }
      }
      pageInfo {
        ...PageInfoFields
      }
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment ReviewFields on Review {
  id
  rating
  body
  author {
    id
    displayName
    avatar {
      ...ImageFields
    }
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ReviewsQuery, ReviewsQueryVariables>;
export const EnrollDocument = new TypedDocumentString(`
    mutation Enroll($id: ID!) {
  enroll(courseId: $id) {
    ...EnrollmentFields
  }
}
    fragment EnrollmentFields on Enrollment {
  id
  enrolledAt
  progress {
    completedLessons
    totalLessons
    percent
  }
  nextLesson {
    id
    title
    locked
    opensAt
  }
  certificate {
    id
    valid
  }
}`) as unknown as TypedDocumentString<EnrollMutation, EnrollMutationVariables>;
export const MyLearningDocument = new TypedDocumentString(`
    query MyLearning {
  myLearning {
    ...EnrollmentFields
    course {
      ...CourseSummaryFields
    }
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment EnrollmentFields on Enrollment {
  id
  enrolledAt
  progress {
    completedLessons
    totalLessons
    percent
  }
  nextLesson {
    id
    title
    locked
    opensAt
  }
  certificate {
    id
    valid
  }
}`) as unknown as TypedDocumentString<MyLearningQuery, MyLearningQueryVariables>;
export const CompleteDocument = new TypedDocumentString(`
    mutation Complete($id: ID!) {
  completeLesson(lessonId: $id) {
    completedAt
  }
}
    `) as unknown as TypedDocumentString<CompleteMutation, CompleteMutationVariables>;
export const UncompleteDocument = new TypedDocumentString(`
    mutation Uncomplete($id: ID!) {
  uncompleteLesson(lessonId: $id)
}
    `) as unknown as TypedDocumentString<UncompleteMutation, UncompleteMutationVariables>;
export const ReviewDocument = new TypedDocumentString(`
    mutation Review($id: ID!, $rating: Int!, $body: String) {
  submitReview(courseId: $id, rating: $rating, body: $body) {
    ...ReviewFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment ReviewFields on Review {
  id
  rating
  body
  author {
    id
    displayName
    avatar {
      ...ImageFields
    }
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<ReviewMutation, ReviewMutationVariables>;
export const EditReviewDocument = new TypedDocumentString(`
    mutation EditReview($id: ID!, $rating: Int, $body: String) {
  updateReview(id: $id, rating: $rating, body: $body) {
    ...ReviewFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment ReviewFields on Review {
  id
  rating
  body
  author {
    id
    displayName
    avatar {
      ...ImageFields
    }
  }
  createdAt
  updatedAt
}`) as unknown as TypedDocumentString<EditReviewMutation, EditReviewMutationVariables>;
export const PublicationChecklistDocument = new TypedDocumentString(`
    query PublicationChecklist($slug: String!) {
  course(slug: $slug) {
    id
    publicationChecklist
  }
}
    `) as unknown as TypedDocumentString<PublicationChecklistQuery, PublicationChecklistQueryVariables>;
export const MyCoursesDocument = new TypedDocumentString(`
    query MyCourses {
  myCourses {
    ...StudioCourseFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}`) as unknown as TypedDocumentString<MyCoursesQuery, MyCoursesQueryVariables>;
export const CreateCourseDocument = new TypedDocumentString(`
    mutation CreateCourse($input: CourseInput!) {
  createCourse(input: $input) {
    ...StudioCourseFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}`) as unknown as TypedDocumentString<CreateCourseMutation, CreateCourseMutationVariables>;
export const UpdateCourseDocument = new TypedDocumentString(`
    mutation UpdateCourse($id: ID!, $input: CourseInput!) {
  updateCourse(id: $id, input: $input) {
    ...StudioCourseFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}`) as unknown as TypedDocumentString<UpdateCourseMutation, UpdateCourseMutationVariables>;
export const PublishCourseDocument = new TypedDocumentString(`
    mutation PublishCourse($id: ID!) {
  publishCourse(id: $id) {
    ...StudioCourseFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}`) as unknown as TypedDocumentString<PublishCourseMutation, PublishCourseMutationVariables>;
export const UnpublishCourseDocument = new TypedDocumentString(`
    mutation UnpublishCourse($id: ID!) {
  unpublishCourse(id: $id) {
    ...StudioCourseFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}`) as unknown as TypedDocumentString<UnpublishCourseMutation, UnpublishCourseMutationVariables>;
export const ArchiveCourseDocument = new TypedDocumentString(`
    mutation ArchiveCourse($id: ID!) {
  archiveCourse(id: $id) {
    ...StudioCourseFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}
fragment StudioCourseFields on Course {
  ...CourseSummaryFields
  status
  description
  publicationChecklist
}`) as unknown as TypedDocumentString<ArchiveCourseMutation, ArchiveCourseMutationVariables>;
export const CreateModuleDocument = new TypedDocumentString(`
    mutation CreateModule($id: ID!, $title: String!) {
  createModule(courseId: $id, title: $title) {
    ...ModuleFields
  }
}
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}
fragment ModuleFields on Module {
  id
  title
  position
  opensAfterDays
  opensAt
  locked
  lessons {
    ...LessonFields
  }
}`) as unknown as TypedDocumentString<CreateModuleMutation, CreateModuleMutationVariables>;
export const UpdateModuleDocument = new TypedDocumentString(`
    mutation UpdateModule($id: ID!, $title: String!) {
  updateModule(id: $id, title: $title) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateModuleMutation, UpdateModuleMutationVariables>;
export const SetModuleOpensAfterDaysDocument = new TypedDocumentString(`
    mutation SetModuleOpensAfterDays($id: ID!, $days: Int!) {
  updateModule(id: $id, opensAfterDays: $days) {
    id
    opensAfterDays
  }
}
    `) as unknown as TypedDocumentString<SetModuleOpensAfterDaysMutation, SetModuleOpensAfterDaysMutationVariables>;
export const DeleteModuleDocument = new TypedDocumentString(`
    mutation DeleteModule($id: ID!) {
  deleteModule(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteModuleMutation, DeleteModuleMutationVariables>;
export const ReorderModulesDocument = new TypedDocumentString(`
    mutation ReorderModules($id: ID!, $ids: [ID!]!) {
  reorderModules(courseId: $id, moduleIds: $ids) {
    id
  }
}
    `) as unknown as TypedDocumentString<ReorderModulesMutation, ReorderModulesMutationVariables>;
export const CreateLessonDocument = new TypedDocumentString(`
    mutation CreateLesson($id: ID!, $input: LessonInput!) {
  createLesson(moduleId: $id, input: $input) {
    ...LessonFields
  }
}
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}`) as unknown as TypedDocumentString<CreateLessonMutation, CreateLessonMutationVariables>;
export const UpdateLessonDocument = new TypedDocumentString(`
    mutation UpdateLesson($id: ID!, $input: LessonInput!) {
  updateLesson(id: $id, input: $input) {
    ...LessonFields
  }
}
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}
fragment LessonFields on Lesson {
  id
  title
  kind
  position
  durationSeconds
  isPreview
  body
  videoUrl
  completed
  locked
  opensAt
  asset {
    ...MediaFileFields
  }
}`) as unknown as TypedDocumentString<UpdateLessonMutation, UpdateLessonMutationVariables>;
export const DeleteLessonDocument = new TypedDocumentString(`
    mutation DeleteLesson($id: ID!) {
  deleteLesson(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteLessonMutation, DeleteLessonMutationVariables>;
export const ReorderLessonsDocument = new TypedDocumentString(`
    mutation ReorderLessons($id: ID!, $ids: [ID!]!) {
  reorderLessons(moduleId: $id, lessonIds: $ids) {
    id
  }
}
    `) as unknown as TypedDocumentString<ReorderLessonsMutation, ReorderLessonsMutationVariables>;
export const DevMailboxDocument = new TypedDocumentString(`
    query DevMailbox($first: Int) {
  devMailbox(first: $first) {
    id
    from
    to
    subject
    date
    messageId
    text
    html
    htmlUrl
  }
}
    `) as unknown as TypedDocumentString<DevMailboxQuery, DevMailboxQueryVariables>;
export const DevMailboxEnabledDocument = new TypedDocumentString(`
    query DevMailboxEnabled {
  devMailboxEnabled
}
    `) as unknown as TypedDocumentString<DevMailboxEnabledQuery, DevMailboxEnabledQueryVariables>;
export const HomeDocument = new TypedDocumentString(`
    query Home($continueFirst: Int, $recommendedFirst: Int) {
  continueLearning(first: $continueFirst) {
    course {
      ...CourseSummaryFields
    }
    nextLesson {
      id
      title
      kind
      durationSeconds
      locked
      opensAt
    }
    progress {
      completedLessons
      totalLessons
      percent
    }
    lastActivityAt
  }
  recommendedCourses(first: $recommendedFirst) {
    ...CourseSummaryFields
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}
fragment CategoryFields on Category {
  id
  slug
  name
}
fragment CourseSummaryFields on Course {
  id
  slug
  title
  subtitle
  priceCents
  currency
  isFree
  level
  language
  ratingAvg
  ratingCount
  enrollmentCount
  lessonCount
  category {
    ...CategoryFields
  }
  creator {
    id
    displayName
  }
  cover {
    ...ImageFields
  }
}`) as unknown as TypedDocumentString<HomeQuery, HomeQueryVariables>;
export const CoverDocument = new TypedDocumentString(`
    mutation Cover($course: ID!, $asset: ID) {
  setCourseCover(courseId: $course, assetId: $asset) {
    id
    cover {
      ...ImageFields
    }
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}`) as unknown as TypedDocumentString<CoverMutation, CoverMutationVariables>;
export const AvatarDocument = new TypedDocumentString(`
    mutation Avatar($asset: ID) {
  setAvatar(assetId: $asset) {
    id
    email
    displayName
    role
    avatar {
      ...ImageFields
    }
  }
}
    fragment ImageFields on Image {
  id
  width
  height
  url
  srcset
  placeholder
  variants {
    url
    width
    height
    format
    mimeType
  }
}`) as unknown as TypedDocumentString<AvatarMutation, AvatarMutationVariables>;
export const LessonAssetDocument = new TypedDocumentString(`
    mutation LessonAsset($lesson: ID!, $asset: ID) {
  setLessonAsset(lessonId: $lesson, assetId: $asset) {
    id
    asset {
      ...MediaFileFields
    }
  }
}
    fragment MediaFileFields on MediaFile {
  id
  kind
  mimeType
  sizeBytes
  name
  durationSeconds
  url
  urlExpiresAt
}`) as unknown as TypedDocumentString<LessonAssetMutation, LessonAssetMutationVariables>;
export const MyMentionsDocument = new TypedDocumentString(`
    query MyMentions($first: Int, $after: String) {
  myMentions(first: $first, after: $after) {
    edges {
      node {
        ...QuestionMessageFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}`) as unknown as TypedDocumentString<MyMentionsQuery, MyMentionsQueryVariables>;
export const UnreadMentionCountDocument = new TypedDocumentString(`
    query UnreadMentionCount {
  unreadMentionCount
}
    `) as unknown as TypedDocumentString<UnreadMentionCountQuery, UnreadMentionCountQueryVariables>;
export const MentionLearningCoursesDocument = new TypedDocumentString(`
    query MentionLearningCourses {
  myLearning {
    id
    course {
      id
      slug
      title
    }
  }
}
    `) as unknown as TypedDocumentString<MentionLearningCoursesQuery, MentionLearningCoursesQueryVariables>;
export const MentionOwnCoursesDocument = new TypedDocumentString(`
    query MentionOwnCourses {
  myCourses {
    id
    slug
    title
  }
}
    `) as unknown as TypedDocumentString<MentionOwnCoursesQuery, MentionOwnCoursesQueryVariables>;
export const MentionAdminCourseDocument = new TypedDocumentString(`
    query MentionAdminCourse($id: ID!) {
  adminCourse(id: $id) {
    course {
      id
      slug
      title
    }
  }
}
    `) as unknown as TypedDocumentString<MentionAdminCourseQuery, MentionAdminCourseQueryVariables>;
export const MentionRoomDocument = new TypedDocumentString(`
    query MentionRoom($id: ID!) {
  room(id: $id) {
    id
    slug
    name
    courseId
  }
}
    `) as unknown as TypedDocumentString<MentionRoomQuery, MentionRoomQueryVariables>;
export const NotificationSettingsDocument = new TypedDocumentString(`
    query NotificationSettings {
  notificationSettings {
    ...CourseNotificationSettingFields
  }
}
    fragment CourseNotificationSettingFields on CourseNotificationSetting {
  enabled
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<NotificationSettingsQuery, NotificationSettingsQueryVariables>;
export const SetCourseNotificationsDocument = new TypedDocumentString(`
    mutation SetCourseNotifications($id: ID!, $enabled: Boolean!) {
  setCourseNotifications(courseId: $id, enabled: $enabled) {
    ...CourseNotificationSettingFields
  }
}
    fragment CourseNotificationSettingFields on CourseNotificationSetting {
  enabled
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<SetCourseNotificationsMutation, SetCourseNotificationsMutationVariables>;
export const PaymentOptionsDocument = new TypedDocumentString(`
    query PaymentOptions {
  paymentOptions {
    providers
    platformFeePercent
  }
}
    `) as unknown as TypedDocumentString<PaymentOptionsQuery, PaymentOptionsQueryVariables>;
export const PriceQuoteDocument = new TypedDocumentString(`
    query PriceQuote($id: ID!, $code: String) {
  priceQuote(courseId: $id, couponCode: $code) {
    ...PriceQuoteFields
  }
}
    fragment PriceQuoteFields on PriceQuote {
  listPriceCents
  discountCents
  amountCents
  currency
  couponCode
  platformFeePercent
  platformFeeCents
  creatorEarningsCents
}`) as unknown as TypedDocumentString<PriceQuoteQuery, PriceQuoteQueryVariables>;
export const FeeEstimateDocument = new TypedDocumentString(`
    query FeeEstimate($cents: Int!, $currency: String!) {
  feeEstimate(priceCents: $cents, currency: $currency) {
    ...PriceQuoteFields
  }
}
    fragment PriceQuoteFields on PriceQuote {
  listPriceCents
  discountCents
  amountCents
  currency
  couponCode
  platformFeePercent
  platformFeeCents
  creatorEarningsCents
}`) as unknown as TypedDocumentString<FeeEstimateQuery, FeeEstimateQueryVariables>;
export const CheckoutDocument = new TypedDocumentString(`
    mutation Checkout($id: ID!, $provider: PaymentProvider!, $code: String) {
  checkout(courseId: $id, provider: $provider, couponCode: $code) {
    redirectUrl
    enrolled
    order {
      ...OrderFields
    }
  }
}
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<CheckoutMutation, CheckoutMutationVariables>;
export const ConfirmCheckoutDocument = new TypedDocumentString(`
    mutation ConfirmCheckout($id: ID!) {
  confirmCheckout(orderId: $id) {
    ...OrderFields
  }
}
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<ConfirmCheckoutMutation, ConfirmCheckoutMutationVariables>;
export const CancelCheckoutDocument = new TypedDocumentString(`
    mutation CancelCheckout($id: ID!) {
  cancelCheckout(orderId: $id) {
    ...OrderFields
  }
}
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<CancelCheckoutMutation, CancelCheckoutMutationVariables>;
export const CompleteTestPaymentDocument = new TypedDocumentString(`
    mutation CompleteTestPayment($id: ID!, $approve: Boolean!) {
  completeTestPayment(orderId: $id, approve: $approve) {
    ...OrderFields
  }
}
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<CompleteTestPaymentMutation, CompleteTestPaymentMutationVariables>;
export const OrderDocument = new TypedDocumentString(`
    query Order($id: ID!) {
  order(id: $id) {
    ...OrderFields
  }
}
    fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<OrderQuery, OrderQueryVariables>;
export const MyOrdersDocument = new TypedDocumentString(`
    query MyOrders($first: Int, $after: String) {
  myOrders(first: $first, after: $after) {
    edges {
      node {
        ...OrderFields
      }
    }
    pageInfo {
      ...PageInfoFields
    }
  }
}
    fragment PageInfoFields on PageInfo {
  hasNextPage
  endCursor
}
fragment OrderFields on Order {
  id
  status
  provider
  listPriceCents
  discountCents
  amountCents
  refundedCents
  currency
  couponCode
  failureMessage
  receiptNumber
  createdAt
  paidAt
  canceledAt
  refundedAt
  course {
    id
    slug
    title
    creator {
      id
      displayName
    }
  }
  buyer {
    id
    displayName
    email
  }
  refunds {
    id
    amountCents
    currency
    reason
    createdAt
  }
}`) as unknown as TypedDocumentString<MyOrdersQuery, MyOrdersQueryVariables>;
export const MyCouponsDocument = new TypedDocumentString(`
    query MyCoupons($id: ID) {
  myCoupons(courseId: $id) {
    ...CouponFields
  }
}
    fragment CouponFields on Coupon {
  id
  code
  kind
  percentOff
  amountOffCents
  currency
  expiresAt
  maxRedemptions
  redemptionCount
  active
  problem
  createdAt
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<MyCouponsQuery, MyCouponsQueryVariables>;
export const CreateCouponDocument = new TypedDocumentString(`
    mutation CreateCoupon($input: CouponInput!) {
  createCoupon(input: $input) {
    ...CouponFields
  }
}
    fragment CouponFields on Coupon {
  id
  code
  kind
  percentOff
  amountOffCents
  currency
  expiresAt
  maxRedemptions
  redemptionCount
  active
  problem
  createdAt
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<CreateCouponMutation, CreateCouponMutationVariables>;
export const DisableCouponDocument = new TypedDocumentString(`
    mutation DisableCoupon($id: ID!) {
  disableCoupon(id: $id) {
    ...CouponFields
  }
}
    fragment CouponFields on Coupon {
  id
  code
  kind
  percentOff
  amountOffCents
  currency
  expiresAt
  maxRedemptions
  redemptionCount
  active
  problem
  createdAt
  course {
    id
    slug
    title
  }
}`) as unknown as TypedDocumentString<DisableCouponMutation, DisableCouponMutationVariables>;
export const MyEarningsDocument = new TypedDocumentString(`
    query MyEarnings {
  myEarnings {
    rows {
      courseId
      courseTitle
      month
      currency
      sales
      grossCents
      feesCents
      refundsCents
      netCents
    }
    totals {
      currency
      sales
      grossCents
      feesCents
      refundsCents
      netCents
    }
    csv
  }
}
    `) as unknown as TypedDocumentString<MyEarningsQuery, MyEarningsQueryVariables>;
export const LessonQuestionListDocument = new TypedDocumentString(`
    query LessonQuestionList($id: ID!, $first: Int, $after: String) {
  lessonQuestions(lessonId: $id, first: $first, after: $after) {
    edges {
      node {
        ...QuestionFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}
fragment QuestionFields on Message {
  ...QuestionMessageFields
  answer {
    ...QuestionMessageFields
  }
}`) as unknown as TypedDocumentString<LessonQuestionListQuery, LessonQuestionListQueryVariables>;
export const StudioUnansweredQuestionsDocument = new TypedDocumentString(`
    query StudioUnansweredQuestions($courseId: ID, $first: Int, $after: String) {
  unansweredQuestions(courseId: $courseId, first: $first, after: $after) {
    edges {
      node {
        ...QuestionFields
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}
fragment QuestionFields on Message {
  ...QuestionMessageFields
  answer {
    ...QuestionMessageFields
  }
}`) as unknown as TypedDocumentString<StudioUnansweredQuestionsQuery, StudioUnansweredQuestionsQueryVariables>;
export const LessonQuestionRoomsDocument = new TypedDocumentString(`
    query LessonQuestionRooms($id: ID!) {
  rooms(courseId: $id) {
    id
    slug
    kind
    canPost
    latestSeq
    epoch
  }
}
    `) as unknown as TypedDocumentString<LessonQuestionRoomsQuery, LessonQuestionRoomsQueryVariables>;
export const AskLessonQuestionDocument = new TypedDocumentString(`
    mutation AskLessonQuestion($roomId: ID!, $body: String!, $clientId: String!, $lessonId: ID!) {
  sendMessage(
    roomId: $roomId
    body: $body
    clientId: $clientId
    lessonId: $lessonId
  ) {
    ...QuestionFields
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}
fragment QuestionFields on Message {
  ...QuestionMessageFields
  answer {
    ...QuestionMessageFields
  }
}`) as unknown as TypedDocumentString<AskLessonQuestionMutation, AskLessonQuestionMutationVariables>;
export const LessonQuestionReplyDocument = new TypedDocumentString(`
    mutation LessonQuestionReply($roomId: ID!, $body: String!, $clientId: String!, $threadId: ID!) {
  sendMessage(
    roomId: $roomId
    body: $body
    clientId: $clientId
    threadId: $threadId
  ) {
    ...QuestionMessageFields
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}`) as unknown as TypedDocumentString<LessonQuestionReplyMutation, LessonQuestionReplyMutationVariables>;
export const LessonQuestionThreadDocument = new TypedDocumentString(`
    query LessonQuestionThread($id: ID!, $last: Int) {
  thread(messageId: $id, last: $last) {
    messages {
      ...QuestionMessageFields
    }
    hasMore
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}`) as unknown as TypedDocumentString<LessonQuestionThreadQuery, LessonQuestionThreadQueryVariables>;
export const MarkLessonAnswerDocument = new TypedDocumentString(`
    mutation MarkLessonAnswer($id: ID!, $answerId: ID) {
  markAnswer(messageId: $id, answerId: $answerId) {
    ...QuestionFields
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}
fragment QuestionFields on Message {
  ...QuestionMessageFields
  answer {
    ...QuestionMessageFields
  }
}`) as unknown as TypedDocumentString<MarkLessonAnswerMutation, MarkLessonAnswerMutationVariables>;
export const LessonQuestionEventsDocument = new TypedDocumentString(`
    subscription LessonQuestionEvents($roomId: ID!, $since: Int, $epoch: String) {
  roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {
    type
    seq
    epoch
    message {
      ...QuestionFields
    }
    thread {
      id
      replyCount
      lastReplyAt
    }
  }
}
    fragment QuestionMessageFields on Message {
  id
  seq
  roomId
  threadId
  lessonId
  author {
    id
    displayName
  }
  body
  createdAt
  editedAt
  deleted
  mentions {
    id
    displayName
  }
  mentionsHere
  replyCount
  lastReplyAt
  answerId
}
fragment QuestionFields on Message {
  ...QuestionMessageFields
  answer {
    ...QuestionMessageFields
  }
}`) as unknown as TypedDocumentString<LessonQuestionEventsSubscription, LessonQuestionEventsSubscriptionVariables>;
export const StudioQuestionPlacesDocument = new TypedDocumentString(`
    query StudioQuestionPlaces {
  myCourses {
    id
    slug
    title
    modules {
      lessons {
        id
        title
      }
    }
  }
}
    `) as unknown as TypedDocumentString<StudioQuestionPlacesQuery, StudioQuestionPlacesQueryVariables>;