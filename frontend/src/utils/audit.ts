/**
 * Reading audit entries: what each action is called, where its target lives in the admin, and
 * its `before`/`after` (JSON objects as text, written by the server but parsed here as if
 * hostile) as field-by-field changes: "role: LEARNER → CREATOR".
 */
import type { RouteLocationRaw } from 'vue-router'
import type { AuditAction } from '@/services/admin/types'

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  USER_ROLE_CHANGED: 'Role changed',
  USER_DEACTIVATED: 'Account deactivated',
  USER_REACTIVATED: 'Account reactivated',
  USER_SESSIONS_ENDED: 'Sessions ended',
  USER_VERIFICATION_RESENT: 'Verification email sent',
  USER_PASSWORD_RESET_SENT: 'Password reset email sent',
  COURSE_UNPUBLISHED: 'Course unpublished',
  COURSE_ARCHIVED: 'Course archived',
  COURSE_RESTORED: 'Course restored',
  COURSE_FEATURED: 'Course featured',
  COURSE_UNFEATURED: 'Course unfeatured',
  ENROLLMENT_REVOKED: 'Enrollment revoked',
  REVIEW_HIDDEN: 'Review hidden',
  REVIEW_RESTORED: 'Review restored',
  REVIEW_DELETED: 'Review deleted',
  ORDER_REFUNDED: 'Order refunded',
  REPORT_DISMISSED: 'Report dismissed',
  REPORT_ACTIONED: 'Report actioned',
  MESSAGE_DELETED: 'Message deleted',
  MEMBER_MUTED: 'Member muted',
  MEMBER_UNMUTED: 'Member unmuted',
}

export const AUDIT_ACTIONS = Object.keys(AUDIT_ACTION_LABELS) as AuditAction[]

export const AUDIT_TARGET_TYPES = ['User', 'Course', 'Enrollment', 'Review', 'Order', 'MessageReport', 'Message'] as const

export function actionLabel(action: string): string {
  return (AUDIT_ACTION_LABELS as Record<string, string | undefined>)[action] ?? action
}

/** The admin page of a target, for the types that have one. */
export function targetLink(targetType: string, targetId: string): RouteLocationRaw | null {
  if (!targetId) return null
  if (targetType === 'User') return { name: 'admin-user', params: { id: targetId } }
  if (targetType === 'Course') return { name: 'admin-course', params: { id: targetId } }
  return null
}

export interface FieldChange {
  field: string
  /** Formatted for reading; null where the field did not exist on that side. */
  before: string | null
  after: string | null
}

export type AuditDiff =
  | { kind: 'fields'; changes: FieldChange[] }
  /** Not JSON objects: the texts as they are, for the admin to read. */
  | { kind: 'raw'; before: string | null; after: string | null }

const MAX_FIELDS = 50
const MAX_VALUE = 300

type Parsed = { ok: true; value: Map<string, unknown> | null } | { ok: false }

/** A JSON object's fields in order (null text: nothing existed); not ok for anything else. */
function parseObject(text: string | null): Parsed {
  if (text === null || text.trim() === '') return { ok: true, value: null }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return { ok: false }
  }
  if (value === null) return { ok: true, value: null }
  if (typeof value !== 'object' || Array.isArray(value)) return { ok: false }
  // A Map, never a plain object: a "__proto__" or "constructor" field is just a field.
  return { ok: true, value: new Map(Object.entries(value as Record<string, unknown>)) }
}

function clip(text: string): string {
  return text.length > MAX_VALUE ? `${text.slice(0, MAX_VALUE - 1)}…` : text
}

/** A JSON value as an admin reads it: strings bare (empty as ""), null as "none". */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (typeof value === 'string') return value === '' ? '""' : clip(value)
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  try {
    return clip(JSON.stringify(value))
  } catch {
    return '?'
  }
}

export function auditDiff(before: string | null, after: string | null): AuditDiff {
  const old = parseObject(before)
  const now = parseObject(after)
  if (!old.ok || !now.ok) return { kind: 'raw', before: before === null ? null : clip(before), after: after === null ? null : clip(after) }
  const fields = [...new Set([...(old.value?.keys() ?? []), ...(now.value?.keys() ?? [])])].slice(0, MAX_FIELDS)
  return {
    kind: 'fields',
    changes: fields.map((field) => ({
      field: clip(field),
      before: old.value?.has(field) ? formatValue(old.value.get(field)) : null,
      after: now.value?.has(field) ? formatValue(now.value.get(field)) : null,
    })),
  }
}
