/**
 * Administrators' review calls: every review, hidden or not; hiding and restoring one (the
 * course's rating follows), and hiding many at once (all or none, each audited).
 */
import { request } from '@/services/api'
import { ACCOUNT, PAGE_INFO, TOTAL, toPage, type Account, type AdminPage, type BulkOutcome, type Connection } from './types2'

/** The server's limit for one bulk action. */
export const MAX_BULK = 100

export interface AdminReviewFilter {
  hidden?: boolean
  courseId?: string
  /** Part of the body. */
  search?: string
  /** Reviews rated at most this (1-5). */
  ratingMax?: number
}

export interface AdminReview {
  id: string
  rating: number
  body: string
  createdAt: string
  updatedAt: string
  hiddenAt: string | null
  hiddenReason: string | null
  author: Account
  course: { id: string; slug: string; title: string }
}

const REVIEW = `id rating body createdAt updatedAt hiddenAt hiddenReason author { ${ACCOUNT} } course { id slug title }`

/** Newest first. */
export async function fetchAdminReviews(filter: AdminReviewFilter, after: string | null, first = 25): Promise<AdminPage<AdminReview>> {
  const data = await request<{ adminReviews: Connection<AdminReview> }>(
    `query AdminReviews($filter: AdminReviewFilter, $first: Int, $after: String) {
      adminReviews(filter: $filter, first: $first, after: $after) { edges { node { ${REVIEW} } } ${PAGE_INFO} ${TOTAL} }
    }`,
    { filter, first, after },
  )
  return toPage(data.adminReviews)
}

export async function hideReview(id: string, reason: string): Promise<AdminReview> {
  const data = await request<{ hideReview: AdminReview }>(
    `mutation HideReview($id: ID!, $reason: String!) { hideReview(id: $id, reason: $reason) { ${REVIEW} } }`,
    { id, reason },
  )
  return data.hideReview
}

export async function restoreReview(id: string, reason: string): Promise<AdminReview> {
  const data = await request<{ restoreReview: AdminReview }>(
    `mutation RestoreReview($id: ID!, $reason: String!) { restoreReview(id: $id, reason: $reason) { ${REVIEW} } }`,
    { id, reason },
  )
  return data.restoreReview
}

/** Up to `MAX_BULK` reviews, all or none: one unknown id changes nothing (BAD_USER_INPUT). */
export async function hideReviews(ids: string[], reason: string): Promise<BulkOutcome> {
  const data = await request<{ hideReviews: BulkOutcome }>(
    'mutation HideReviews($ids: [ID!]!, $reason: String!) { hideReviews(ids: $ids, reason: $reason) { changed unchanged } }',
    { ids, reason },
  )
  return data.hideReviews
}
