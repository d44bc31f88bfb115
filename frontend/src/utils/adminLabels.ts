/** Words and colours the admin's course, order, review and moderation pages share. */
import type { EnrollmentSource } from '@/services/admin/courses'
import type { ReportAction, ReportStatus } from '@/services/admin/moderation'
import type { CourseStatus } from '@/services/types'

export const COURSE_STATUS_LABELS: Record<CourseStatus, string> = {
  DRAFT: 'Draft',
  PUBLISHED: 'Published',
  ARCHIVED: 'Archived',
}

export const COURSE_STATUS_STYLE: Record<CourseStatus, string> = {
  DRAFT: 'bg-amber-100 text-amber-900',
  PUBLISHED: 'bg-green-100 text-green-900',
  ARCHIVED: 'bg-slate-200 text-slate-700',
}

export const SOURCE_LABELS: Record<EnrollmentSource, string> = {
  FREE: 'Free',
  PURCHASE: 'Purchase',
  ADMIN: 'Admin',
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  OPEN: 'Open',
  ACTIONED: 'Actioned',
  DISMISSED: 'Dismissed',
}

/** The button that starts the action, and what the queue says once it is done. */
export const REPORT_ACTION_LABELS: Record<ReportAction, { button: string; done: string }> = {
  DISMISS: { button: 'Dismiss', done: 'Report dismissed' },
  DELETE_MESSAGE: { button: 'Delete message', done: 'Message deleted' },
  MUTE_AUTHOR: { button: 'Mute author', done: 'Author muted' },
  DELETE_AND_MUTE: { button: 'Delete and mute', done: 'Message deleted and author muted' },
}

/** Whether a report's `resolution` (a String in the schema) is an action this app has words for. */
export function isReportAction(value: string): value is ReportAction {
  return Object.prototype.hasOwnProperty.call(REPORT_ACTION_LABELS, value)
}

/** The mute lengths offered first (minutes); anything else from 1 to 43,200 is "Custom". */
export const MUTE_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 1440, label: '24 hours' },
  { minutes: 10080, label: '7 days' },
]

/** "90 minutes" as "1 h 30 min", "2880" as "2 days": how long a mute lasts. */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  const rest = minutes % 60
  return rest ? `${hours} h ${rest} min` : `${hours} h`
}
