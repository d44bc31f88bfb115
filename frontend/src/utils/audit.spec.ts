import { describe, expect, it } from 'vitest'
import { actionLabel, AUDIT_ACTIONS, auditDiff, formatValue, targetLink } from './audit'

describe('audit entries', () => {
  it('reads a change field by field', () => {
    expect(auditDiff('{"role":"LEARNER"}', '{"role":"CREATOR"}')).toEqual({
      kind: 'fields', changes: [{ field: 'role', before: 'LEARNER', after: 'CREATOR' }],
    })
    expect(auditDiff('{"is_active":true,"hidden_at":null}', '{"is_active":false,"hidden_at":"2027-01-01T00:00:00+00:00"}')).toEqual({
      kind: 'fields',
      changes: [
        { field: 'is_active', before: 'true', after: 'false' },
        { field: 'hidden_at', before: 'none', after: '2027-01-01T00:00:00+00:00' },
      ],
    })
  })

  it('tells a field that did not exist from one that was null', () => {
    expect(auditDiff(null, '{"course_id":"c1","until":"2027-01-02"}')).toEqual({
      kind: 'fields', changes: [{ field: 'course_id', before: null, after: 'c1' }, { field: 'until', before: null, after: '2027-01-02' }],
    })
    expect(auditDiff('{"refunded_cents":0}', '{"refunded_cents":500,"status":"PARTIALLY_REFUNDED"}').kind).toBe('fields')
    expect(auditDiff('{"a":1}', null)).toEqual({ kind: 'fields', changes: [{ field: 'a', before: '1', after: null }] })
    expect(auditDiff(null, null)).toEqual({ kind: 'fields', changes: [] })
  })

  it('shows what is not a JSON object as text instead of failing', () => {
    expect(auditDiff('{not json', '{"a":1}')).toEqual({ kind: 'raw', before: '{not json', after: '{"a":1}' })
    expect(auditDiff('[1,2]', '"x"')).toEqual({ kind: 'raw', before: '[1,2]', after: '"x"' })
    const long = auditDiff('x'.repeat(5000), null)
    expect(long.kind === 'raw' && long.before?.length).toBe(300)
  })

  it('treats hostile field names as names and bounds what it shows', () => {
    const diff = auditDiff('{"__proto__":{"admin":true},"constructor":"x"}', '{}')
    expect(diff).toEqual({
      kind: 'fields',
      changes: [{ field: '__proto__', before: '{"admin":true}', after: null }, { field: 'constructor', before: 'x', after: null }],
    })
    expect(({} as Record<string, unknown>).admin).toBeUndefined()
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, i])))
    const bounded = auditDiff(many, null)
    expect(bounded.kind === 'fields' && bounded.changes.length).toBe(50)
    expect(formatValue('')).toBe('""')
    expect(formatValue({ nested: [1] })).toBe('{"nested":[1]}')
  })

  it('names every action and links the targets that have an admin page', () => {
    expect(AUDIT_ACTIONS).toHaveLength(21)
    expect(actionLabel('USER_PASSWORD_RESET_SENT')).toBe('Password reset email sent')
    expect(actionLabel('USER_DEACTIVATED')).toBe('Account deactivated')
    expect(actionLabel('SOMETHING_NEW')).toBe('SOMETHING_NEW')
    expect(targetLink('User', 'u1')).toEqual({ name: 'admin-user', params: { id: 'u1' } })
    expect(targetLink('Course', 'c1')).toEqual({ name: 'admin-course', params: { id: 'c1' } })
    expect(targetLink('Review', 'r1')).toBeNull()
  })
})
