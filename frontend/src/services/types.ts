/**
 * The shapes the app reads from the GraphQL API, by the names the components use. Each server
 * shape is the type `npm run codegen` generates from the server's schema.graphql files and the
 * app's own selections (fragments.graphql and the operations in the services), so a field the
 * server drops or makes nullable fails the type check instead of the page. App-only shapes (a
 * page of results with its nodes taken out of their edges, a face to show) are written here.
 */
import type {
  AuthPayloadFieldsFragment,
  CatalogQuery,
  CatalogSuggestionsQuery,
  CategoryFieldsFragment,
  CheckoutMutation,
  CouponFieldsFragment,
  CourseDetailFieldsFragment,
  CourseSummaryFieldsFragment,
  EnrollmentFieldsFragment,
  ImageFieldsFragment,
  LessonFieldsFragment,
  MediaFileFieldsFragment,
  MessageFieldsFragment,
  ModuleFieldsFragment,
  MyEarningsQuery,
  OrderFieldsFragment,
  PageInfoFieldsFragment,
  PasswordProblemsQuery,
  PaymentOptionsQuery,
  PriceQuoteFieldsFragment,
  ReviewFieldsFragment,
  RoomEventsSubscription,
  RoomFieldsFragment,
  UserFieldsFragment,
} from './generated/graphql'

export type {
  CouponInput,
  CouponKind,
  CourseLevel,
  CourseSort,
  CourseStatus,
  LessonKind,
  MediaKind,
  OrderStatus,
  PasswordProblemReason,
  PaymentProvider,
  Role,
  RoomEventType,
  RoomKind,
} from './generated/graphql'

// --- Media (edusphere/media/schema.graphql) -----------------------------------------------------

/**
 * A public image (cover, avatar) in several widths and formats: `url` is the largest variant in
 * the fallback format (JPEG or PNG), `srcset` that format's variants (`url 640w, ...`),
 * `placeholder` a tiny data: URI painted before the image arrives.
 */
export type Image = ImageFieldsFragment
/** One width in one format (webp, avif, jpeg or png). */
export type ImageVariant = Image['variants'][number]

/** A lesson's protected video or file; `url` is signed for the viewer and expires at `urlExpiresAt`. */
export type MediaFile = MediaFileFieldsFragment

/** Anyone shown with a face: a header, a chat message, a review. */
export interface Person {
  id: string
  displayName: string
  avatar?: Image | null
}

// --- Accounts (edusphere/auth/schema.graphql) ---------------------------------------------------

/** A rule the server would refuse a password for; `message` is a sentence to show as it is. */
export type PasswordProblem = PasswordProblemsQuery['passwordProblems'][number]

/**
 * The signed-in account. `emailVerified`: whether the owner followed a link mailed to `email`;
 * null for anyone but them and admins.
 */
export type User = UserFieldsFragment

export type AuthPayload = AuthPayloadFieldsFragment

// --- Courses (edusphere/courses/schema.graphql) -------------------------------------------------

export type Category = CategoryFieldsFragment
export type CourseSummary = CourseSummaryFieldsFragment
export type Lesson = LessonFieldsFragment
export type Module = ModuleFieldsFragment
export type Enrollment = EnrollmentFieldsFragment
export type Progress = Enrollment['progress']
export type Review = ReviewFieldsFragment
export type CourseDetail = CourseDetailFieldsFragment
export type PageInfo = PageInfoFieldsFragment

type Catalog = CatalogQuery['courses']
export type CategoryFacet = Catalog['facets']['categories'][number]
export type PriceBandFacet = Catalog['facets']['priceBands'][number]

/** A page of the catalog, its courses taken out of their edges. */
export interface CoursePage {
  courses: CourseSummary[]
  pageInfo: PageInfo
  totalCount: number
  facets: Catalog['facets']
  /** How the search text matched (null without text); `didYouMean` a correction to offer. */
  search: Catalog['search']
}

export type CatalogSearchInfo = NonNullable<Catalog['search']>
export type CatalogSuggestion = CatalogSuggestionsQuery['catalogSuggestions'][number]

// --- Chat (edusphere/chat/schema.graphql) -------------------------------------------------------

export type Message = MessageFieldsFragment
/** An upload attached to a chat message: an image (inline), or a video or file (a download). */
export type Attachment = Message['attachments'][number]
/** A chat member: the schema's ChatUser carries an id and a name only (chat shows initials). */
export type ChatUser = Message['author']
export type RoomEvent = RoomEventsSubscription['roomEvents']

/**
 * `latestSeq` and `epoch`: where to watch the room from without loading its history;
 * `viewerMutedUntil`: until when the viewer is muted in the course's chat (reads, cannot post).
 */
export type Room = RoomFieldsFragment

// --- Payments (edusphere/payments/schema.graphql) ----------------------------------------------

export type PaymentOptions = PaymentOptionsQuery['paymentOptions']

/** What a learner pays and a creator earns, in the currency's minor units. */
export type PriceQuote = PriceQuoteFieldsFragment

export type Order = OrderFieldsFragment
export type OrderRefund = Order['refunds'][number]

/** Where to send the browser; with a 100% coupon `redirectUrl` is null and `enrolled` true. */
export type Checkout = CheckoutMutation['checkout']

/** `problem`: why it cannot be used now ("Expired", "The course is now sold in EUR; …"); null when it can. */
export type Coupon = CouponFieldsFragment

export type Earnings = MyEarningsQuery['myEarnings']
export type EarningsTotal = Earnings['totals'][number]
/** A course's sales in one currency and month (`month`: YYYY-MM, UTC). */
export type EarningsRow = Earnings['rows'][number]
