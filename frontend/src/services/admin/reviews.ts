/**
 * Administrators' review calls: every review, hidden or not; hiding and restoring one (the
 * course's rating follows), and hiding many at once (all or none, each audited).
 */
import { request } from '@/services/api'
import { graphql } from '@/services/generated'
import type { AdminReviewFieldsFragment, AdminReviewFilter as AdminReviewFilterType } from '@/services/generated/graphql'
import { toPage, type AdminPage, type BulkOutcome } from './types2'

/** The server's limit for one bulk action. */
export const MAX_BULK = 100

/** `search`: part of the body; `ratingMax`: reviews rated at most this (1-5). */
export type AdminReviewFilter = AdminReviewFilterType

/** A review as an admin sees it, hidden or not. */
export type AdminReview = AdminReviewFieldsFragment

/** Newest first. */
export async function fetchAdminReviews(filter: AdminReviewFilter, after: string | null, first = 25): Promise<AdminPage<AdminReview>> {
  const data = await request(
    graphql(`query AdminReviews($filter: AdminReviewFilter, $first: Int, $after: String) {
      adminReviews(filter: $filter, first: $first, after: $after) {
        edges { node { ...AdminReviewFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped
      }
    }`),
    { filter, first, after },
  )
  return toPage(data.adminReviews)
}

export async function hideReview(id: string, reason: string): Promise<AdminReview> {
  const data = await request(
    graphql(`mutation HideReview($id: ID!, $reason: String!) { hideReview(id: $id, reason: $reason) { ...AdminReviewFields } }`),
    { id, reason },
  )
  return data.hideReview
}

export async function restoreReview(id: string, reason: string): Promise<AdminReview> {
  const data = await request(
    graphql(`mutation RestoreReview($id: ID!, $reason: String!) { restoreReview(id: $id, reason: $reason) { ...AdminReviewFields } }`),
    { id, reason },
  )
  return data.restoreReview
}

/** Up to `MAX_BULK` reviews, all or none: one unknown id changes nothing (BAD_USER_INPUT). */
export async function hideReviews(ids: string[], reason: string): Promise<BulkOutcome> {
  const data = await request(
    graphql(`mutation HideReviews($ids: [ID!]!, $reason: String!) { hideReviews(ids: $ids, reason: $reason) { ...BulkOutcomeFields } }`),
    { ids, reason },
  )
  return data.hideReviews
}
