import { describe, expect, it } from 'vitest'
import { searchProblem } from './catalogSearch'

describe('searchProblem', () => {
  it('refuses punctuation only and texts over 200 characters (spaces collapsed first)', () => {
    expect(searchProblem('!!! ?? —')).toBe('NO_WORDS')
    expect(searchProblem('x'.repeat(10_000))).toBe('TOO_LONG')
    expect(searchProblem('a'.repeat(201))).toBe('TOO_LONG')
    expect(searchProblem(`${'a'.repeat(100)}     ${'b'.repeat(99)}`)).toBeNull() // 200 once collapsed
  })

  it('takes words in any script, digits, and the empty text (which clears the search)', () => {
    expect(searchProblem('pythn')).toBeNull()
    expect(searchProblem('C++')).toBeNull()
    expect(searchProblem('日本語')).toBeNull()
    expect(searchProblem('3')).toBeNull()
    expect(searchProblem('   ')).toBeNull()
  })
})
