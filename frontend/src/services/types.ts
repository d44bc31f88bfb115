/** The shapes the app reads from the GraphQL API (see the server's schema.graphql files). */

export type Role = 'LEARNER' | 'CREATOR' | 'ADMIN'
export type CourseLevel = 'BEGINNER' | 'INTERMEDIATE' | 'ADVANCED'
export type CourseStatus = 'DRAFT' | 'PUBLISHED' | 'ARCHIVED'
export type LessonKind = 'TEXT' | 'VIDEO' | 'FILE'
export type CourseSort = 'RELEVANCE' | 'NEWEST' | 'RATING' | 'POPULAR' | 'PRICE_ASC' | 'PRICE_DESC'

// --- Media (edusphere/media/schema.graphql) -----------------------------------------------------

export type MediaKind = 'IMAGE' | 'VIDEO' | 'FILE'

export interface ImageVariant {
  url: string
  width: number
  height: number
  /** webp, avif, jpeg or png */
  format: string
  mimeType: string
}

/** A public image (cover, avatar) in several widths and formats. */
export interface Image {
  id: string
  width: number
  height: number
  /** The largest variant in the fallback format (JPEG or PNG). */
  url: string
  /** The fallback format's variants, `url 640w, ...`. */
  srcset: string
  variants: ImageVariant[]
  /** A tiny data: URI painted before the image arrives. */
  placeholder: string | null
}

/** A lesson's protected video or file; `url` is signed for the viewer and expires at `urlExpiresAt`. */
export interface MediaFile {
  id: string
  kind: MediaKind
  mimeType: string
  sizeBytes: number
  name: string
  durationSeconds: number | null
  url: string
  urlExpiresAt: string
}

/** Anyone shown with a face: a header, a chat message, a review. */
export interface Person {
  id: string
  displayName: string
  avatar?: Image | null
}

/** Why the server would refuse a password (`PasswordProblemReason` in edusphere/auth/schema.graphql). */
export type PasswordProblemReason =
  | 'TOO_LONG'
  | 'UNSUPPORTED_CHARACTER'
  | 'TOO_SHORT'
  | 'COMMON'
  | 'REPETITIVE'
  | 'CONTAINS_EMAIL'
  | 'CONTAINS_NAME'
  | 'CONTAINS_PRODUCT_NAME'

export interface PasswordProblem {
  reason: PasswordProblemReason
  /** A sentence to show as it is. */
  message: string
}

export interface User {
  id: string
  email: string | null
  /** Whether the owner followed a link mailed to `email`; null for anyone but them and admins. */
  emailVerified?: boolean | null
  displayName: string
  role: Role
  avatar?: Image | null
}

export interface AuthPayload {
  accessToken: string
  refreshToken: string
  user: User
}

export interface Category {
  id: string
  slug: string
  name: string
}

export interface CourseSummary {
  id: string
  slug: string
  title: string
  subtitle: string
  priceCents: number
  currency: string
  isFree: boolean
  level: CourseLevel
  language: string
  ratingAvg: number
  ratingCount: number
  enrollmentCount: number
  lessonCount: number
  category: Category | null
  creator: { id: string; displayName: string }
  cover?: Image | null
}

export interface Lesson {
  id: string
  title: string
  kind: LessonKind
  position: number
  durationSeconds: number
  isPreview: boolean
  body: string | null
  videoUrl: string | null
  completed: boolean
  asset?: MediaFile | null
}

export interface Module {
  id: string
  title: string
  position: number
  lessons: Lesson[]
}

export interface Progress {
  completedLessons: number
  totalLessons: number
  percent: number
}

export interface Review {
  id: string
  rating: number
  body: string
  author: Person
  createdAt: string
  updatedAt: string
}

export interface Enrollment {
  id: string
  enrolledAt: string
  progress: Progress
  nextLesson: { id: string; title: string } | null
}

export interface CourseDetail extends CourseSummary {
  description: string
  status: CourseStatus
  modules: Module[]
  ratingHistogram: { rating: number; count: number }[]
  viewerEnrollment: Enrollment | null
  viewerReview: Review | null
  publicationChecklist: string[] | null
}

export interface PageInfo {
  hasNextPage: boolean
  endCursor: string | null
}

export interface CategoryFacet {
  slug: string
  name: string
  count: number
}

