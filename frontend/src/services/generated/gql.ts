/* eslint-disable */
import * as types from './graphql';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n      auditLog(filter: $filter, first: $first, after: $after) {\n        edges { node { ...AuditEntryFields } } pageInfo { ...PageInfoFields }\n      }\n    }": typeof types.AuditLogDocument,
    "query AdminCourses($filter: AdminCourseFilter, $sort: AdminCourseSort, $first: Int, $after: String) {\n      adminCourses(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...AdminCourseFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": typeof types.AdminCoursesDocument,
    "query AdminCourse($id: ID!) {\n      adminCourse(id: $id) { course { ...AdminCourseFields } revenue { currency sales grossCents refundedCents netCents } }\n    }": typeof types.AdminCourseDocument,
    "query AdminCourseEnrollments($id: ID!, $first: Int, $after: String) {\n      adminCourse(id: $id) {\n        enrollments(first: $first, after: $after) {\n          edges { node { ...AdminEnrollmentFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n        }\n      }\n    }": typeof types.AdminCourseEnrollmentsDocument,
    "\n        mutation AdminUnpublishCourse($id: ID!, $reason: String) { unpublishCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      ": typeof types.AdminUnpublishCourseDocument,
    "\n        mutation AdminArchiveCourse($id: ID!, $reason: String) { archiveCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      ": typeof types.AdminArchiveCourseDocument,
    "\n        mutation AdminRestoreCourse($id: ID!, $reason: String) { restoreCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      ": typeof types.AdminRestoreCourseDocument,
    "mutation SetCourseFeatured($id: ID!, $featured: Boolean!, $reason: String) {\n      setCourseFeatured(id: $id, featured: $featured, reason: $reason) { ...AdminCourseFields }\n    }": typeof types.SetCourseFeaturedDocument,
    "mutation RevokeEnrollment($id: ID!, $reason: String) { revokeEnrollment(enrollmentId: $id, reason: $reason) { ...AdminEnrollmentFields } }": typeof types.RevokeEnrollmentDocument,
    "query AdminDashboard($days: Int) {\n      adminDashboard(days: $days) {\n        usersByRole { role count active } coursesByStatus { status count } enrollments\n        salesByDay { day currency orders revenueCents refundedCents } openSockets\n        chatMessagesPerMinute { minute messages } writeBehind { backlog pending lagSeconds deadLetters } openReports\n        mail { pending sending dead deadLastHour oldestPendingSeconds }\n      }\n    }": typeof types.AdminDashboardDocument,
    "fragment AccountFields on User {\n  id\n  displayName\n  email\n}\n\nfragment AdminUserFields on User {\n  id\n  email\n  emailVerified\n  displayName\n  role\n  isActive\n  createdAt\n}\n\nfragment BulkOutcomeFields on BulkOutcome {\n  changed\n  unchanged\n}\n\nfragment AdminCourseFields on Course {\n  id\n  slug\n  title\n  subtitle\n  status\n  priceCents\n  currency\n  isFree\n  level\n  language\n  ratingAvg\n  ratingCount\n  enrollmentCount\n  lessonCount\n  createdAt\n  publishedAt\n  featuredAt\n  category {\n    ...CategoryFields\n  }\n  creator {\n    ...AccountFields\n  }\n}\n\nfragment AdminEnrollmentFields on Enrollment {\n  id\n  source\n  enrolledAt\n  revokedAt\n  learner {\n    ...AccountFields\n  }\n}\n\nfragment AdminReviewFields on Review {\n  id\n  rating\n  body\n  createdAt\n  updatedAt\n  hiddenAt\n  hiddenReason\n  author {\n    ...AccountFields\n  }\n  course {\n    id\n    slug\n    title\n  }\n}\n\nfragment MessageReportFields on MessageReport {\n  id\n  status\n  reason\n  createdAt\n  message {\n    ...MessageFields\n  }\n  reportedBody\n  author {\n    ...AccountFields\n  }\n  reporter {\n    ...AccountFields\n  }\n  roomId\n  roomName\n  courseId\n  courseTitle\n  context {\n    ...MessageFields\n  }\n  reportCount\n  resolvedAt\n  resolution\n}\n\nfragment ChatMuteFields on ChatMute {\n  id\n  courseId\n  user {\n    ...AccountFields\n  }\n  reason\n  createdAt\n  endsAt\n  liftedAt\n}\n\nfragment AuditEntryFields on AuditEntry {\n  id\n  action\n  actorId\n  actor {\n    id\n    displayName\n  }\n  targetType\n  targetId\n  before\n  after\n  reason\n  createdAt\n}": typeof types.AccountFieldsFragmentDoc,
    "query MessageReports($status: ReportStatus, $first: Int, $after: String) {\n      messageReports(status: $status, first: $first, after: $after) {\n        edges { node { ...MessageReportFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": typeof types.MessageReportsDocument,
    "mutation ResolveReport($id: ID!, $action: ReportAction!, $minutes: Int, $reason: String) {\n      resolveReport(reportId: $id, action: $action, muteMinutes: $minutes, reason: $reason) { ...MessageReportFields }\n    }": typeof types.ResolveReportDocument,
    "query ChatMutes($id: ID) { chatMutes(courseId: $id) { ...ChatMuteFields } }": typeof types.ChatMutesDocument,
    "mutation UnmuteMember($id: ID!, $reason: String) { unmuteMember(muteId: $id, reason: $reason) { ...ChatMuteFields } }": typeof types.UnmuteMemberDocument,
    "query AdminOrders($filter: OrderFilter, $first: Int, $after: String) {\n      orders(filter: $filter, first: $first, after: $after) {\n        edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": typeof types.AdminOrdersDocument,
    "query OrderTotals($filter: OrderFilter) { orderTotals(filter: $filter) { currency orders paidOrders amountCents refundedCents netCents } }": typeof types.OrderTotalsDocument,
    "query OrdersCsv($filter: OrderFilter) { ordersCsv(filter: $filter) }": typeof types.OrdersCsvDocument,
    "mutation RefundOrder($id: ID!, $amount: Int, $reason: String) { refundOrder(orderId: $id, amountCents: $amount, reason: $reason) { ...OrderFields } }": typeof types.RefundOrderDocument,
    "query AdminReviews($filter: AdminReviewFilter, $first: Int, $after: String) {\n      adminReviews(filter: $filter, first: $first, after: $after) {\n        edges { node { ...AdminReviewFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": typeof types.AdminReviewsDocument,
    "mutation HideReview($id: ID!, $reason: String!) { hideReview(id: $id, reason: $reason) { ...AdminReviewFields } }": typeof types.HideReviewDocument,
    "mutation RestoreReview($id: ID!, $reason: String!) { restoreReview(id: $id, reason: $reason) { ...AdminReviewFields } }": typeof types.RestoreReviewDocument,
    "mutation HideReviews($ids: [ID!]!, $reason: String!) { hideReviews(ids: $ids, reason: $reason) { ...BulkOutcomeFields } }": typeof types.HideReviewsDocument,
    "query AdminUsers($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {\n      users(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...AdminUserFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": typeof types.AdminUsersDocument,
    "query AdminUser($id: ID!) {\n      adminUser(id: $id) {\n        user { ...AdminUserFields }\n        sessions { id startedAt lastRefreshedAt expiresAt }\n        enrollments { id source enrolledAt revokedAt progress { percent } course { id slug title } }\n        courses { id slug title status enrollmentCount createdAt }\n        orders { id status provider amountCents refundedCents currency receiptNumber createdAt course { id slug title } }\n      }\n    }": typeof types.AdminUserDocument,
    "mutation SetUserRole($userId: ID!, $role: Role!, $reason: String) {\n      setUserRole(userId: $userId, role: $role, reason: $reason) { ...AdminUserFields }\n    }": typeof types.SetUserRoleDocument,
    "mutation SetUserActive($userId: ID!, $isActive: Boolean!, $reason: String) {\n      setUserActive(userId: $userId, isActive: $isActive, reason: $reason) { ...AdminUserFields }\n    }": typeof types.SetUserActiveDocument,
    "mutation SetUsersActive($userIds: [ID!]!, $isActive: Boolean!, $reason: String) {\n      setUsersActive(userIds: $userIds, isActive: $isActive, reason: $reason) { ...BulkOutcomeFields }\n    }": typeof types.SetUsersActiveDocument,
    "mutation EndUserSessions($userId: ID!, $reason: String) { endUserSessions(userId: $userId, reason: $reason) }": typeof types.EndUserSessionsDocument,
    "mutation SendVerificationEmail($userId: ID!, $reason: String) { sendVerificationEmail(userId: $userId, reason: $reason) }": typeof types.SendVerificationEmailDocument,
    "mutation SendPasswordResetEmail($userId: ID!, $reason: String) { sendPasswordResetEmail(userId: $userId, reason: $reason) }": typeof types.SendPasswordResetEmailDocument,
    "\n  mutation Refresh($token: String!) {\n    refreshToken(refreshToken: $token) { accessToken refreshToken }\n  }\n": typeof types.RefreshDocument,
    "mutation Register($input: RegisterInput!) { register(input: $input) { ...AuthPayloadFields } }": typeof types.RegisterDocument,
    "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ...AuthPayloadFields } }": typeof types.LoginDocument,
    "query Me { me { ...UserFields } }": typeof types.MeDocument,
    "mutation Logout($token: String!) { logout(refreshToken: $token) }": typeof types.LogoutDocument,
    "mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { ...UserFields } }": typeof types.ProfileDocument,
    "mutation Password($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }": typeof types.PasswordDocument,
    "query PasswordProblems($password: String!, $email: String, $displayName: String) {\n  passwordProblems(password: $password, email: $email, displayName: $displayName) { reason message } }": typeof types.PasswordProblemsDocument,
    "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }": typeof types.VerifyEmailDocument,
    "mutation ResendVerification { resendVerification }": typeof types.ResendVerificationDocument,
    "mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }": typeof types.RequestPasswordResetDocument,
    "mutation ResetPassword($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }": typeof types.ResetPasswordDocument,
    "mutation RequestEmailChange($email: String!, $password: String!) { requestEmailChange(newEmail: $email, password: $password) }": typeof types.RequestEmailChangeDocument,
    "mutation ConfirmEmailChange($token: String!) { confirmEmailChange(token: $token) }": typeof types.ConfirmEmailChangeDocument,
    "query CertificatePage($id: ID!) {\n      certificate(id: $id) { id learnerName courseTitle courseSlug creatorName issuedAt valid revokedAt imageUrl }\n    }": typeof types.CertificatePageDocument,
    "query Rooms($id: ID!) { rooms(courseId: $id) { ...RoomFields } }": typeof types.RoomsDocument,
    "query History($id: ID!, $before: Int, $last: Int) { messages(roomId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }": typeof types.HistoryDocument,
    "mutation Send($id: ID!, $body: String!, $clientId: String!, $threadId: ID, $attachmentIds: [ID!]) {\n      sendMessage(roomId: $id, body: $body, clientId: $clientId, threadId: $threadId, attachmentIds: $attachmentIds) { ...MessageFields }\n    }": typeof types.SendDocument,
    "query ChatThread($id: ID!, $before: Int, $last: Int) { thread(messageId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }": typeof types.ChatThreadDocument,
    "mutation AddReaction($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }": typeof types.AddReactionDocument,
    "mutation RemoveReaction($id: ID!, $emoji: String!) { removeReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }": typeof types.RemoveReactionDocument,
    "mutation PinMessage($id: ID!) { pinMessage(messageId: $id) { ...MessageFields } }": typeof types.PinMessageDocument,
    "mutation UnpinMessage($id: ID!) { unpinMessage(messageId: $id) { ...MessageFields } }": typeof types.UnpinMessageDocument,
    "mutation ChatMarkAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...MessageFields } }": typeof types.ChatMarkAnswerDocument,
    "mutation Edit($id: ID!, $body: String!) { editMessage(messageId: $id, body: $body) { ...MessageFields } }": typeof types.EditDocument,
    "mutation Delete($id: ID!) { deleteMessage(messageId: $id) }": typeof types.DeleteDocument,
    "mutation ReportMessage($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id status } }": typeof types.ReportMessageDocument,
    "mutation Typing($id: ID!) { setTyping(roomId: $id) }": typeof types.TypingDocument,
    "mutation Read($id: ID!, $seq: Int!) { markRead(roomId: $id, seq: $seq) { id lastReadSeq unreadCount } }": typeof types.ReadDocument,
    "mutation CreateRoom($id: ID!, $name: String!, $announcements: Boolean) { createRoom(courseId: $id, name: $name, announcements: $announcements) { ...RoomFields } }": typeof types.CreateRoomDocument,
    "\n  subscription RoomEvents($roomId: ID!, $since: Int, $epoch: String) {\n    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {\n      type seq epoch recovered message { ...MessageFields } thread { ...MessageFields } user { id displayName } emoji added\n    }\n  }\n": typeof types.RoomEventsDocument,
    "query ChatAttachment($messageId: ID!, $id: ID!) { attachment(messageId: $messageId, id: $id) { ...AttachmentFields } }": typeof types.ChatAttachmentDocument,
    "fragment AttachmentFields on Attachment {\n  id\n  kind\n  name\n  mimeType\n  sizeBytes\n  image {\n    ...ImageFields\n  }\n  file {\n    ...MediaFileFields\n  }\n}\n\nfragment DirectRoomFields on Room {\n  id\n  slug\n  name\n  kind\n  courseId\n  unreadCount\n  unreadMentions\n  latestSeq\n  directMember {\n    id\n    displayName\n  }\n}": typeof types.AttachmentFieldsFragmentDoc,
    "query ChatRoomMembers($id: ID!, $query: String, $first: Int) { room(id: $id) { id members(query: $query, first: $first) { id displayName } } }": typeof types.ChatRoomMembersDocument,
    "query ChatDirectRooms($id: ID!) { rooms(courseId: $id) { ...DirectRoomFields } }": typeof types.ChatDirectRoomsDocument,
    "mutation ChatOpenDirectRoom($courseId: ID!, $userId: ID!) { directRoom(courseId: $courseId, userId: $userId) { ...DirectRoomFields } }": typeof types.ChatOpenDirectRoomDocument,
    "query ChatPinnedMessages($id: ID!) { room(id: $id) { id pinnedMessages { ...QuestionMessageFields pinnedAt } } }": typeof types.ChatPinnedMessagesDocument,
    "mutation ChatUnpinMessage($id: ID!) { unpinMessage(messageId: $id) { id pinned } }": typeof types.ChatUnpinMessageDocument,
    "query SearchMessages($courseId: ID!, $query: String!, $roomId: ID, $order: MessageSearchOrder, $first: Int, $after: String) {\n      searchMessages(courseId: $courseId, query: $query, roomId: $roomId, order: $order, first: $first, after: $after) {\n        edges { node {\n          aroundSeq\n          message { id seq roomId threadId createdAt editedAt author { id displayName } }\n          room { id slug name kind }\n          snippet { text highlighted }\n        } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }": typeof types.SearchMessagesDocument,
    "query MessagesAround($id: ID!, $around: Int, $last: Int) {\n      messages(roomId: $id, around: $around, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }\n    }": typeof types.MessagesAroundDocument,
    "query MessagesAfter($id: ID!, $after: Int, $last: Int) {\n      messages(roomId: $id, after: $after, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }\n    }": typeof types.MessagesAfterDocument,
    "query ChatSettingsOf($slug: String!) { course(slug: $slug) { id chatSettings { learnerDirectMessages } } }": typeof types.ChatSettingsOfDocument,
    "mutation UpdateChatSettings($id: ID!, $value: Boolean!) { updateChatSettings(courseId: $id, learnerDirectMessages: $value) { learnerDirectMessages } }": typeof types.UpdateChatSettingsDocument,
    "query Catalog($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {\n      courses(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...CourseSummaryFields } }\n        pageInfo { ...PageInfoFields }\n        totalCount\n        facets { categories { slug name count } priceBands { key label minCents maxCents count } }\n        search { text mode didYouMean }\n      }\n    }": typeof types.CatalogDocument,
    "query CatalogSuggestions($text: String!) {\n      catalogSuggestions(text: $text) { kind label courseSlug categorySlug creatorId detail }\n    }": typeof types.CatalogSuggestionsDocument,
    "query Featured { featuredCourses { ...CourseSummaryFields } }": typeof types.FeaturedDocument,
    "query Categories { categories { ...CategoryFields } }": typeof types.CategoriesDocument,
    "query Course($slug: String!) { course(slug: $slug) { ...CourseDetailFields } }": typeof types.CourseDocument,
    "query Reviews($slug: String!, $after: String) {\n      course(slug: $slug) { reviews(first: 10, after: $after) { edges { node { ...ReviewFields } } pageInfo { ...PageInfoFields } } }\n    }": typeof types.ReviewsDocument,
    "mutation Enroll($id: ID!) { enroll(courseId: $id) { ...EnrollmentFields } }": typeof types.EnrollDocument,
    "query MyLearning { myLearning { ...EnrollmentFields course { ...CourseSummaryFields } } }": typeof types.MyLearningDocument,
    "mutation Complete($id: ID!) { completeLesson(lessonId: $id) { completedAt } }": typeof types.CompleteDocument,
    "mutation Uncomplete($id: ID!) { uncompleteLesson(lessonId: $id) }": typeof types.UncompleteDocument,
    "mutation Review($id: ID!, $rating: Int!, $body: String) { submitReview(courseId: $id, rating: $rating, body: $body) { ...ReviewFields } }": typeof types.ReviewDocument,
    "mutation EditReview($id: ID!, $rating: Int, $body: String) { updateReview(id: $id, rating: $rating, body: $body) { ...ReviewFields } }": typeof types.EditReviewDocument,
    "query PublicationChecklist($slug: String!) { course(slug: $slug) { id publicationChecklist } }": typeof types.PublicationChecklistDocument,
    "query MyCourses { myCourses { ...StudioCourseFields } }": typeof types.MyCoursesDocument,
    "mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { ...StudioCourseFields } }": typeof types.CreateCourseDocument,
    "mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { ...StudioCourseFields } }": typeof types.UpdateCourseDocument,
    "mutation PublishCourse($id: ID!) { publishCourse(id: $id) { ...StudioCourseFields } }": typeof types.PublishCourseDocument,
    "mutation UnpublishCourse($id: ID!) { unpublishCourse(id: $id) { ...StudioCourseFields } }": typeof types.UnpublishCourseDocument,
    "mutation ArchiveCourse($id: ID!) { archiveCourse(id: $id) { ...StudioCourseFields } }": typeof types.ArchiveCourseDocument,
    "mutation CreateModule($id: ID!, $title: String!) { createModule(courseId: $id, title: $title) { ...ModuleFields } }": typeof types.CreateModuleDocument,
    "mutation UpdateModule($id: ID!, $title: String!) { updateModule(id: $id, title: $title) { id } }": typeof types.UpdateModuleDocument,
    "mutation SetModuleOpensAfterDays($id: ID!, $days: Int!) { updateModule(id: $id, opensAfterDays: $days) { id opensAfterDays } }": typeof types.SetModuleOpensAfterDaysDocument,
    "mutation DeleteModule($id: ID!) { deleteModule(id: $id) }": typeof types.DeleteModuleDocument,
    "mutation ReorderModules($id: ID!, $ids: [ID!]!) { reorderModules(courseId: $id, moduleIds: $ids) { id } }": typeof types.ReorderModulesDocument,
    "mutation CreateLesson($id: ID!, $input: LessonInput!) { createLesson(moduleId: $id, input: $input) { ...LessonFields } }": typeof types.CreateLessonDocument,
    "mutation UpdateLesson($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { ...LessonFields } }": typeof types.UpdateLessonDocument,
    "mutation DeleteLesson($id: ID!) { deleteLesson(id: $id) }": typeof types.DeleteLessonDocument,
    "mutation ReorderLessons($id: ID!, $ids: [ID!]!) { reorderLessons(moduleId: $id, lessonIds: $ids) { id } }": typeof types.ReorderLessonsDocument,
    "query DevMailbox($first: Int) { devMailbox(first: $first) { id from to subject date messageId text html htmlUrl } }": typeof types.DevMailboxDocument,
    "query DevMailboxEnabled { devMailboxEnabled }": typeof types.DevMailboxEnabledDocument,
    "fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}\n\nfragment ImageFields on Image {\n  id\n  width\n  height\n  url\n  srcset\n  placeholder\n  variants {\n    url\n    width\n    height\n    format\n    mimeType\n  }\n}\n\nfragment MediaFileFields on MediaFile {\n  id\n  kind\n  mimeType\n  sizeBytes\n  name\n  durationSeconds\n  url\n  urlExpiresAt\n}\n\nfragment UserFields on User {\n  id\n  email\n  emailVerified\n  displayName\n  role\n  avatar {\n    ...ImageFields\n  }\n}\n\nfragment AuthPayloadFields on AuthPayload {\n  accessToken\n  refreshToken\n  user {\n    ...UserFields\n  }\n}\n\nfragment CategoryFields on Category {\n  id\n  slug\n  name\n}\n\nfragment CourseSummaryFields on Course {\n  id\n  slug\n  title\n  subtitle\n  priceCents\n  currency\n  isFree\n  level\n  language\n  ratingAvg\n  ratingCount\n  enrollmentCount\n  lessonCount\n  category {\n    ...CategoryFields\n  }\n  creator {\n    id\n    displayName\n  }\n  cover {\n    ...ImageFields\n  }\n}\n\nfragment LessonFields on Lesson {\n  id\n  title\n  kind\n  position\n  durationSeconds\n  isPreview\n  body\n  videoUrl\n  completed\n  locked\n  opensAt\n  asset {\n    ...MediaFileFields\n  }\n}\n\nfragment ModuleFields on Module {\n  id\n  title\n  position\n  opensAfterDays\n  opensAt\n  locked\n  lessons {\n    ...LessonFields\n  }\n}\n\nfragment EnrollmentFields on Enrollment {\n  id\n  enrolledAt\n  progress {\n    completedLessons\n    totalLessons\n    percent\n  }\n  nextLesson {\n    id\n    title\n    locked\n    opensAt\n  }\n  certificate {\n    id\n    valid\n  }\n}\n\nfragment ReviewFields on Review {\n  id\n  rating\n  body\n  author {\n    id\n    displayName\n    avatar {\n      ...ImageFields\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nfragment CourseDetailFields on Course {\n  ...CourseSummaryFields\n  description\n  status\n  modules {\n    ...ModuleFields\n  }\n  ratingHistogram {\n    rating\n    count\n  }\n  viewerEnrollment {\n    ...EnrollmentFields\n  }\n  viewerReview {\n    ...ReviewFields\n  }\n  publicationChecklist\n}\n\nfragment StudioCourseFields on Course {\n  ...CourseSummaryFields\n  status\n  description\n  publicationChecklist\n}\n\nfragment MessageFields on Message {\n  id\n  seq\n  roomId\n  author {\n    id\n    displayName\n  }\n  body\n  createdAt\n  editedAt\n  deleted\n  clientId\n  threadId\n  replyCount\n  lastReplyAt\n  lessonId\n  answerId\n  pinned\n  pinnedAt\n  reactions {\n    emoji\n    count\n    users {\n      id\n      displayName\n    }\n  }\n  viewerReactions\n  mentions {\n    id\n    displayName\n  }\n  mentionsHere\n  attachments {\n    ...AttachmentFields\n  }\n  editHistory {\n    body\n    replacedAt\n  }\n}\n\nfragment RoomFields on Room {\n  id\n  slug\n  name\n  kind\n  courseId\n  canPost\n  lastReadSeq\n  unreadCount\n  onlineMembers {\n    id\n    displayName\n  }\n  latestSeq\n  epoch\n  viewerMutedUntil\n}\n\nfragment PriceQuoteFields on PriceQuote {\n  listPriceCents\n  discountCents\n  amountCents\n  currency\n  couponCode\n  platformFeePercent\n  platformFeeCents\n  creatorEarningsCents\n}\n\nfragment OrderFields on Order {\n  id\n  status\n  provider\n  listPriceCents\n  discountCents\n  amountCents\n  refundedCents\n  currency\n  couponCode\n  failureMessage\n  receiptNumber\n  createdAt\n  paidAt\n  canceledAt\n  refundedAt\n  course {\n    id\n    slug\n    title\n    creator {\n      id\n      displayName\n    }\n  }\n  buyer {\n    id\n    displayName\n    email\n  }\n  refunds {\n    id\n    amountCents\n    currency\n    reason\n    createdAt\n  }\n}\n\nfragment CouponFields on Coupon {\n  id\n  code\n  kind\n  percentOff\n  amountOffCents\n  currency\n  expiresAt\n  maxRedemptions\n  redemptionCount\n  active\n  problem\n  createdAt\n  course {\n    id\n    slug\n    title\n  }\n}\n\nfragment CourseNotificationSettingFields on CourseNotificationSetting {\n  enabled\n  course {\n    id\n    slug\n    title\n  }\n}": typeof types.PageInfoFieldsFragmentDoc,
    "query Home($continueFirst: Int, $recommendedFirst: Int) {\n      continueLearning(first: $continueFirst) {\n        course { ...CourseSummaryFields }\n        nextLesson { id title kind durationSeconds locked opensAt }\n        progress { completedLessons totalLessons percent }\n        lastActivityAt\n      }\n      recommendedCourses(first: $recommendedFirst) { ...CourseSummaryFields }\n    }": typeof types.HomeDocument,
    "mutation Cover($course: ID!, $asset: ID) { setCourseCover(courseId: $course, assetId: $asset) { id cover { ...ImageFields } } }": typeof types.CoverDocument,
    "mutation Avatar($asset: ID) { setAvatar(assetId: $asset) { id email displayName role avatar { ...ImageFields } } }": typeof types.AvatarDocument,
    "mutation LessonAsset($lesson: ID!, $asset: ID) { setLessonAsset(lessonId: $lesson, assetId: $asset) { id asset { ...MediaFileFields } } }": typeof types.LessonAssetDocument,
    "query MyMentions($first: Int, $after: String) {\n      myMentions(first: $first, after: $after) { edges { node { ...QuestionMessageFields } } pageInfo { hasNextPage endCursor } }\n    }": typeof types.MyMentionsDocument,
    "query UnreadMentionCount { unreadMentionCount }": typeof types.UnreadMentionCountDocument,
    "query MentionLearningCourses { myLearning { id course { id slug title } } }": typeof types.MentionLearningCoursesDocument,
    "query MentionOwnCourses { myCourses { id slug title } }": typeof types.MentionOwnCoursesDocument,
    "query MentionAdminCourse($id: ID!) { adminCourse(id: $id) { course { id slug title } } }": typeof types.MentionAdminCourseDocument,
    "query MentionRoom($id: ID!) { room(id: $id) { id slug name courseId } }": typeof types.MentionRoomDocument,
    "query NotificationSettings { notificationSettings { ...CourseNotificationSettingFields } }": typeof types.NotificationSettingsDocument,
    "mutation SetCourseNotifications($id: ID!, $enabled: Boolean!) {\n      setCourseNotifications(courseId: $id, enabled: $enabled) { ...CourseNotificationSettingFields }\n    }": typeof types.SetCourseNotificationsDocument,
    "query PaymentOptions { paymentOptions { providers platformFeePercent } }": typeof types.PaymentOptionsDocument,
    "query PriceQuote($id: ID!, $code: String) { priceQuote(courseId: $id, couponCode: $code) { ...PriceQuoteFields } }": typeof types.PriceQuoteDocument,
    "query FeeEstimate($cents: Int!, $currency: String!) { feeEstimate(priceCents: $cents, currency: $currency) { ...PriceQuoteFields } }": typeof types.FeeEstimateDocument,
    "mutation Checkout($id: ID!, $provider: PaymentProvider!, $code: String) {\n      checkout(courseId: $id, provider: $provider, couponCode: $code) { redirectUrl enrolled order { ...OrderFields } }\n    }": typeof types.CheckoutDocument,
    "mutation ConfirmCheckout($id: ID!) { confirmCheckout(orderId: $id) { ...OrderFields } }": typeof types.ConfirmCheckoutDocument,
    "mutation CancelCheckout($id: ID!) { cancelCheckout(orderId: $id) { ...OrderFields } }": typeof types.CancelCheckoutDocument,
    "mutation CompleteTestPayment($id: ID!, $approve: Boolean!) { completeTestPayment(orderId: $id, approve: $approve) { ...OrderFields } }": typeof types.CompleteTestPaymentDocument,
    "query Order($id: ID!) { order(id: $id) { ...OrderFields } }": typeof types.OrderDocument,
    "query MyOrders($first: Int, $after: String) {\n      myOrders(first: $first, after: $after) { edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } }\n    }": typeof types.MyOrdersDocument,
    "query MyCoupons($id: ID) { myCoupons(courseId: $id) { ...CouponFields } }": typeof types.MyCouponsDocument,
    "mutation CreateCoupon($input: CouponInput!) { createCoupon(input: $input) { ...CouponFields } }": typeof types.CreateCouponDocument,
    "mutation DisableCoupon($id: ID!) { disableCoupon(id: $id) { ...CouponFields } }": typeof types.DisableCouponDocument,
    "query MyEarnings {\n      myEarnings {\n        rows { courseId courseTitle month currency sales grossCents feesCents refundsCents netCents }\n        totals { currency sales grossCents feesCents refundsCents netCents }\n        csv\n      }\n    }": typeof types.MyEarningsDocument,
    "fragment QuestionMessageFields on Message {\n  id\n  seq\n  roomId\n  threadId\n  lessonId\n  author {\n    id\n    displayName\n  }\n  body\n  createdAt\n  editedAt\n  deleted\n  mentions {\n    id\n    displayName\n  }\n  mentionsHere\n  replyCount\n  lastReplyAt\n  answerId\n}\n\nfragment QuestionFields on Message {\n  ...QuestionMessageFields\n  answer {\n    ...QuestionMessageFields\n  }\n}": typeof types.QuestionMessageFieldsFragmentDoc,
    "query LessonQuestionList($id: ID!, $first: Int, $after: String) {\n      lessonQuestions(lessonId: $id, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }\n    }": typeof types.LessonQuestionListDocument,
    "query StudioUnansweredQuestions($courseId: ID, $first: Int, $after: String) {\n      unansweredQuestions(courseId: $courseId, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }\n    }": typeof types.StudioUnansweredQuestionsDocument,
    "query LessonQuestionRooms($id: ID!) { rooms(courseId: $id) { id slug kind canPost latestSeq epoch } }": typeof types.LessonQuestionRoomsDocument,
    "mutation AskLessonQuestion($roomId: ID!, $body: String!, $clientId: String!, $lessonId: ID!) {\n      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, lessonId: $lessonId) { ...QuestionFields }\n    }": typeof types.AskLessonQuestionDocument,
    "mutation LessonQuestionReply($roomId: ID!, $body: String!, $clientId: String!, $threadId: ID!) {\n      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, threadId: $threadId) { ...QuestionMessageFields }\n    }": typeof types.LessonQuestionReplyDocument,
    "query LessonQuestionThread($id: ID!, $last: Int) { thread(messageId: $id, last: $last) { messages { ...QuestionMessageFields } hasMore } }": typeof types.LessonQuestionThreadDocument,
    "mutation MarkLessonAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...QuestionFields } }": typeof types.MarkLessonAnswerDocument,
    "\n  subscription LessonQuestionEvents($roomId: ID!, $since: Int, $epoch: String) {\n    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {\n      type seq epoch message { ...QuestionFields } thread { id replyCount lastReplyAt }\n    }\n  }\n": typeof types.LessonQuestionEventsDocument,
    "query StudioQuestionPlaces { myCourses { id slug title modules { lessons { id title } } } }": typeof types.StudioQuestionPlacesDocument,
};
const documents: Documents = {
    "query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n      auditLog(filter: $filter, first: $first, after: $after) {\n        edges { node { ...AuditEntryFields } } pageInfo { ...PageInfoFields }\n      }\n    }": types.AuditLogDocument,
    "query AdminCourses($filter: AdminCourseFilter, $sort: AdminCourseSort, $first: Int, $after: String) {\n      adminCourses(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...AdminCourseFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": types.AdminCoursesDocument,
    "query AdminCourse($id: ID!) {\n      adminCourse(id: $id) { course { ...AdminCourseFields } revenue { currency sales grossCents refundedCents netCents } }\n    }": types.AdminCourseDocument,
    "query AdminCourseEnrollments($id: ID!, $first: Int, $after: String) {\n      adminCourse(id: $id) {\n        enrollments(first: $first, after: $after) {\n          edges { node { ...AdminEnrollmentFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n        }\n      }\n    }": types.AdminCourseEnrollmentsDocument,
    "\n        mutation AdminUnpublishCourse($id: ID!, $reason: String) { unpublishCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      ": types.AdminUnpublishCourseDocument,
    "\n        mutation AdminArchiveCourse($id: ID!, $reason: String) { archiveCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      ": types.AdminArchiveCourseDocument,
    "\n        mutation AdminRestoreCourse($id: ID!, $reason: String) { restoreCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      ": types.AdminRestoreCourseDocument,
    "mutation SetCourseFeatured($id: ID!, $featured: Boolean!, $reason: String) {\n      setCourseFeatured(id: $id, featured: $featured, reason: $reason) { ...AdminCourseFields }\n    }": types.SetCourseFeaturedDocument,
    "mutation RevokeEnrollment($id: ID!, $reason: String) { revokeEnrollment(enrollmentId: $id, reason: $reason) { ...AdminEnrollmentFields } }": types.RevokeEnrollmentDocument,
    "query AdminDashboard($days: Int) {\n      adminDashboard(days: $days) {\n        usersByRole { role count active } coursesByStatus { status count } enrollments\n        salesByDay { day currency orders revenueCents refundedCents } openSockets\n        chatMessagesPerMinute { minute messages } writeBehind { backlog pending lagSeconds deadLetters } openReports\n        mail { pending sending dead deadLastHour oldestPendingSeconds }\n      }\n    }": types.AdminDashboardDocument,
    "fragment AccountFields on User {\n  id\n  displayName\n  email\n}\n\nfragment AdminUserFields on User {\n  id\n  email\n  emailVerified\n  displayName\n  role\n  isActive\n  createdAt\n}\n\nfragment BulkOutcomeFields on BulkOutcome {\n  changed\n  unchanged\n}\n\nfragment AdminCourseFields on Course {\n  id\n  slug\n  title\n  subtitle\n  status\n  priceCents\n  currency\n  isFree\n  level\n  language\n  ratingAvg\n  ratingCount\n  enrollmentCount\n  lessonCount\n  createdAt\n  publishedAt\n  featuredAt\n  category {\n    ...CategoryFields\n  }\n  creator {\n    ...AccountFields\n  }\n}\n\nfragment AdminEnrollmentFields on Enrollment {\n  id\n  source\n  enrolledAt\n  revokedAt\n  learner {\n    ...AccountFields\n  }\n}\n\nfragment AdminReviewFields on Review {\n  id\n  rating\n  body\n  createdAt\n  updatedAt\n  hiddenAt\n  hiddenReason\n  author {\n    ...AccountFields\n  }\n  course {\n    id\n    slug\n    title\n  }\n}\n\nfragment MessageReportFields on MessageReport {\n  id\n  status\n  reason\n  createdAt\n  message {\n    ...MessageFields\n  }\n  reportedBody\n  author {\n    ...AccountFields\n  }\n  reporter {\n    ...AccountFields\n  }\n  roomId\n  roomName\n  courseId\n  courseTitle\n  context {\n    ...MessageFields\n  }\n  reportCount\n  resolvedAt\n  resolution\n}\n\nfragment ChatMuteFields on ChatMute {\n  id\n  courseId\n  user {\n    ...AccountFields\n  }\n  reason\n  createdAt\n  endsAt\n  liftedAt\n}\n\nfragment AuditEntryFields on AuditEntry {\n  id\n  action\n  actorId\n  actor {\n    id\n    displayName\n  }\n  targetType\n  targetId\n  before\n  after\n  reason\n  createdAt\n}": types.AccountFieldsFragmentDoc,
    "query MessageReports($status: ReportStatus, $first: Int, $after: String) {\n      messageReports(status: $status, first: $first, after: $after) {\n        edges { node { ...MessageReportFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": types.MessageReportsDocument,
    "mutation ResolveReport($id: ID!, $action: ReportAction!, $minutes: Int, $reason: String) {\n      resolveReport(reportId: $id, action: $action, muteMinutes: $minutes, reason: $reason) { ...MessageReportFields }\n    }": types.ResolveReportDocument,
    "query ChatMutes($id: ID) { chatMutes(courseId: $id) { ...ChatMuteFields } }": types.ChatMutesDocument,
    "mutation UnmuteMember($id: ID!, $reason: String) { unmuteMember(muteId: $id, reason: $reason) { ...ChatMuteFields } }": types.UnmuteMemberDocument,
    "query AdminOrders($filter: OrderFilter, $first: Int, $after: String) {\n      orders(filter: $filter, first: $first, after: $after) {\n        edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": types.AdminOrdersDocument,
    "query OrderTotals($filter: OrderFilter) { orderTotals(filter: $filter) { currency orders paidOrders amountCents refundedCents netCents } }": types.OrderTotalsDocument,
    "query OrdersCsv($filter: OrderFilter) { ordersCsv(filter: $filter) }": types.OrdersCsvDocument,
    "mutation RefundOrder($id: ID!, $amount: Int, $reason: String) { refundOrder(orderId: $id, amountCents: $amount, reason: $reason) { ...OrderFields } }": types.RefundOrderDocument,
    "query AdminReviews($filter: AdminReviewFilter, $first: Int, $after: String) {\n      adminReviews(filter: $filter, first: $first, after: $after) {\n        edges { node { ...AdminReviewFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": types.AdminReviewsDocument,
    "mutation HideReview($id: ID!, $reason: String!) { hideReview(id: $id, reason: $reason) { ...AdminReviewFields } }": types.HideReviewDocument,
    "mutation RestoreReview($id: ID!, $reason: String!) { restoreReview(id: $id, reason: $reason) { ...AdminReviewFields } }": types.RestoreReviewDocument,
    "mutation HideReviews($ids: [ID!]!, $reason: String!) { hideReviews(ids: $ids, reason: $reason) { ...BulkOutcomeFields } }": types.HideReviewsDocument,
    "query AdminUsers($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {\n      users(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...AdminUserFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }": types.AdminUsersDocument,
    "query AdminUser($id: ID!) {\n      adminUser(id: $id) {\n        user { ...AdminUserFields }\n        sessions { id startedAt lastRefreshedAt expiresAt }\n        enrollments { id source enrolledAt revokedAt progress { percent } course { id slug title } }\n        courses { id slug title status enrollmentCount createdAt }\n        orders { id status provider amountCents refundedCents currency receiptNumber createdAt course { id slug title } }\n      }\n    }": types.AdminUserDocument,
    "mutation SetUserRole($userId: ID!, $role: Role!, $reason: String) {\n      setUserRole(userId: $userId, role: $role, reason: $reason) { ...AdminUserFields }\n    }": types.SetUserRoleDocument,
    "mutation SetUserActive($userId: ID!, $isActive: Boolean!, $reason: String) {\n      setUserActive(userId: $userId, isActive: $isActive, reason: $reason) { ...AdminUserFields }\n    }": types.SetUserActiveDocument,
    "mutation SetUsersActive($userIds: [ID!]!, $isActive: Boolean!, $reason: String) {\n      setUsersActive(userIds: $userIds, isActive: $isActive, reason: $reason) { ...BulkOutcomeFields }\n    }": types.SetUsersActiveDocument,
    "mutation EndUserSessions($userId: ID!, $reason: String) { endUserSessions(userId: $userId, reason: $reason) }": types.EndUserSessionsDocument,
    "mutation SendVerificationEmail($userId: ID!, $reason: String) { sendVerificationEmail(userId: $userId, reason: $reason) }": types.SendVerificationEmailDocument,
    "mutation SendPasswordResetEmail($userId: ID!, $reason: String) { sendPasswordResetEmail(userId: $userId, reason: $reason) }": types.SendPasswordResetEmailDocument,
    "\n  mutation Refresh($token: String!) {\n    refreshToken(refreshToken: $token) { accessToken refreshToken }\n  }\n": types.RefreshDocument,
    "mutation Register($input: RegisterInput!) { register(input: $input) { ...AuthPayloadFields } }": types.RegisterDocument,
    "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ...AuthPayloadFields } }": types.LoginDocument,
    "query Me { me { ...UserFields } }": types.MeDocument,
    "mutation Logout($token: String!) { logout(refreshToken: $token) }": types.LogoutDocument,
    "mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { ...UserFields } }": types.ProfileDocument,
    "mutation Password($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }": types.PasswordDocument,
    "query PasswordProblems($password: String!, $email: String, $displayName: String) {\n  passwordProblems(password: $password, email: $email, displayName: $displayName) { reason message } }": types.PasswordProblemsDocument,
    "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }": types.VerifyEmailDocument,
    "mutation ResendVerification { resendVerification }": types.ResendVerificationDocument,
    "mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }": types.RequestPasswordResetDocument,
    "mutation ResetPassword($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }": types.ResetPasswordDocument,
    "mutation RequestEmailChange($email: String!, $password: String!) { requestEmailChange(newEmail: $email, password: $password) }": types.RequestEmailChangeDocument,
    "mutation ConfirmEmailChange($token: String!) { confirmEmailChange(token: $token) }": types.ConfirmEmailChangeDocument,
    "query CertificatePage($id: ID!) {\n      certificate(id: $id) { id learnerName courseTitle courseSlug creatorName issuedAt valid revokedAt imageUrl }\n    }": types.CertificatePageDocument,
    "query Rooms($id: ID!) { rooms(courseId: $id) { ...RoomFields } }": types.RoomsDocument,
    "query History($id: ID!, $before: Int, $last: Int) { messages(roomId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }": types.HistoryDocument,
    "mutation Send($id: ID!, $body: String!, $clientId: String!, $threadId: ID, $attachmentIds: [ID!]) {\n      sendMessage(roomId: $id, body: $body, clientId: $clientId, threadId: $threadId, attachmentIds: $attachmentIds) { ...MessageFields }\n    }": types.SendDocument,
    "query ChatThread($id: ID!, $before: Int, $last: Int) { thread(messageId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }": types.ChatThreadDocument,
    "mutation AddReaction($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }": types.AddReactionDocument,
    "mutation RemoveReaction($id: ID!, $emoji: String!) { removeReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }": types.RemoveReactionDocument,
    "mutation PinMessage($id: ID!) { pinMessage(messageId: $id) { ...MessageFields } }": types.PinMessageDocument,
    "mutation UnpinMessage($id: ID!) { unpinMessage(messageId: $id) { ...MessageFields } }": types.UnpinMessageDocument,
    "mutation ChatMarkAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...MessageFields } }": types.ChatMarkAnswerDocument,
    "mutation Edit($id: ID!, $body: String!) { editMessage(messageId: $id, body: $body) { ...MessageFields } }": types.EditDocument,
    "mutation Delete($id: ID!) { deleteMessage(messageId: $id) }": types.DeleteDocument,
    "mutation ReportMessage($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id status } }": types.ReportMessageDocument,
    "mutation Typing($id: ID!) { setTyping(roomId: $id) }": types.TypingDocument,
    "mutation Read($id: ID!, $seq: Int!) { markRead(roomId: $id, seq: $seq) { id lastReadSeq unreadCount } }": types.ReadDocument,
    "mutation CreateRoom($id: ID!, $name: String!, $announcements: Boolean) { createRoom(courseId: $id, name: $name, announcements: $announcements) { ...RoomFields } }": types.CreateRoomDocument,
    "\n  subscription RoomEvents($roomId: ID!, $since: Int, $epoch: String) {\n    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {\n      type seq epoch recovered message { ...MessageFields } thread { ...MessageFields } user { id displayName } emoji added\n    }\n  }\n": types.RoomEventsDocument,
    "query ChatAttachment($messageId: ID!, $id: ID!) { attachment(messageId: $messageId, id: $id) { ...AttachmentFields } }": types.ChatAttachmentDocument,
    "fragment AttachmentFields on Attachment {\n  id\n  kind\n  name\n  mimeType\n  sizeBytes\n  image {\n    ...ImageFields\n  }\n  file {\n    ...MediaFileFields\n  }\n}\n\nfragment DirectRoomFields on Room {\n  id\n  slug\n  name\n  kind\n  courseId\n  unreadCount\n  unreadMentions\n  latestSeq\n  directMember {\n    id\n    displayName\n  }\n}": types.AttachmentFieldsFragmentDoc,
    "query ChatRoomMembers($id: ID!, $query: String, $first: Int) { room(id: $id) { id members(query: $query, first: $first) { id displayName } } }": types.ChatRoomMembersDocument,
    "query ChatDirectRooms($id: ID!) { rooms(courseId: $id) { ...DirectRoomFields } }": types.ChatDirectRoomsDocument,
    "mutation ChatOpenDirectRoom($courseId: ID!, $userId: ID!) { directRoom(courseId: $courseId, userId: $userId) { ...DirectRoomFields } }": types.ChatOpenDirectRoomDocument,
    "query ChatPinnedMessages($id: ID!) { room(id: $id) { id pinnedMessages { ...QuestionMessageFields pinnedAt } } }": types.ChatPinnedMessagesDocument,
    "mutation ChatUnpinMessage($id: ID!) { unpinMessage(messageId: $id) { id pinned } }": types.ChatUnpinMessageDocument,
    "query SearchMessages($courseId: ID!, $query: String!, $roomId: ID, $order: MessageSearchOrder, $first: Int, $after: String) {\n      searchMessages(courseId: $courseId, query: $query, roomId: $roomId, order: $order, first: $first, after: $after) {\n        edges { node {\n          aroundSeq\n          message { id seq roomId threadId createdAt editedAt author { id displayName } }\n          room { id slug name kind }\n          snippet { text highlighted }\n        } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }": types.SearchMessagesDocument,
    "query MessagesAround($id: ID!, $around: Int, $last: Int) {\n      messages(roomId: $id, around: $around, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }\n    }": types.MessagesAroundDocument,
    "query MessagesAfter($id: ID!, $after: Int, $last: Int) {\n      messages(roomId: $id, after: $after, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }\n    }": types.MessagesAfterDocument,
    "query ChatSettingsOf($slug: String!) { course(slug: $slug) { id chatSettings { learnerDirectMessages } } }": types.ChatSettingsOfDocument,
    "mutation UpdateChatSettings($id: ID!, $value: Boolean!) { updateChatSettings(courseId: $id, learnerDirectMessages: $value) { learnerDirectMessages } }": types.UpdateChatSettingsDocument,
    "query Catalog($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {\n      courses(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...CourseSummaryFields } }\n        pageInfo { ...PageInfoFields }\n        totalCount\n        facets { categories { slug name count } priceBands { key label minCents maxCents count } }\n        search { text mode didYouMean }\n      }\n    }": types.CatalogDocument,
    "query CatalogSuggestions($text: String!) {\n      catalogSuggestions(text: $text) { kind label courseSlug categorySlug creatorId detail }\n    }": types.CatalogSuggestionsDocument,
    "query Featured { featuredCourses { ...CourseSummaryFields } }": types.FeaturedDocument,
    "query Categories { categories { ...CategoryFields } }": types.CategoriesDocument,
    "query Course($slug: String!) { course(slug: $slug) { ...CourseDetailFields } }": types.CourseDocument,
    "query Reviews($slug: String!, $after: String) {\n      course(slug: $slug) { reviews(first: 10, after: $after) { edges { node { ...ReviewFields } } pageInfo { ...PageInfoFields } } }\n    }": types.ReviewsDocument,
    "mutation Enroll($id: ID!) { enroll(courseId: $id) { ...EnrollmentFields } }": types.EnrollDocument,
    "query MyLearning { myLearning { ...EnrollmentFields course { ...CourseSummaryFields } } }": types.MyLearningDocument,
    "mutation Complete($id: ID!) { completeLesson(lessonId: $id) { completedAt } }": types.CompleteDocument,
    "mutation Uncomplete($id: ID!) { uncompleteLesson(lessonId: $id) }": types.UncompleteDocument,
    "mutation Review($id: ID!, $rating: Int!, $body: String) { submitReview(courseId: $id, rating: $rating, body: $body) { ...ReviewFields } }": types.ReviewDocument,
    "mutation EditReview($id: ID!, $rating: Int, $body: String) { updateReview(id: $id, rating: $rating, body: $body) { ...ReviewFields } }": types.EditReviewDocument,
    "query PublicationChecklist($slug: String!) { course(slug: $slug) { id publicationChecklist } }": types.PublicationChecklistDocument,
    "query MyCourses { myCourses { ...StudioCourseFields } }": types.MyCoursesDocument,
    "mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { ...StudioCourseFields } }": types.CreateCourseDocument,
    "mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { ...StudioCourseFields } }": types.UpdateCourseDocument,
    "mutation PublishCourse($id: ID!) { publishCourse(id: $id) { ...StudioCourseFields } }": types.PublishCourseDocument,
    "mutation UnpublishCourse($id: ID!) { unpublishCourse(id: $id) { ...StudioCourseFields } }": types.UnpublishCourseDocument,
    "mutation ArchiveCourse($id: ID!) { archiveCourse(id: $id) { ...StudioCourseFields } }": types.ArchiveCourseDocument,
    "mutation CreateModule($id: ID!, $title: String!) { createModule(courseId: $id, title: $title) { ...ModuleFields } }": types.CreateModuleDocument,
    "mutation UpdateModule($id: ID!, $title: String!) { updateModule(id: $id, title: $title) { id } }": types.UpdateModuleDocument,
    "mutation SetModuleOpensAfterDays($id: ID!, $days: Int!) { updateModule(id: $id, opensAfterDays: $days) { id opensAfterDays } }": types.SetModuleOpensAfterDaysDocument,
    "mutation DeleteModule($id: ID!) { deleteModule(id: $id) }": types.DeleteModuleDocument,
    "mutation ReorderModules($id: ID!, $ids: [ID!]!) { reorderModules(courseId: $id, moduleIds: $ids) { id } }": types.ReorderModulesDocument,
    "mutation CreateLesson($id: ID!, $input: LessonInput!) { createLesson(moduleId: $id, input: $input) { ...LessonFields } }": types.CreateLessonDocument,
    "mutation UpdateLesson($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { ...LessonFields } }": types.UpdateLessonDocument,
    "mutation DeleteLesson($id: ID!) { deleteLesson(id: $id) }": types.DeleteLessonDocument,
    "mutation ReorderLessons($id: ID!, $ids: [ID!]!) { reorderLessons(moduleId: $id, lessonIds: $ids) { id } }": types.ReorderLessonsDocument,
    "query DevMailbox($first: Int) { devMailbox(first: $first) { id from to subject date messageId text html htmlUrl } }": types.DevMailboxDocument,
    "query DevMailboxEnabled { devMailboxEnabled }": types.DevMailboxEnabledDocument,
    "fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}\n\nfragment ImageFields on Image {\n  id\n  width\n  height\n  url\n  srcset\n  placeholder\n  variants {\n    url\n    width\n    height\n    format\n    mimeType\n  }\n}\n\nfragment MediaFileFields on MediaFile {\n  id\n  kind\n  mimeType\n  sizeBytes\n  name\n  durationSeconds\n  url\n  urlExpiresAt\n}\n\nfragment UserFields on User {\n  id\n  email\n  emailVerified\n  displayName\n  role\n  avatar {\n    ...ImageFields\n  }\n}\n\nfragment AuthPayloadFields on AuthPayload {\n  accessToken\n  refreshToken\n  user {\n    ...UserFields\n  }\n}\n\nfragment CategoryFields on Category {\n  id\n  slug\n  name\n}\n\nfragment CourseSummaryFields on Course {\n  id\n  slug\n  title\n  subtitle\n  priceCents\n  currency\n  isFree\n  level\n  language\n  ratingAvg\n  ratingCount\n  enrollmentCount\n  lessonCount\n  category {\n    ...CategoryFields\n  }\n  creator {\n    id\n    displayName\n  }\n  cover {\n    ...ImageFields\n  }\n}\n\nfragment LessonFields on Lesson {\n  id\n  title\n  kind\n  position\n  durationSeconds\n  isPreview\n  body\n  videoUrl\n  completed\n  locked\n  opensAt\n  asset {\n    ...MediaFileFields\n  }\n}\n\nfragment ModuleFields on Module {\n  id\n  title\n  position\n  opensAfterDays\n  opensAt\n  locked\n  lessons {\n    ...LessonFields\n  }\n}\n\nfragment EnrollmentFields on Enrollment {\n  id\n  enrolledAt\n  progress {\n    completedLessons\n    totalLessons\n    percent\n  }\n  nextLesson {\n    id\n    title\n    locked\n    opensAt\n  }\n  certificate {\n    id\n    valid\n  }\n}\n\nfragment ReviewFields on Review {\n  id\n  rating\n  body\n  author {\n    id\n    displayName\n    avatar {\n      ...ImageFields\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nfragment CourseDetailFields on Course {\n  ...CourseSummaryFields\n  description\n  status\n  modules {\n    ...ModuleFields\n  }\n  ratingHistogram {\n    rating\n    count\n  }\n  viewerEnrollment {\n    ...EnrollmentFields\n  }\n  viewerReview {\n    ...ReviewFields\n  }\n  publicationChecklist\n}\n\nfragment StudioCourseFields on Course {\n  ...CourseSummaryFields\n  status\n  description\n  publicationChecklist\n}\n\nfragment MessageFields on Message {\n  id\n  seq\n  roomId\n  author {\n    id\n    displayName\n  }\n  body\n  createdAt\n  editedAt\n  deleted\n  clientId\n  threadId\n  replyCount\n  lastReplyAt\n  lessonId\n  answerId\n  pinned\n  pinnedAt\n  reactions {\n    emoji\n    count\n    users {\n      id\n      displayName\n    }\n  }\n  viewerReactions\n  mentions {\n    id\n    displayName\n  }\n  mentionsHere\n  attachments {\n    ...AttachmentFields\n  }\n  editHistory {\n    body\n    replacedAt\n  }\n}\n\nfragment RoomFields on Room {\n  id\n  slug\n  name\n  kind\n  courseId\n  canPost\n  lastReadSeq\n  unreadCount\n  onlineMembers {\n    id\n    displayName\n  }\n  latestSeq\n  epoch\n  viewerMutedUntil\n}\n\nfragment PriceQuoteFields on PriceQuote {\n  listPriceCents\n  discountCents\n  amountCents\n  currency\n  couponCode\n  platformFeePercent\n  platformFeeCents\n  creatorEarningsCents\n}\n\nfragment OrderFields on Order {\n  id\n  status\n  provider\n  listPriceCents\n  discountCents\n  amountCents\n  refundedCents\n  currency\n  couponCode\n  failureMessage\n  receiptNumber\n  createdAt\n  paidAt\n  canceledAt\n  refundedAt\n  course {\n    id\n    slug\n    title\n    creator {\n      id\n      displayName\n    }\n  }\n  buyer {\n    id\n    displayName\n    email\n  }\n  refunds {\n    id\n    amountCents\n    currency\n    reason\n    createdAt\n  }\n}\n\nfragment CouponFields on Coupon {\n  id\n  code\n  kind\n  percentOff\n  amountOffCents\n  currency\n  expiresAt\n  maxRedemptions\n  redemptionCount\n  active\n  problem\n  createdAt\n  course {\n    id\n    slug\n    title\n  }\n}\n\nfragment CourseNotificationSettingFields on CourseNotificationSetting {\n  enabled\n  course {\n    id\n    slug\n    title\n  }\n}": types.PageInfoFieldsFragmentDoc,
    "query Home($continueFirst: Int, $recommendedFirst: Int) {\n      continueLearning(first: $continueFirst) {\n        course { ...CourseSummaryFields }\n        nextLesson { id title kind durationSeconds locked opensAt }\n        progress { completedLessons totalLessons percent }\n        lastActivityAt\n      }\n      recommendedCourses(first: $recommendedFirst) { ...CourseSummaryFields }\n    }": types.HomeDocument,
    "mutation Cover($course: ID!, $asset: ID) { setCourseCover(courseId: $course, assetId: $asset) { id cover { ...ImageFields } } }": types.CoverDocument,
    "mutation Avatar($asset: ID) { setAvatar(assetId: $asset) { id email displayName role avatar { ...ImageFields } } }": types.AvatarDocument,
    "mutation LessonAsset($lesson: ID!, $asset: ID) { setLessonAsset(lessonId: $lesson, assetId: $asset) { id asset { ...MediaFileFields } } }": types.LessonAssetDocument,
    "query MyMentions($first: Int, $after: String) {\n      myMentions(first: $first, after: $after) { edges { node { ...QuestionMessageFields } } pageInfo { hasNextPage endCursor } }\n    }": types.MyMentionsDocument,
    "query UnreadMentionCount { unreadMentionCount }": types.UnreadMentionCountDocument,
    "query MentionLearningCourses { myLearning { id course { id slug title } } }": types.MentionLearningCoursesDocument,
    "query MentionOwnCourses { myCourses { id slug title } }": types.MentionOwnCoursesDocument,
    "query MentionAdminCourse($id: ID!) { adminCourse(id: $id) { course { id slug title } } }": types.MentionAdminCourseDocument,
    "query MentionRoom($id: ID!) { room(id: $id) { id slug name courseId } }": types.MentionRoomDocument,
    "query NotificationSettings { notificationSettings { ...CourseNotificationSettingFields } }": types.NotificationSettingsDocument,
    "mutation SetCourseNotifications($id: ID!, $enabled: Boolean!) {\n      setCourseNotifications(courseId: $id, enabled: $enabled) { ...CourseNotificationSettingFields }\n    }": types.SetCourseNotificationsDocument,
    "query PaymentOptions { paymentOptions { providers platformFeePercent } }": types.PaymentOptionsDocument,
    "query PriceQuote($id: ID!, $code: String) { priceQuote(courseId: $id, couponCode: $code) { ...PriceQuoteFields } }": types.PriceQuoteDocument,
    "query FeeEstimate($cents: Int!, $currency: String!) { feeEstimate(priceCents: $cents, currency: $currency) { ...PriceQuoteFields } }": types.FeeEstimateDocument,
    "mutation Checkout($id: ID!, $provider: PaymentProvider!, $code: String) {\n      checkout(courseId: $id, provider: $provider, couponCode: $code) { redirectUrl enrolled order { ...OrderFields } }\n    }": types.CheckoutDocument,
    "mutation ConfirmCheckout($id: ID!) { confirmCheckout(orderId: $id) { ...OrderFields } }": types.ConfirmCheckoutDocument,
    "mutation CancelCheckout($id: ID!) { cancelCheckout(orderId: $id) { ...OrderFields } }": types.CancelCheckoutDocument,
    "mutation CompleteTestPayment($id: ID!, $approve: Boolean!) { completeTestPayment(orderId: $id, approve: $approve) { ...OrderFields } }": types.CompleteTestPaymentDocument,
    "query Order($id: ID!) { order(id: $id) { ...OrderFields } }": types.OrderDocument,
    "query MyOrders($first: Int, $after: String) {\n      myOrders(first: $first, after: $after) { edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } }\n    }": types.MyOrdersDocument,
    "query MyCoupons($id: ID) { myCoupons(courseId: $id) { ...CouponFields } }": types.MyCouponsDocument,
    "mutation CreateCoupon($input: CouponInput!) { createCoupon(input: $input) { ...CouponFields } }": types.CreateCouponDocument,
    "mutation DisableCoupon($id: ID!) { disableCoupon(id: $id) { ...CouponFields } }": types.DisableCouponDocument,
    "query MyEarnings {\n      myEarnings {\n        rows { courseId courseTitle month currency sales grossCents feesCents refundsCents netCents }\n        totals { currency sales grossCents feesCents refundsCents netCents }\n        csv\n      }\n    }": types.MyEarningsDocument,
    "fragment QuestionMessageFields on Message {\n  id\n  seq\n  roomId\n  threadId\n  lessonId\n  author {\n    id\n    displayName\n  }\n  body\n  createdAt\n  editedAt\n  deleted\n  mentions {\n    id\n    displayName\n  }\n  mentionsHere\n  replyCount\n  lastReplyAt\n  answerId\n}\n\nfragment QuestionFields on Message {\n  ...QuestionMessageFields\n  answer {\n    ...QuestionMessageFields\n  }\n}": types.QuestionMessageFieldsFragmentDoc,
    "query LessonQuestionList($id: ID!, $first: Int, $after: String) {\n      lessonQuestions(lessonId: $id, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }\n    }": types.LessonQuestionListDocument,
    "query StudioUnansweredQuestions($courseId: ID, $first: Int, $after: String) {\n      unansweredQuestions(courseId: $courseId, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }\n    }": types.StudioUnansweredQuestionsDocument,
    "query LessonQuestionRooms($id: ID!) { rooms(courseId: $id) { id slug kind canPost latestSeq epoch } }": types.LessonQuestionRoomsDocument,
    "mutation AskLessonQuestion($roomId: ID!, $body: String!, $clientId: String!, $lessonId: ID!) {\n      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, lessonId: $lessonId) { ...QuestionFields }\n    }": types.AskLessonQuestionDocument,
    "mutation LessonQuestionReply($roomId: ID!, $body: String!, $clientId: String!, $threadId: ID!) {\n      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, threadId: $threadId) { ...QuestionMessageFields }\n    }": types.LessonQuestionReplyDocument,
    "query LessonQuestionThread($id: ID!, $last: Int) { thread(messageId: $id, last: $last) { messages { ...QuestionMessageFields } hasMore } }": types.LessonQuestionThreadDocument,
    "mutation MarkLessonAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...QuestionFields } }": types.MarkLessonAnswerDocument,
    "\n  subscription LessonQuestionEvents($roomId: ID!, $since: Int, $epoch: String) {\n    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {\n      type seq epoch message { ...QuestionFields } thread { id replyCount lastReplyAt }\n    }\n  }\n": types.LessonQuestionEventsDocument,
    "query StudioQuestionPlaces { myCourses { id slug title modules { lessons { id title } } } }": types.StudioQuestionPlacesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AuditLog($filter: AuditFilter, $first: Int, $after: String) {\n      auditLog(filter: $filter, first: $first, after: $after) {\n        edges { node { ...AuditEntryFields } } pageInfo { ...PageInfoFields }\n      }\n    }"): typeof import('./graphql').AuditLogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminCourses($filter: AdminCourseFilter, $sort: AdminCourseSort, $first: Int, $after: String) {\n      adminCourses(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...AdminCourseFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }"): typeof import('./graphql').AdminCoursesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminCourse($id: ID!) {\n      adminCourse(id: $id) { course { ...AdminCourseFields } revenue { currency sales grossCents refundedCents netCents } }\n    }"): typeof import('./graphql').AdminCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminCourseEnrollments($id: ID!, $first: Int, $after: String) {\n      adminCourse(id: $id) {\n        enrollments(first: $first, after: $after) {\n          edges { node { ...AdminEnrollmentFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n        }\n      }\n    }"): typeof import('./graphql').AdminCourseEnrollmentsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        mutation AdminUnpublishCourse($id: ID!, $reason: String) { unpublishCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      "): typeof import('./graphql').AdminUnpublishCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        mutation AdminArchiveCourse($id: ID!, $reason: String) { archiveCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      "): typeof import('./graphql').AdminArchiveCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        mutation AdminRestoreCourse($id: ID!, $reason: String) { restoreCourse(id: $id, reason: $reason) { ...AdminCourseFields } }\n      "): typeof import('./graphql').AdminRestoreCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetCourseFeatured($id: ID!, $featured: Boolean!, $reason: String) {\n      setCourseFeatured(id: $id, featured: $featured, reason: $reason) { ...AdminCourseFields }\n    }"): typeof import('./graphql').SetCourseFeaturedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevokeEnrollment($id: ID!, $reason: String) { revokeEnrollment(enrollmentId: $id, reason: $reason) { ...AdminEnrollmentFields } }"): typeof import('./graphql').RevokeEnrollmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminDashboard($days: Int) {\n      adminDashboard(days: $days) {\n        usersByRole { role count active } coursesByStatus { status count } enrollments\n        salesByDay { day currency orders revenueCents refundedCents } openSockets\n        chatMessagesPerMinute { minute messages } writeBehind { backlog pending lagSeconds deadLetters } openReports\n        mail { pending sending dead deadLastHour oldestPendingSeconds }\n      }\n    }"): typeof import('./graphql').AdminDashboardDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AccountFields on User {\n  id\n  displayName\n  email\n}\n\nfragment AdminUserFields on User {\n  id\n  email\n  emailVerified\n  displayName\n  role\n  isActive\n  createdAt\n}\n\nfragment BulkOutcomeFields on BulkOutcome {\n  changed\n  unchanged\n}\n\nfragment AdminCourseFields on Course {\n  id\n  slug\n  title\n  subtitle\n  status\n  priceCents\n  currency\n  isFree\n  level\n  language\n  ratingAvg\n  ratingCount\n  enrollmentCount\n  lessonCount\n  createdAt\n  publishedAt\n  featuredAt\n  category {\n    ...CategoryFields\n  }\n  creator {\n    ...AccountFields\n  }\n}\n\nfragment AdminEnrollmentFields on Enrollment {\n  id\n  source\n  enrolledAt\n  revokedAt\n  learner {\n    ...AccountFields\n  }\n}\n\nfragment AdminReviewFields on Review {\n  id\n  rating\n  body\n  createdAt\n  updatedAt\n  hiddenAt\n  hiddenReason\n  author {\n    ...AccountFields\n  }\n  course {\n    id\n    slug\n    title\n  }\n}\n\nfragment MessageReportFields on MessageReport {\n  id\n  status\n  reason\n  createdAt\n  message {\n    ...MessageFields\n  }\n  reportedBody\n  author {\n    ...AccountFields\n  }\n  reporter {\n    ...AccountFields\n  }\n  roomId\n  roomName\n  courseId\n  courseTitle\n  context {\n    ...MessageFields\n  }\n  reportCount\n  resolvedAt\n  resolution\n}\n\nfragment ChatMuteFields on ChatMute {\n  id\n  courseId\n  user {\n    ...AccountFields\n  }\n  reason\n  createdAt\n  endsAt\n  liftedAt\n}\n\nfragment AuditEntryFields on AuditEntry {\n  id\n  action\n  actorId\n  actor {\n    id\n    displayName\n  }\n  targetType\n  targetId\n  before\n  after\n  reason\n  createdAt\n}"): typeof import('./graphql').AccountFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MessageReports($status: ReportStatus, $first: Int, $after: String) {\n      messageReports(status: $status, first: $first, after: $after) {\n        edges { node { ...MessageReportFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }"): typeof import('./graphql').MessageReportsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResolveReport($id: ID!, $action: ReportAction!, $minutes: Int, $reason: String) {\n      resolveReport(reportId: $id, action: $action, muteMinutes: $minutes, reason: $reason) { ...MessageReportFields }\n    }"): typeof import('./graphql').ResolveReportDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatMutes($id: ID) { chatMutes(courseId: $id) { ...ChatMuteFields } }"): typeof import('./graphql').ChatMutesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UnmuteMember($id: ID!, $reason: String) { unmuteMember(muteId: $id, reason: $reason) { ...ChatMuteFields } }"): typeof import('./graphql').UnmuteMemberDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminOrders($filter: OrderFilter, $first: Int, $after: String) {\n      orders(filter: $filter, first: $first, after: $after) {\n        edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }"): typeof import('./graphql').AdminOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrderTotals($filter: OrderFilter) { orderTotals(filter: $filter) { currency orders paidOrders amountCents refundedCents netCents } }"): typeof import('./graphql').OrderTotalsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OrdersCsv($filter: OrderFilter) { ordersCsv(filter: $filter) }"): typeof import('./graphql').OrdersCsvDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RefundOrder($id: ID!, $amount: Int, $reason: String) { refundOrder(orderId: $id, amountCents: $amount, reason: $reason) { ...OrderFields } }"): typeof import('./graphql').RefundOrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminReviews($filter: AdminReviewFilter, $first: Int, $after: String) {\n      adminReviews(filter: $filter, first: $first, after: $after) {\n        edges { node { ...AdminReviewFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }"): typeof import('./graphql').AdminReviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HideReview($id: ID!, $reason: String!) { hideReview(id: $id, reason: $reason) { ...AdminReviewFields } }"): typeof import('./graphql').HideReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RestoreReview($id: ID!, $reason: String!) { restoreReview(id: $id, reason: $reason) { ...AdminReviewFields } }"): typeof import('./graphql').RestoreReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation HideReviews($ids: [ID!]!, $reason: String!) { hideReviews(ids: $ids, reason: $reason) { ...BulkOutcomeFields } }"): typeof import('./graphql').HideReviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminUsers($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {\n      users(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...AdminUserFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped\n      }\n    }"): typeof import('./graphql').AdminUsersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AdminUser($id: ID!) {\n      adminUser(id: $id) {\n        user { ...AdminUserFields }\n        sessions { id startedAt lastRefreshedAt expiresAt }\n        enrollments { id source enrolledAt revokedAt progress { percent } course { id slug title } }\n        courses { id slug title status enrollmentCount createdAt }\n        orders { id status provider amountCents refundedCents currency receiptNumber createdAt course { id slug title } }\n      }\n    }"): typeof import('./graphql').AdminUserDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetUserRole($userId: ID!, $role: Role!, $reason: String) {\n      setUserRole(userId: $userId, role: $role, reason: $reason) { ...AdminUserFields }\n    }"): typeof import('./graphql').SetUserRoleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetUserActive($userId: ID!, $isActive: Boolean!, $reason: String) {\n      setUserActive(userId: $userId, isActive: $isActive, reason: $reason) { ...AdminUserFields }\n    }"): typeof import('./graphql').SetUserActiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetUsersActive($userIds: [ID!]!, $isActive: Boolean!, $reason: String) {\n      setUsersActive(userIds: $userIds, isActive: $isActive, reason: $reason) { ...BulkOutcomeFields }\n    }"): typeof import('./graphql').SetUsersActiveDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EndUserSessions($userId: ID!, $reason: String) { endUserSessions(userId: $userId, reason: $reason) }"): typeof import('./graphql').EndUserSessionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendVerificationEmail($userId: ID!, $reason: String) { sendVerificationEmail(userId: $userId, reason: $reason) }"): typeof import('./graphql').SendVerificationEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendPasswordResetEmail($userId: ID!, $reason: String) { sendPasswordResetEmail(userId: $userId, reason: $reason) }"): typeof import('./graphql').SendPasswordResetEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation Refresh($token: String!) {\n    refreshToken(refreshToken: $token) { accessToken refreshToken }\n  }\n"): typeof import('./graphql').RefreshDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Register($input: RegisterInput!) { register(input: $input) { ...AuthPayloadFields } }"): typeof import('./graphql').RegisterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ...AuthPayloadFields } }"): typeof import('./graphql').LoginDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Me { me { ...UserFields } }"): typeof import('./graphql').MeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Logout($token: String!) { logout(refreshToken: $token) }"): typeof import('./graphql').LogoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { ...UserFields } }"): typeof import('./graphql').ProfileDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Password($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }"): typeof import('./graphql').PasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PasswordProblems($password: String!, $email: String, $displayName: String) {\n  passwordProblems(password: $password, email: $email, displayName: $displayName) { reason message } }"): typeof import('./graphql').PasswordProblemsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }"): typeof import('./graphql').VerifyEmailDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResendVerification { resendVerification }"): typeof import('./graphql').ResendVerificationDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }"): typeof import('./graphql').RequestPasswordResetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ResetPassword($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }"): typeof import('./graphql').ResetPasswordDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestEmailChange($email: String!, $password: String!) { requestEmailChange(newEmail: $email, password: $password) }"): typeof import('./graphql').RequestEmailChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ConfirmEmailChange($token: String!) { confirmEmailChange(token: $token) }"): typeof import('./graphql').ConfirmEmailChangeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CertificatePage($id: ID!) {\n      certificate(id: $id) { id learnerName courseTitle courseSlug creatorName issuedAt valid revokedAt imageUrl }\n    }"): typeof import('./graphql').CertificatePageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Rooms($id: ID!) { rooms(courseId: $id) { ...RoomFields } }"): typeof import('./graphql').RoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query History($id: ID!, $before: Int, $last: Int) { messages(roomId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }"): typeof import('./graphql').HistoryDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Send($id: ID!, $body: String!, $clientId: String!, $threadId: ID, $attachmentIds: [ID!]) {\n      sendMessage(roomId: $id, body: $body, clientId: $clientId, threadId: $threadId, attachmentIds: $attachmentIds) { ...MessageFields }\n    }"): typeof import('./graphql').SendDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatThread($id: ID!, $before: Int, $last: Int) { thread(messageId: $id, before: $before, last: $last) { messages { ...MessageFields } hasMore } }"): typeof import('./graphql').ChatThreadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AddReaction($id: ID!, $emoji: String!) { addReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }"): typeof import('./graphql').AddReactionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RemoveReaction($id: ID!, $emoji: String!) { removeReaction(messageId: $id, emoji: $emoji) { ...MessageFields } }"): typeof import('./graphql').RemoveReactionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PinMessage($id: ID!) { pinMessage(messageId: $id) { ...MessageFields } }"): typeof import('./graphql').PinMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UnpinMessage($id: ID!) { unpinMessage(messageId: $id) { ...MessageFields } }"): typeof import('./graphql').UnpinMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChatMarkAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...MessageFields } }"): typeof import('./graphql').ChatMarkAnswerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Edit($id: ID!, $body: String!) { editMessage(messageId: $id, body: $body) { ...MessageFields } }"): typeof import('./graphql').EditDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Delete($id: ID!) { deleteMessage(messageId: $id) }"): typeof import('./graphql').DeleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReportMessage($id: ID!, $reason: String!) { reportMessage(messageId: $id, reason: $reason) { id status } }"): typeof import('./graphql').ReportMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Typing($id: ID!) { setTyping(roomId: $id) }"): typeof import('./graphql').TypingDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Read($id: ID!, $seq: Int!) { markRead(roomId: $id, seq: $seq) { id lastReadSeq unreadCount } }"): typeof import('./graphql').ReadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateRoom($id: ID!, $name: String!, $announcements: Boolean) { createRoom(courseId: $id, name: $name, announcements: $announcements) { ...RoomFields } }"): typeof import('./graphql').CreateRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription RoomEvents($roomId: ID!, $since: Int, $epoch: String) {\n    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {\n      type seq epoch recovered message { ...MessageFields } thread { ...MessageFields } user { id displayName } emoji added\n    }\n  }\n"): typeof import('./graphql').RoomEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatAttachment($messageId: ID!, $id: ID!) { attachment(messageId: $messageId, id: $id) { ...AttachmentFields } }"): typeof import('./graphql').ChatAttachmentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment AttachmentFields on Attachment {\n  id\n  kind\n  name\n  mimeType\n  sizeBytes\n  image {\n    ...ImageFields\n  }\n  file {\n    ...MediaFileFields\n  }\n}\n\nfragment DirectRoomFields on Room {\n  id\n  slug\n  name\n  kind\n  courseId\n  unreadCount\n  unreadMentions\n  latestSeq\n  directMember {\n    id\n    displayName\n  }\n}"): typeof import('./graphql').AttachmentFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatRoomMembers($id: ID!, $query: String, $first: Int) { room(id: $id) { id members(query: $query, first: $first) { id displayName } } }"): typeof import('./graphql').ChatRoomMembersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatDirectRooms($id: ID!) { rooms(courseId: $id) { ...DirectRoomFields } }"): typeof import('./graphql').ChatDirectRoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChatOpenDirectRoom($courseId: ID!, $userId: ID!) { directRoom(courseId: $courseId, userId: $userId) { ...DirectRoomFields } }"): typeof import('./graphql').ChatOpenDirectRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatPinnedMessages($id: ID!) { room(id: $id) { id pinnedMessages { ...QuestionMessageFields pinnedAt } } }"): typeof import('./graphql').ChatPinnedMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ChatUnpinMessage($id: ID!) { unpinMessage(messageId: $id) { id pinned } }"): typeof import('./graphql').ChatUnpinMessageDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query SearchMessages($courseId: ID!, $query: String!, $roomId: ID, $order: MessageSearchOrder, $first: Int, $after: String) {\n      searchMessages(courseId: $courseId, query: $query, roomId: $roomId, order: $order, first: $first, after: $after) {\n        edges { node {\n          aroundSeq\n          message { id seq roomId threadId createdAt editedAt author { id displayName } }\n          room { id slug name kind }\n          snippet { text highlighted }\n        } }\n        pageInfo { hasNextPage endCursor }\n      }\n    }"): typeof import('./graphql').SearchMessagesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MessagesAround($id: ID!, $around: Int, $last: Int) {\n      messages(roomId: $id, around: $around, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }\n    }"): typeof import('./graphql').MessagesAroundDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MessagesAfter($id: ID!, $after: Int, $last: Int) {\n      messages(roomId: $id, after: $after, last: $last) { messages { ...MessageFields } hasMore hasMoreAfter }\n    }"): typeof import('./graphql').MessagesAfterDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ChatSettingsOf($slug: String!) { course(slug: $slug) { id chatSettings { learnerDirectMessages } } }"): typeof import('./graphql').ChatSettingsOfDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateChatSettings($id: ID!, $value: Boolean!) { updateChatSettings(courseId: $id, learnerDirectMessages: $value) { learnerDirectMessages } }"): typeof import('./graphql').UpdateChatSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Catalog($filter: CourseFilter, $sort: CourseSort, $first: Int, $after: String) {\n      courses(filter: $filter, sort: $sort, first: $first, after: $after) {\n        edges { node { ...CourseSummaryFields } }\n        pageInfo { ...PageInfoFields }\n        totalCount\n        facets { categories { slug name count } priceBands { key label minCents maxCents count } }\n        search { text mode didYouMean }\n      }\n    }"): typeof import('./graphql').CatalogDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CatalogSuggestions($text: String!) {\n      catalogSuggestions(text: $text) { kind label courseSlug categorySlug creatorId detail }\n    }"): typeof import('./graphql').CatalogSuggestionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Featured { featuredCourses { ...CourseSummaryFields } }"): typeof import('./graphql').FeaturedDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Categories { categories { ...CategoryFields } }"): typeof import('./graphql').CategoriesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Course($slug: String!) { course(slug: $slug) { ...CourseDetailFields } }"): typeof import('./graphql').CourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Reviews($slug: String!, $after: String) {\n      course(slug: $slug) { reviews(first: 10, after: $after) { edges { node { ...ReviewFields } } pageInfo { ...PageInfoFields } } }\n    }"): typeof import('./graphql').ReviewsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Enroll($id: ID!) { enroll(courseId: $id) { ...EnrollmentFields } }"): typeof import('./graphql').EnrollDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyLearning { myLearning { ...EnrollmentFields course { ...CourseSummaryFields } } }"): typeof import('./graphql').MyLearningDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Complete($id: ID!) { completeLesson(lessonId: $id) { completedAt } }"): typeof import('./graphql').CompleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Uncomplete($id: ID!) { uncompleteLesson(lessonId: $id) }"): typeof import('./graphql').UncompleteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Review($id: ID!, $rating: Int!, $body: String) { submitReview(courseId: $id, rating: $rating, body: $body) { ...ReviewFields } }"): typeof import('./graphql').ReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation EditReview($id: ID!, $rating: Int, $body: String) { updateReview(id: $id, rating: $rating, body: $body) { ...ReviewFields } }"): typeof import('./graphql').EditReviewDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PublicationChecklist($slug: String!) { course(slug: $slug) { id publicationChecklist } }"): typeof import('./graphql').PublicationChecklistDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyCourses { myCourses { ...StudioCourseFields } }"): typeof import('./graphql').MyCoursesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateCourse($input: CourseInput!) { createCourse(input: $input) { ...StudioCourseFields } }"): typeof import('./graphql').CreateCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateCourse($id: ID!, $input: CourseInput!) { updateCourse(id: $id, input: $input) { ...StudioCourseFields } }"): typeof import('./graphql').UpdateCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PublishCourse($id: ID!) { publishCourse(id: $id) { ...StudioCourseFields } }"): typeof import('./graphql').PublishCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UnpublishCourse($id: ID!) { unpublishCourse(id: $id) { ...StudioCourseFields } }"): typeof import('./graphql').UnpublishCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ArchiveCourse($id: ID!) { archiveCourse(id: $id) { ...StudioCourseFields } }"): typeof import('./graphql').ArchiveCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateModule($id: ID!, $title: String!) { createModule(courseId: $id, title: $title) { ...ModuleFields } }"): typeof import('./graphql').CreateModuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateModule($id: ID!, $title: String!) { updateModule(id: $id, title: $title) { id } }"): typeof import('./graphql').UpdateModuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetModuleOpensAfterDays($id: ID!, $days: Int!) { updateModule(id: $id, opensAfterDays: $days) { id opensAfterDays } }"): typeof import('./graphql').SetModuleOpensAfterDaysDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteModule($id: ID!) { deleteModule(id: $id) }"): typeof import('./graphql').DeleteModuleDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReorderModules($id: ID!, $ids: [ID!]!) { reorderModules(courseId: $id, moduleIds: $ids) { id } }"): typeof import('./graphql').ReorderModulesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateLesson($id: ID!, $input: LessonInput!) { createLesson(moduleId: $id, input: $input) { ...LessonFields } }"): typeof import('./graphql').CreateLessonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation UpdateLesson($id: ID!, $input: LessonInput!) { updateLesson(id: $id, input: $input) { ...LessonFields } }"): typeof import('./graphql').UpdateLessonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DeleteLesson($id: ID!) { deleteLesson(id: $id) }"): typeof import('./graphql').DeleteLessonDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReorderLessons($id: ID!, $ids: [ID!]!) { reorderLessons(moduleId: $id, lessonIds: $ids) { id } }"): typeof import('./graphql').ReorderLessonsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DevMailbox($first: Int) { devMailbox(first: $first) { id from to subject date messageId text html htmlUrl } }"): typeof import('./graphql').DevMailboxDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DevMailboxEnabled { devMailboxEnabled }"): typeof import('./graphql').DevMailboxEnabledDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment PageInfoFields on PageInfo {\n  hasNextPage\n  endCursor\n}\n\nfragment ImageFields on Image {\n  id\n  width\n  height\n  url\n  srcset\n  placeholder\n  variants {\n    url\n    width\n    height\n    format\n    mimeType\n  }\n}\n\nfragment MediaFileFields on MediaFile {\n  id\n  kind\n  mimeType\n  sizeBytes\n  name\n  durationSeconds\n  url\n  urlExpiresAt\n}\n\nfragment UserFields on User {\n  id\n  email\n  emailVerified\n  displayName\n  role\n  avatar {\n    ...ImageFields\n  }\n}\n\nfragment AuthPayloadFields on AuthPayload {\n  accessToken\n  refreshToken\n  user {\n    ...UserFields\n  }\n}\n\nfragment CategoryFields on Category {\n  id\n  slug\n  name\n}\n\nfragment CourseSummaryFields on Course {\n  id\n  slug\n  title\n  subtitle\n  priceCents\n  currency\n  isFree\n  level\n  language\n  ratingAvg\n  ratingCount\n  enrollmentCount\n  lessonCount\n  category {\n    ...CategoryFields\n  }\n  creator {\n    id\n    displayName\n  }\n  cover {\n    ...ImageFields\n  }\n}\n\nfragment LessonFields on Lesson {\n  id\n  title\n  kind\n  position\n  durationSeconds\n  isPreview\n  body\n  videoUrl\n  completed\n  locked\n  opensAt\n  asset {\n    ...MediaFileFields\n  }\n}\n\nfragment ModuleFields on Module {\n  id\n  title\n  position\n  opensAfterDays\n  opensAt\n  locked\n  lessons {\n    ...LessonFields\n  }\n}\n\nfragment EnrollmentFields on Enrollment {\n  id\n  enrolledAt\n  progress {\n    completedLessons\n    totalLessons\n    percent\n  }\n  nextLesson {\n    id\n    title\n    locked\n    opensAt\n  }\n  certificate {\n    id\n    valid\n  }\n}\n\nfragment ReviewFields on Review {\n  id\n  rating\n  body\n  author {\n    id\n    displayName\n    avatar {\n      ...ImageFields\n    }\n  }\n  createdAt\n  updatedAt\n}\n\nfragment CourseDetailFields on Course {\n  ...CourseSummaryFields\n  description\n  status\n  modules {\n    ...ModuleFields\n  }\n  ratingHistogram {\n    rating\n    count\n  }\n  viewerEnrollment {\n    ...EnrollmentFields\n  }\n  viewerReview {\n    ...ReviewFields\n  }\n  publicationChecklist\n}\n\nfragment StudioCourseFields on Course {\n  ...CourseSummaryFields\n  status\n  description\n  publicationChecklist\n}\n\nfragment MessageFields on Message {\n  id\n  seq\n  roomId\n  author {\n    id\n    displayName\n  }\n  body\n  createdAt\n  editedAt\n  deleted\n  clientId\n  threadId\n  replyCount\n  lastReplyAt\n  lessonId\n  answerId\n  pinned\n  pinnedAt\n  reactions {\n    emoji\n    count\n    users {\n      id\n      displayName\n    }\n  }\n  viewerReactions\n  mentions {\n    id\n    displayName\n  }\n  mentionsHere\n  attachments {\n    ...AttachmentFields\n  }\n  editHistory {\n    body\n    replacedAt\n  }\n}\n\nfragment RoomFields on Room {\n  id\n  slug\n  name\n  kind\n  courseId\n  canPost\n  lastReadSeq\n  unreadCount\n  onlineMembers {\n    id\n    displayName\n  }\n  latestSeq\n  epoch\n  viewerMutedUntil\n}\n\nfragment PriceQuoteFields on PriceQuote {\n  listPriceCents\n  discountCents\n  amountCents\n  currency\n  couponCode\n  platformFeePercent\n  platformFeeCents\n  creatorEarningsCents\n}\n\nfragment OrderFields on Order {\n  id\n  status\n  provider\n  listPriceCents\n  discountCents\n  amountCents\n  refundedCents\n  currency\n  couponCode\n  failureMessage\n  receiptNumber\n  createdAt\n  paidAt\n  canceledAt\n  refundedAt\n  course {\n    id\n    slug\n    title\n    creator {\n      id\n      displayName\n    }\n  }\n  buyer {\n    id\n    displayName\n    email\n  }\n  refunds {\n    id\n    amountCents\n    currency\n    reason\n    createdAt\n  }\n}\n\nfragment CouponFields on Coupon {\n  id\n  code\n  kind\n  percentOff\n  amountOffCents\n  currency\n  expiresAt\n  maxRedemptions\n  redemptionCount\n  active\n  problem\n  createdAt\n  course {\n    id\n    slug\n    title\n  }\n}\n\nfragment CourseNotificationSettingFields on CourseNotificationSetting {\n  enabled\n  course {\n    id\n    slug\n    title\n  }\n}"): typeof import('./graphql').PageInfoFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Home($continueFirst: Int, $recommendedFirst: Int) {\n      continueLearning(first: $continueFirst) {\n        course { ...CourseSummaryFields }\n        nextLesson { id title kind durationSeconds locked opensAt }\n        progress { completedLessons totalLessons percent }\n        lastActivityAt\n      }\n      recommendedCourses(first: $recommendedFirst) { ...CourseSummaryFields }\n    }"): typeof import('./graphql').HomeDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Cover($course: ID!, $asset: ID) { setCourseCover(courseId: $course, assetId: $asset) { id cover { ...ImageFields } } }"): typeof import('./graphql').CoverDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Avatar($asset: ID) { setAvatar(assetId: $asset) { id email displayName role avatar { ...ImageFields } } }"): typeof import('./graphql').AvatarDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LessonAsset($lesson: ID!, $asset: ID) { setLessonAsset(lessonId: $lesson, assetId: $asset) { id asset { ...MediaFileFields } } }"): typeof import('./graphql').LessonAssetDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyMentions($first: Int, $after: String) {\n      myMentions(first: $first, after: $after) { edges { node { ...QuestionMessageFields } } pageInfo { hasNextPage endCursor } }\n    }"): typeof import('./graphql').MyMentionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query UnreadMentionCount { unreadMentionCount }"): typeof import('./graphql').UnreadMentionCountDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MentionLearningCourses { myLearning { id course { id slug title } } }"): typeof import('./graphql').MentionLearningCoursesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MentionOwnCourses { myCourses { id slug title } }"): typeof import('./graphql').MentionOwnCoursesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MentionAdminCourse($id: ID!) { adminCourse(id: $id) { course { id slug title } } }"): typeof import('./graphql').MentionAdminCourseDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MentionRoom($id: ID!) { room(id: $id) { id slug name courseId } }"): typeof import('./graphql').MentionRoomDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query NotificationSettings { notificationSettings { ...CourseNotificationSettingFields } }"): typeof import('./graphql').NotificationSettingsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SetCourseNotifications($id: ID!, $enabled: Boolean!) {\n      setCourseNotifications(courseId: $id, enabled: $enabled) { ...CourseNotificationSettingFields }\n    }"): typeof import('./graphql').SetCourseNotificationsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PaymentOptions { paymentOptions { providers platformFeePercent } }"): typeof import('./graphql').PaymentOptionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PriceQuote($id: ID!, $code: String) { priceQuote(courseId: $id, couponCode: $code) { ...PriceQuoteFields } }"): typeof import('./graphql').PriceQuoteDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query FeeEstimate($cents: Int!, $currency: String!) { feeEstimate(priceCents: $cents, currency: $currency) { ...PriceQuoteFields } }"): typeof import('./graphql').FeeEstimateDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Checkout($id: ID!, $provider: PaymentProvider!, $code: String) {\n      checkout(courseId: $id, provider: $provider, couponCode: $code) { redirectUrl enrolled order { ...OrderFields } }\n    }"): typeof import('./graphql').CheckoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ConfirmCheckout($id: ID!) { confirmCheckout(orderId: $id) { ...OrderFields } }"): typeof import('./graphql').ConfirmCheckoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CancelCheckout($id: ID!) { cancelCheckout(orderId: $id) { ...OrderFields } }"): typeof import('./graphql').CancelCheckoutDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CompleteTestPayment($id: ID!, $approve: Boolean!) { completeTestPayment(orderId: $id, approve: $approve) { ...OrderFields } }"): typeof import('./graphql').CompleteTestPaymentDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Order($id: ID!) { order(id: $id) { ...OrderFields } }"): typeof import('./graphql').OrderDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyOrders($first: Int, $after: String) {\n      myOrders(first: $first, after: $after) { edges { node { ...OrderFields } } pageInfo { ...PageInfoFields } }\n    }"): typeof import('./graphql').MyOrdersDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyCoupons($id: ID) { myCoupons(courseId: $id) { ...CouponFields } }"): typeof import('./graphql').MyCouponsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CreateCoupon($input: CouponInput!) { createCoupon(input: $input) { ...CouponFields } }"): typeof import('./graphql').CreateCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation DisableCoupon($id: ID!) { disableCoupon(id: $id) { ...CouponFields } }"): typeof import('./graphql').DisableCouponDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query MyEarnings {\n      myEarnings {\n        rows { courseId courseTitle month currency sales grossCents feesCents refundsCents netCents }\n        totals { currency sales grossCents feesCents refundsCents netCents }\n        csv\n      }\n    }"): typeof import('./graphql').MyEarningsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment QuestionMessageFields on Message {\n  id\n  seq\n  roomId\n  threadId\n  lessonId\n  author {\n    id\n    displayName\n  }\n  body\n  createdAt\n  editedAt\n  deleted\n  mentions {\n    id\n    displayName\n  }\n  mentionsHere\n  replyCount\n  lastReplyAt\n  answerId\n}\n\nfragment QuestionFields on Message {\n  ...QuestionMessageFields\n  answer {\n    ...QuestionMessageFields\n  }\n}"): typeof import('./graphql').QuestionMessageFieldsFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LessonQuestionList($id: ID!, $first: Int, $after: String) {\n      lessonQuestions(lessonId: $id, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }\n    }"): typeof import('./graphql').LessonQuestionListDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StudioUnansweredQuestions($courseId: ID, $first: Int, $after: String) {\n      unansweredQuestions(courseId: $courseId, first: $first, after: $after) { edges { node { ...QuestionFields } } pageInfo { hasNextPage endCursor } }\n    }"): typeof import('./graphql').StudioUnansweredQuestionsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LessonQuestionRooms($id: ID!) { rooms(courseId: $id) { id slug kind canPost latestSeq epoch } }"): typeof import('./graphql').LessonQuestionRoomsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AskLessonQuestion($roomId: ID!, $body: String!, $clientId: String!, $lessonId: ID!) {\n      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, lessonId: $lessonId) { ...QuestionFields }\n    }"): typeof import('./graphql').AskLessonQuestionDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation LessonQuestionReply($roomId: ID!, $body: String!, $clientId: String!, $threadId: ID!) {\n      sendMessage(roomId: $roomId, body: $body, clientId: $clientId, threadId: $threadId) { ...QuestionMessageFields }\n    }"): typeof import('./graphql').LessonQuestionReplyDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LessonQuestionThread($id: ID!, $last: Int) { thread(messageId: $id, last: $last) { messages { ...QuestionMessageFields } hasMore } }"): typeof import('./graphql').LessonQuestionThreadDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation MarkLessonAnswer($id: ID!, $answerId: ID) { markAnswer(messageId: $id, answerId: $answerId) { ...QuestionFields } }"): typeof import('./graphql').MarkLessonAnswerDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription LessonQuestionEvents($roomId: ID!, $since: Int, $epoch: String) {\n    roomEvents(roomId: $roomId, since: $since, epoch: $epoch) {\n      type seq epoch message { ...QuestionFields } thread { id replyCount lastReplyAt }\n    }\n  }\n"): typeof import('./graphql').LessonQuestionEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StudioQuestionPlaces { myCourses { id slug title modules { lessons { id title } } } }"): typeof import('./graphql').StudioQuestionPlacesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
