/**
 * Chat moderation for administrators: the queue of members' reports (each with the message in
 * context), resolving one (dismiss, delete the message, mute its author for a while, or both),
 * and the mutes in force. Resolving a report resolves every open report of the same message; a
 * report someone else resolved first answers CONFLICT.
 */
import { request } from '@/services/api'
import { MESSAGE } from '@/services/chat'
import type { Message } from '@/services/types'
import { ACCOUNT, PAGE_INFO, TOTAL, toPage, type Account, type AdminPage, type Connection } from './types2'

export type ReportStatus = 'OPEN' | 'DISMISSED' | 'ACTIONED'
export type ReportAction = 'DISMISS' | 'DELETE_MESSAGE' | 'MUTE_AUTHOR' | 'DELETE_AND_MUTE'
export const REPORT_STATUSES: readonly ReportStatus[] = ['OPEN', 'ACTIONED', 'DISMISSED']

/** The server's bounds for a mute: a minute to 30 days. */
export const MIN_MUTE_MINUTES = 1
export const MAX_MUTE_MINUTES = 43_200

export function mutes(action: ReportAction): boolean {
  return action === 'MUTE_AUTHOR' || action === 'DELETE_AND_MUTE'
}

export interface MessageReport {
  id: string
  status: ReportStatus
  reason: string
  createdAt: string
  /** The message as it is now (deleted: empty body). */
  message: Message
  /** The body when it was reported. */
  reportedBody: string
  author: Account | null
  reporter: Account | null
  roomId: string
  roomName: string
  courseId: string
  courseTitle: string
  /** Up to 3 messages before and after, oldest first, the reported one included. */
  context: Message[] | null
  /** Open reports of the same message. */
  reportCount: number
  resolvedAt: string | null
  resolution: ReportAction | null
}

export interface ChatMute {
  id: string
  courseId: string
  user: Account
  reason: string
  createdAt: string
  endsAt: string
  liftedAt: string | null
}

const REPORT = `id status reason createdAt message { ${MESSAGE} } reportedBody author { ${ACCOUNT} } reporter { ${ACCOUNT} }
  roomId roomName courseId courseTitle context { ${MESSAGE} } reportCount resolvedAt resolution`
const MUTE = `id courseId user { ${ACCOUNT} } reason createdAt endsAt liftedAt`

/** OPEN: oldest first (the queue); the other statuses newest first. */
export async function fetchReports(status: ReportStatus, after: string | null, first = 20): Promise<AdminPage<MessageReport>> {
  const data = await request<{ messageReports: Connection<MessageReport> }>(
    `query MessageReports($status: ReportStatus, $first: Int, $after: String) {
      messageReports(status: $status, first: $first, after: $after) { edges { node { ${REPORT} } } ${PAGE_INFO} ${TOTAL} }
    }`,
    { status, first, after },
  )
  return toPage(data.messageReports)
}

/** `muteMinutes` only for the actions that mute (the server refuses it otherwise). */
export async function resolveReport(reportId: string, action: ReportAction, muteMinutes: number | null, reason: string): Promise<MessageReport> {
  const data = await request<{ resolveReport: MessageReport }>(
    `mutation ResolveReport($id: ID!, $action: ReportAction!, $minutes: Int, $reason: String) {
      resolveReport(reportId: $id, action: $action, muteMinutes: $minutes, reason: $reason) { ${REPORT} }
    }`,
    { id: reportId, action, minutes: mutes(action) ? muteMinutes : null, reason },
  )
  return data.resolveReport
}

/** Mutes in force, every course's (or one course's). */
export async function fetchChatMutes(courseId: string | null = null): Promise<ChatMute[]> {
  const data = await request<{ chatMutes: ChatMute[] }>(`query ChatMutes($id: ID) { chatMutes(courseId: $id) { ${MUTE} } }`, { id: courseId })
  return data.chatMutes
}

export async function unmuteMember(muteId: string, reason: string): Promise<ChatMute> {
  const data = await request<{ unmuteMember: ChatMute }>(
    `mutation UnmuteMember($id: ID!, $reason: String) { unmuteMember(muteId: $id, reason: $reason) { ${MUTE} } }`,
    { id: muteId, reason },
  )
  return data.unmuteMember
}
