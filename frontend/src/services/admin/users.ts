/**
 * Administering accounts: the searchable list, one account's page, and the audited changes
 * (role, active, sessions) and support actions (mail a verification or a password reset link).
 * Every call is refused FORBIDDEN for anyone but an administrator.
 */
import { ApiError, request } from '@/services/api'
import { graphql } from '@/services/generated'
import type { Role } from '@/services/types'
import type { AdminUser, BulkOutcome, UserDetail, UserFilter, UserPage, UserSort } from './types'

/** What the server answers when the change would leave EduSphere without an active admin. */
export const LAST_ADMIN_MESSAGE =
  'EduSphere must keep at least one active admin: appoint another admin before this account stops being one.'

export function isLastAdmin(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'BAD_USER_INPUT' && error.extensions.reason === 'LAST_ADMIN'
}

/** Rethrows `error`, with the LAST_ADMIN refusal put in words an admin can act on. */
export function explainAdminError(error: unknown): never {
  if (isLastAdmin(error)) throw new ApiError(LAST_ADMIN_MESSAGE, 'BAD_USER_INPUT', { reason: 'LAST_ADMIN' })
  throw error
}

/** A blank reason is sent as none (the server stores it as ""). */
function reasonOrNull(reason: string | null | undefined): string | null {
  const text = reason?.trim() ?? ''
  return text ? text : null
}

export interface UserListRequest {
  filter: UserFilter
  sort: UserSort
  first: number
  after: string | null
}

export async function fetchUsers({ filter, sort, first, after }: UserListRequest): Promise<UserPage> {
  const data = await request(
    graphql(`query AdminUsers($filter: UserFilter, $sort: UserSort, $first: Int, $after: String) {
      users(filter: $filter, sort: $sort, first: $first, after: $after) {
        edges { node { ...AdminUserFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped
      }
    }`),
    { filter, sort, first, after },
  )
  const { edges, pageInfo, totalCount, totalCountCapped } = data.users
  return { users: edges.map((edge) => edge.node), pageInfo, totalCount, totalCountCapped }
}

export async function fetchUserDetail(id: string): Promise<UserDetail | null> {
  const data = await request(
    graphql(`query AdminUser($id: ID!) {
      adminUser(id: $id) {
        user { ...AdminUserFields }
        sessions { id startedAt lastRefreshedAt expiresAt }
        enrollments { id source enrolledAt revokedAt progress { percent } course { id slug title } }
        courses { id slug title status enrollmentCount createdAt }
        orders { id status provider amountCents refundedCents currency receiptNumber createdAt course { id slug title } }
      }
    }`),
    { id },
  )
  return data.adminUser
}

/** For the user page, which shows nothing without the account: a missing one is its error state. */
export async function requireUserDetail(id: string): Promise<UserDetail> {
  const found = await fetchUserDetail(id)
  if (!found) throw new Error('There is no account with this id.')
  return found
}

export async function setUserRole(userId: string, role: Role, reason: string): Promise<AdminUser> {
  const data = await request(
    graphql(`mutation SetUserRole($userId: ID!, $role: Role!, $reason: String) {
      setUserRole(userId: $userId, role: $role, reason: $reason) { ...AdminUserFields }
    }`),
    { userId, role, reason: reasonOrNull(reason) },
  ).catch(explainAdminError)
  return data.setUserRole
}

export async function setUserActive(userId: string, isActive: boolean, reason: string): Promise<AdminUser> {
  const data = await request(
    graphql(`mutation SetUserActive($userId: ID!, $isActive: Boolean!, $reason: String) {
      setUserActive(userId: $userId, isActive: $isActive, reason: $reason) { ...AdminUserFields }
    }`),
    { userId, isActive, reason: reasonOrNull(reason) },
  ).catch(explainAdminError)
  return data.setUserActive
}

/** Up to 100 accounts at once, all or none. */
export async function setUsersActive(userIds: string[], isActive: boolean, reason: string): Promise<BulkOutcome> {
  const data = await request(
    graphql(`mutation SetUsersActive($userIds: [ID!]!, $isActive: Boolean!, $reason: String) {
      setUsersActive(userIds: $userIds, isActive: $isActive, reason: $reason) { ...BulkOutcomeFields }
    }`),
    { userIds, isActive, reason: reasonOrNull(reason) },
  ).catch(explainAdminError)
  return data.setUsersActive
}

/** How many sessions ended. */
export async function endUserSessions(userId: string, reason: string): Promise<number> {
  const data = await request(
    graphql(`mutation EndUserSessions($userId: ID!, $reason: String) { endUserSessions(userId: $userId, reason: $reason) }`),
    { userId, reason: reasonOrNull(reason) },
  )
  return data.endUserSessions
}

/** A new verification link to the account's own address (audited). */
export async function sendVerificationEmail(userId: string, reason: string): Promise<void> {
  await request(
    graphql(`mutation SendVerificationEmail($userId: ID!, $reason: String) { sendVerificationEmail(userId: $userId, reason: $reason) }`),
    { userId, reason: reasonOrNull(reason) },
  )
}

/** A password reset link to the account's own address (audited); the admin never sees it. */
export async function sendPasswordResetEmail(userId: string, reason: string): Promise<void> {
  await request(
    graphql(`mutation SendPasswordResetEmail($userId: ID!, $reason: String) { sendPasswordResetEmail(userId: $userId, reason: $reason) }`),
    { userId, reason: reasonOrNull(reason) },
  )
}
