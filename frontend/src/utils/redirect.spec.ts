import { describe, expect, it } from 'vitest'
import { safeRedirect } from './redirect'

describe('safeRedirect', () => {
  it('allows paths on this site only', () => {
    expect(safeRedirect('/courses/x?tab=1')).toBe('/courses/x?tab=1')
    expect(safeRedirect(['/learning'])).toBe('/learning')
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', undefined, 3]) {
      expect(safeRedirect(bad)).toBe('/')
      expect(safeRedirect(bad, '/studio')).toBe('/studio')
    }
  })
})
