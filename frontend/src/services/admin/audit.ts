/** Reading the audit log: newest first, keyset-paged. No call here (or anywhere) changes it. */
import { request } from '@/services/api'
import type { PageInfo } from '@/services/types'
import type { AuditEntry, AuditFilter, AuditPage } from './types'

const ENTRY = 'id action actorId actor { id displayName } targetType targetId before after reason createdAt'

export interface AuditRequest {
  filter: AuditFilter
  first: number
  after: string | null
}

export async function fetchAuditLog({ filter, first, after }: AuditRequest): Promise<AuditPage> {
  const data = await request<{ auditLog: { edges: { node: AuditEntry }[]; pageInfo: PageInfo } }>(
    `query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
      auditLog(filter: $filter, first: $first, after: $after) {
        edges { node { ${ENTRY} } } pageInfo { hasNextPage endCursor }
      }
    }`,
    { filter, first, after },
  )
  return { entries: data.auditLog.edges.map((edge) => edge.node), pageInfo: data.auditLog.pageInfo }
}