export interface PriceBandFacet {
  key: string
  label: string
  minCents: number
  maxCents: number | null
  count: number
}

export interface CoursePage {
  courses: CourseSummary[]
  pageInfo: PageInfo
  totalCount: number
  facets: { categories: CategoryFacet[]; priceBands: PriceBandFacet[] }
}

export interface ChatUser {
  id: string
  displayName: string
  avatar?: Image | null
}

export interface Message {
  id: string
  seq: number
  roomId: string
  author: ChatUser
  body: string
  createdAt: string
  editedAt: string | null
  deleted: boolean
  clientId: string
}

export type RoomEventType =
  | 'MESSAGE_POSTED'
  | 'MESSAGE_EDITED'
  | 'MESSAGE_DELETED'
  | 'MEMBER_JOINED'
  | 'MEMBER_LEFT'
  | 'TYPING'
  | 'RESYNC'

export interface RoomEvent {
  type: RoomEventType
  seq: number | null
  epoch: string
  recovered: boolean | null
  message: Message | null
  user: ChatUser | null
}

export interface Room {
  id: string
  slug: string
  name: string
  kind: 'DISCUSSION' | 'ANNOUNCEMENTS'
  courseId: string
  canPost: boolean
  lastReadSeq: number
  unreadCount: number
  onlineMembers: ChatUser[]
  /** Where to watch the room from without loading its history, with `epoch`. */
  latestSeq: number
  epoch: string | null
  /** Until when the viewer is muted in the course's chat (reads, cannot post); null when not. */
  viewerMutedUntil?: string | null
}

// --- Payments (edusphere/payments/schema.graphql) ----------------------------------------------

export type PaymentProvider = 'STRIPE' | 'PAYPAL' | 'TEST'
export type OrderStatus = 'PENDING' | 'PAID' | 'FAILED' | 'CANCELED' | 'REFUNDED' | 'PARTIALLY_REFUNDED'
export type CouponKind = 'PERCENT' | 'AMOUNT'

export interface PaymentOptions {
  providers: PaymentProvider[]
  platformFeePercent: number
}

/** What a learner pays and a creator earns, in the currency's minor units. */
export interface PriceQuote {
  listPriceCents: number
  discountCents: number
  amountCents: number
  currency: string
  couponCode: string | null
  platformFeePercent: number
  platformFeeCents: number
  creatorEarningsCents: number
}

export interface OrderRefund {
  id: string
  amountCents: number
  currency: string
  reason: string
  createdAt: string
}

export interface Order {
  id: string
  course: { id: string; slug: string; title: string; creator: { id: string; displayName: string } }
  buyer: { id: string; displayName: string; email: string | null }
  provider: PaymentProvider
  status: OrderStatus
  listPriceCents: number
  discountCents: number
  amountCents: number
  refundedCents: number
  currency: string
  couponCode: string | null
  failureMessage: string | null
  receiptNumber: string | null
  createdAt: string
  paidAt: string | null
  canceledAt: string | null
  refundedAt: string | null
  refunds: OrderRefund[]
}

/** Where to send the browser; with a 100% coupon `redirectUrl` is null and `enrolled` true. */
export interface Checkout {
  order: Order
  redirectUrl: string | null
  enrolled: boolean
}

export interface Coupon {
  id: string
  code: string
  course: { id: string; slug: string; title: string }
  kind: CouponKind
  percentOff: number | null
  amountOffCents: number | null
  currency: string | null
  expiresAt: string | null
  maxRedemptions: number | null
  redemptionCount: number
  active: boolean
  /** Why it cannot be used now ("Expired", "The course is now sold in EUR; …"); null when it can. */
  problem: string | null
  createdAt: string
}

export interface CouponInput {
  courseId: string
  code: string
  kind: CouponKind
  percentOff?: number
  amountOffCents?: number
  currency?: string
  expiresAt?: string
  maxRedemptions?: number
}

export interface EarningsTotal {
  currency: string
  sales: number
  grossCents: number
  feesCents: number
  refundsCents: number
  netCents: number
}

export interface EarningsRow extends EarningsTotal {
  courseId: string
  courseTitle: string
  /** YYYY-MM (UTC). */
  month: string
}

export interface Earnings {
  rows: EarningsRow[]
  totals: EarningsTotal[]
  csv: string
}
