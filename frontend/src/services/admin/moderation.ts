/**
 * Chat moderation for administrators: the queue of members' reports (each with the message in
 * context), resolving one (dismiss, delete the message, mute its author for a while, or both),
 * and the mutes in force. Resolving a report resolves every open report of the same message; a
 * report someone else resolved first answers CONFLICT.
 */
import { request } from '@/services/api'
import { graphql } from '@/services/generated'
import type { ChatMuteFieldsFragment, MessageReportFieldsFragment, ReportAction, ReportStatus } from '@/services/generated/graphql'
import { toPage, type AdminPage } from './types2'

export type { ReportAction, ReportStatus }
export const REPORT_STATUSES: readonly ReportStatus[] = ['OPEN', 'ACTIONED', 'DISMISSED']

/** The server's bounds for a mute: a minute to 30 days. */
export const MIN_MUTE_MINUTES = 1
export const MAX_MUTE_MINUTES = 43_200

export function mutes(action: ReportAction): boolean {
  return action === 'MUTE_AUTHOR' || action === 'DELETE_AND_MUTE'
}

/**
 * A member's report: `message` as it is now (deleted: empty body), `reportedBody` as it was when
 * reported, `context` up to 3 messages before and after (oldest first, the reported one
 * included), `reportCount` the open reports of the same message.
 */
export type MessageReport = MessageReportFieldsFragment

export type ChatMute = ChatMuteFieldsFragment

/** OPEN: oldest first (the queue); the other statuses newest first. */
export async function fetchReports(status: ReportStatus, after: string | null, first = 20): Promise<AdminPage<MessageReport>> {
  const data = await request(
    graphql(`query MessageReports($status: ReportStatus, $first: Int, $after: String) {
      messageReports(status: $status, first: $first, after: $after) {
        edges { node { ...MessageReportFields } } pageInfo { ...PageInfoFields } totalCount totalCountCapped
      }
    }`),
    { status, first, after },
  )
  return toPage(data.messageReports)
}

/** `muteMinutes` only for the actions that mute (the server refuses it otherwise). */
export async function resolveReport(reportId: string, action: ReportAction, muteMinutes: number | null, reason: string): Promise<MessageReport> {
  const data = await request(
    graphql(`mutation ResolveReport($id: ID!, $action: ReportAction!, $minutes: Int, $reason: String) {
      resolveReport(reportId: $id, action: $action, muteMinutes: $minutes, reason: $reason) { ...MessageReportFields }
    }`),
    { id: reportId, action, minutes: mutes(action) ? muteMinutes : null, reason },
  )
  return data.resolveReport
}

/** Mutes in force, every course's (or one course's). */
export async function fetchChatMutes(courseId: string | null = null): Promise<ChatMute[]> {
  const data = await request(graphql(`query ChatMutes($id: ID) { chatMutes(courseId: $id) { ...ChatMuteFields } }`), { id: courseId })
  return data.chatMutes
}

export async function unmuteMember(muteId: string, reason: string): Promise<ChatMute> {
  const data = await request(
    graphql(`mutation UnmuteMember($id: ID!, $reason: String) { unmuteMember(muteId: $id, reason: $reason) { ...ChatMuteFields } }`),
    { id: muteId, reason },
  )
  return data.unmuteMember
}
