import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { useKeysetPages } from './useKeysetPages'

describe('keyset pages', () => {
  it('goes forward with each end cursor and back through the ones visited', () => {
    const pages = useKeysetPages(() => 'q')
    expect([pages.page.value, pages.after.value, pages.hasPrevious.value]).toEqual([1, null, false])
    pages.next('c1')
    pages.next('c2')
    expect([pages.page.value, pages.after.value, pages.hasPrevious.value]).toEqual([3, 'c2', true])
    pages.previous()
    expect([pages.page.value, pages.after.value]).toEqual([2, 'c1'])
    pages.previous()
    pages.previous()
    expect([pages.page.value, pages.after.value]).toEqual([1, null])
  })

  it('ignores a missing end cursor (there is no next page)', () => {
    const pages = useKeysetPages(() => 'q')
    pages.next(null)
    expect(pages.page.value).toBe(1)
  })

  it('starts again on the first page when the query changes, at once', () => {
    const query = ref('role=ADMIN')
    const pages = useKeysetPages(() => query.value)
    pages.next('c1')
    query.value = 'role=LEARNER'
    expect([pages.page.value, pages.after.value]).toEqual([1, null])
    pages.next('d1')
    expect(pages.after.value).toBe('d1')
    pages.reset()
    expect(pages.after.value).toBeNull()
  })
})
