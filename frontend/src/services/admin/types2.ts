/**
 * Shapes the admin's course, order, review and moderation pages share (the users, audit and
 * dashboard pages keep theirs in `types.ts`). Each admin list is a keyset-paged connection with a
 * total; the services hand pages over as `AdminPage`, the nodes already taken out of their edges.
 */
import type { AccountFieldsFragment, BulkOutcomeFieldsFragment } from '@/services/generated/graphql'
import type { PageInfo } from '@/services/types'

/**
 * One page of an admin list. `totalCount` counts the rows the filter selects (not this page's),
 * exactly up to 10,000; beyond, the server stops counting: `totalCount` is 10,000 and
 * `totalCountCapped` says more exist (shown as "10,000+", utils/format.ts `pluralTotal`).
 */
export interface AdminPage<T> {
  items: T[]
  pageInfo: PageInfo
  totalCount: number
  totalCountCapped: boolean
}

/** A connection as the API sends it (the total is asked for together: the server counts once). */
export interface Connection<T> {
  edges: { node: T }[]
  pageInfo: PageInfo
  totalCount: number | null
  totalCountCapped: boolean | null
}

export function toPage<T>(connection: Connection<T>): AdminPage<T> {
  return {
    items: connection.edges.map((edge) => edge.node),
    pageInfo: connection.pageInfo,
    totalCount: connection.totalCount ?? connection.edges.length,
    totalCountCapped: connection.totalCountCapped ?? false,
  }
}

/** Anyone an admin sees: a name to read and an email to tell two namesakes apart. */
export type Account = AccountFieldsFragment

/** What a bulk action did: each changed target is audited on its own. */
export type BulkOutcome = BulkOutcomeFieldsFragment

/** The longest reason the audit log keeps (edusphere/audit/log.py MAX_REASON). */
export const MAX_REASON = 500
