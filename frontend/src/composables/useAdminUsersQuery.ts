/**
 * The admin users list's filters live in the URL (`/admin/users?q=ann&role=CREATOR&active=0`),
 * so a reload or a shared link keeps them. This module alone knows that format; the page reads
 * `state` and calls `update`.
 */
import { computed } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import type { UserFilter, UserSort } from '@/services/admin/types'
import type { Role } from '@/services/types'
import { queryValue } from '@/utils/query'
import { dayEnd, dayStart, isDay } from '@/utils/utcDay'

export interface UsersQueryState {
  q: string
  role: Role | null
  active: boolean | null
  /** YYYY-MM-DD (UTC), inclusive; '' for none. */
  from: string
  /** YYYY-MM-DD (UTC), inclusive; '' for none. */
  to: string
  sort: UserSort
}

export const ROLES: readonly Role[] = ['LEARNER', 'CREATOR', 'ADMIN']
export const USER_SORTS: readonly UserSort[] = ['NEWEST', 'OLDEST', 'EMAIL', 'NAME']
export const MAX_SEARCH = 200

/** Anything malformed in a hand-edited URL is dropped rather than sent. */
export function parseUsersQuery(query: LocationQuery): UsersQueryState {
  const role = queryValue(query.role) as Role
  const sort = queryValue(query.sort) as UserSort
  const active = queryValue(query.active)
  const from = queryValue(query.from)
  const to = queryValue(query.to)
  return {
    q: queryValue(query.q).slice(0, MAX_SEARCH),
    role: ROLES.includes(role) ? role : null,
    active: active === '1' ? true : active === '0' ? false : null,
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
    sort: USER_SORTS.includes(sort) ? sort : 'NEWEST',
  }
}

export function toUsersQuery(state: UsersQueryState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (state.q) query.q = state.q
  if (state.role) query.role = state.role
  if (state.active !== null) query.active = state.active ? '1' : '0'
  if (state.from) query.from = state.from
  if (state.to) query.to = state.to
  if (state.sort !== 'NEWEST') query.sort = state.sort
  return query
}

export function toUserFilter(state: UsersQueryState): UserFilter {
  const filter: UserFilter = {}
  if (state.q) filter.search = state.q
  if (state.role) filter.role = state.role
  if (state.active !== null) filter.isActive = state.active
  const after = dayStart(state.from)
  const before = dayEnd(state.to)
  if (after) filter.createdAfter = after
  if (before) filter.createdBefore = before
  return filter
}

export function useAdminUsersQuery() {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => parseUsersQuery(route.query))

  // A change asked for while the previous one is still navigating builds on that one, not on
  // the URL it is leaving (a search pause landing just after a role change keeps the role).
  let pending: UsersQueryState | null = null

  function go(next: UsersQueryState): Promise<unknown> {
    pending = next
    return router.replace({ query: toUsersQuery(next) }).finally(() => {
      if (pending === next) pending = null
    })
  }

  /** Replaces the history entry: typing a search does not leave one entry per pause. */
  function update(change: Partial<UsersQueryState>): Promise<unknown> {
    return go({ ...(pending ?? state.value), ...change })
  }

  function reset(): Promise<unknown> {
    return go(parseUsersQuery({}))
  }

  return { state, update, reset }
}
