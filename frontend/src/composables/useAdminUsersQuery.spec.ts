import { describe, expect, it } from 'vitest'
import { parseUsersQuery, toUserFilter, toUsersQuery } from './useAdminUsersQuery'

describe('the admin users query string', () => {
  it('round-trips every filter through the URL', () => {
    const query = { q: 'ann', role: 'CREATOR', active: '0', from: '2027-01-01', to: '2027-01-31', sort: 'EMAIL' }
    const state = parseUsersQuery(query)
    expect(state).toEqual({ q: 'ann', role: 'CREATOR', active: false, from: '2027-01-01', to: '2027-01-31', sort: 'EMAIL' })
    expect(toUsersQuery(state)).toEqual(query)
    expect(toUsersQuery(parseUsersQuery({}))).toEqual({})
  })

  it('maps days to the API’s instants: from inclusive, to inclusive as the next midnight', () => {
    expect(toUserFilter(parseUsersQuery({ q: 'ann', role: 'ADMIN', active: '1', from: '2027-01-01', to: '2027-01-31' }))).toEqual({
      search: 'ann', role: 'ADMIN', isActive: true, createdAfter: '2027-01-01T00:00:00Z', createdBefore: '2027-02-01T00:00:00Z',
    })
    expect(toUserFilter(parseUsersQuery({}))).toEqual({})
  })

  it('drops malformed values from a hand-edited URL', () => {
    const state = parseUsersQuery({ role: 'ROOT', active: 'yes', from: '2027-02-30', to: '12/01/2027', sort: 'RANDOM', q: 'x'.repeat(999) })
    expect(state).toEqual({ q: 'x'.repeat(200), role: null, active: null, from: '', to: '', sort: 'NEWEST' })
    expect(parseUsersQuery({ q: ['first', 'second'] }).q).toBe('first')
  })
})
