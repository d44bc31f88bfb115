import { describe, expect, it } from 'vitest'
import { HERE_TOKEN, insertToken, mentionQueryAt, mentionToken } from './mentionQuery'

describe('mentionQueryAt', () => {
  it('finds the @word the caret ends', () => {
    expect(mentionQueryAt('@', 1)).toEqual({ from: 0, query: '' })
    expect(mentionQueryAt('hi @gra', 7)).toEqual({ from: 3, query: 'gra' })
    expect(mentionQueryAt('hi @Grace Ho', 12)).toEqual({ from: 3, query: 'Grace Ho' })
    expect(mentionQueryAt('(@bo', 4)).toEqual({ from: 1, query: 'bo' })
    expect(mentionQueryAt('hi @gra and more', 7)).toEqual({ from: 3, query: 'gra' })
  })

  it('is not fooled by email addresses, finished tokens, lines or long runs', () => {
    expect(mentionQueryAt('ana@example', 11)).toBeNull()
    expect(mentionQueryAt('<@abc> ok', 9)).toBeNull()
    expect(mentionQueryAt('@ana\nbo', 7)).toBeNull()
    expect(mentionQueryAt('@ ana', 5)).toBeNull()
    expect(mentionQueryAt('@a  b', 5)).toBeNull()
    expect(mentionQueryAt(`@${'x'.repeat(60)}`, 61)).toBeNull()
    expect(mentionQueryAt('', 0)).toBeNull()
    expect(mentionQueryAt('@a', 99)).toBeNull()
  })
})

describe('insertToken', () => {
  it('replaces the @word with the token and a space, caret after it', () => {
    expect(insertToken('hi @gra', 3, 7, mentionToken('u1'))).toEqual({ value: 'hi <@u1> ', caret: 9 })
    expect(insertToken('hi @gra there', 3, 7, HERE_TOKEN)).toEqual({ value: 'hi <!here> there', caret: 11 })
  })
})
