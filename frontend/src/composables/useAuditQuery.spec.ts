import { describe, expect, it } from 'vitest'
import { EMPTY_AUDIT_QUERY, parseAuditQuery, toAuditFilter, toAuditQuery } from './useAuditQuery'

const ACTOR = '0b7e2f36-5d55-4d4e-9a36-5f1f1c7a9e01'

describe('the audit log query string', () => {
  it('round-trips every filter and maps it to the API’s', () => {
    const query = { action: 'USER_DEACTIVATED', actor: ACTOR, type: 'User', target: 'u-1', q: 'spam', from: '2027-03-01', to: '2027-03-31' }
    const state = parseAuditQuery(query)
    expect(toAuditQuery(state)).toEqual(query)
    expect(toAuditFilter(state)).toEqual({
      action: 'USER_DEACTIVATED', actorId: ACTOR, targetType: 'User', targetId: 'u-1', search: 'spam',
      createdAfter: '2027-03-01T00:00:00Z', createdBefore: '2027-04-01T00:00:00Z',
    })
    expect(toAuditFilter(EMPTY_AUDIT_QUERY)).toEqual({})
  })

  it('drops what the API would refuse or could never match', () => {
    expect(parseAuditQuery({ action: 'USER_DELETED', actor: 'a b', type: 'Admin', target: 'x'.repeat(65), from: '1999-12-31' })).toEqual(EMPTY_AUDIT_QUERY)
  })
})
