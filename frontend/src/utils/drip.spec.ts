import { describe, expect, it } from 'vitest'
import { checkOpensAfterDays, opensLabel } from './drip'
import { formatDate } from './format'

describe('checkOpensAfterDays', () => {
  it.each([-1, 3651, 1.5, Number.NaN, Infinity, '', ' ', 'seven', '1e9', null, undefined, true, [7]])('refuses %j', (value) => {
    const checked = checkOpensAfterDays(value)
    expect(checked.days).toBeNull()
    expect(checked.problem).toBe('Enter a whole number of days from 0 to 3650.')
  })

  it.each([
    [0, 0],
    [7, 7],
    ['14', 14],
    [3650, 3650],
  ])('takes %j as %d days', (value, days) => {
    expect(checkOpensAfterDays(value)).toEqual({ days, problem: null })
  })
})

describe('opensLabel', () => {
  const at = '2026-12-11T10:00:00+00:00'

  it('says when a locked module opens', () => {
    expect(opensLabel({ locked: true, opensAt: at, opensAfterDays: 7 }, true)).toBe(`Opens on ${formatDate(at)}`)
  })

  it('tells someone not enrolled how long after enrolling', () => {
    expect(opensLabel({ locked: false, opensAt: null, opensAfterDays: 7 }, false)).toBe('Opens 7 days after enrollment')
    expect(opensLabel({ locked: false, opensAt: null, opensAfterDays: 1 }, false)).toBe('Opens 1 day after enrollment')
  })

  it('says nothing once open, or for a module open at enrollment', () => {
    expect(opensLabel({ locked: false, opensAt: null, opensAfterDays: 7 }, true)).toBeNull()
    expect(opensLabel({ locked: false, opensAt: null, opensAfterDays: 0 }, false)).toBeNull()
  })
})
