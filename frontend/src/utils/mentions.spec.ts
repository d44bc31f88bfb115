import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown'
import { excerpt, withMentionNames } from './mentions'

const ana = { id: 'u-ana', displayName: 'Ana' }

describe('withMentionNames', () => {
  it('shows each <@id> as @Name and <!here> as @here', () => {
    expect(withMentionNames('hi <@u-ana>, see <!here>', [ana])).toBe('hi @Ana, see @here')
  })

  it('never shows an id the server did not name', () => {
    expect(withMentionNames('ping <@u-zed>', [ana])).toBe('ping @unknown')
  })

  it('escapes a name so it cannot format or inject markup', () => {
    const rendered = renderMarkdown(withMentionNames('<@x>', [{ id: 'x', displayName: '*Bo* [link](javascript:alert(1)) <b>' }]))
    expect(rendered).not.toContain('<em>')
    expect(rendered).not.toContain('<a')
    expect(rendered).not.toContain('<b>')
    expect(rendered).toContain('*Bo*')
  })
})

describe('excerpt', () => {
  it('names mentions, folds whitespace and cuts long text', () => {
    expect(excerpt('a\n\n<@u-ana>   b', [ana])).toBe('a @Ana b')
    const long = excerpt('x'.repeat(300), [], 20)
    expect(long).toHaveLength(20)
    expect(long.endsWith('…')).toBe(true)
  })
})
