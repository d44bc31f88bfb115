/** Reading the audit log: newest first, keyset-paged. No call here (or anywhere) changes it. */
import { request } from '@/services/api'
import { graphql } from '@/services/generated'
import type { AuditFilter, AuditPage } from './types'

export interface AuditRequest {
  filter: AuditFilter
  first: number
  after: string | null
}

export async function fetchAuditLog({ filter, first, after }: AuditRequest): Promise<AuditPage> {
  const data = await request(
    graphql(`query AuditLog($filter: AuditFilter, $first: Int, $after: String) {
      auditLog(filter: $filter, first: $first, after: $after) {
        edges { node { ...AuditEntryFields } } pageInfo { ...PageInfoFields }
      }
    }`),
    { filter, first, after },
  )
  return { entries: data.auditLog.edges.map((edge) => edge.node), pageInfo: data.auditLog.pageInfo }
}
