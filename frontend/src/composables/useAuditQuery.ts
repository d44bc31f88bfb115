/**
 * The audit log's filters in the URL (`/admin/audit?type=User&target=<id>`), so the user page
 * can link to "this account's history" and a reload keeps the filters.
 */
import { computed } from 'vue'
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router'
import type { AuditAction, AuditFilter } from '@/services/admin/types'
import { AUDIT_ACTIONS, AUDIT_TARGET_TYPES } from '@/utils/audit'
import { queryValue } from '@/utils/query'
import { dayEnd, dayStart, isDay } from '@/utils/utcDay'

export interface AuditQueryState {
  action: AuditAction | null
  actor: string
  type: string
  target: string
  q: string
  from: string
  to: string
}

export const EMPTY_AUDIT_QUERY: AuditQueryState = { action: null, actor: '', type: '', target: '', q: '', from: '', to: '' }

/** Ids are UUIDs and similar; anything else in a hand-edited URL is dropped. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

function id(value: string): string {
  return ID.test(value) ? value : ''
}

export function parseAuditQuery(query: LocationQuery): AuditQueryState {
  const action = queryValue(query.action) as AuditAction
  const type = queryValue(query.type)
  const from = queryValue(query.from)
  const to = queryValue(query.to)
  return {
    action: AUDIT_ACTIONS.includes(action) ? action : null,
    actor: id(queryValue(query.actor)),
    type: (AUDIT_TARGET_TYPES as readonly string[]).includes(type) ? type : '',
    target: id(queryValue(query.target)),
    q: queryValue(query.q).slice(0, 100),
    from: isDay(from) ? from : '',
    to: isDay(to) ? to : '',
  }
}

export function toAuditQuery(state: AuditQueryState): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  for (const key of ['action', 'actor', 'type', 'target', 'q', 'from', 'to'] as const) {
    const value = state[key]
    if (value) query[key] = value
  }
  return query
}

export function toAuditFilter(state: AuditQueryState): AuditFilter {
  const filter: AuditFilter = {}
  if (state.action) filter.action = state.action
  if (state.actor) filter.actorId = state.actor
  if (state.type) filter.targetType = state.type
  if (state.target) filter.targetId = state.target
  if (state.q) filter.search = state.q
  const after = dayStart(state.from)
  const before = dayEnd(state.to)
  if (after) filter.createdAfter = after
  if (before) filter.createdBefore = before
  return filter
}

export function useAuditQuery() {
  const route = useRoute()
  const router = useRouter()
  const state = computed(() => parseAuditQuery(route.query))

  function apply(next: AuditQueryState): Promise<unknown> {
    return router.push({ query: toAuditQuery(next) })
  }

  return { state, apply }
}
