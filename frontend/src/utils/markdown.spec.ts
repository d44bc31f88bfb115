import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown'

describe('renderMarkdown', () => {
  it('renders Markdown', () => {
    expect(renderMarkdown('# Title\n\n**bold** and `code`')).toBe('<h1>Title</h1>\n<p><strong>bold</strong> and <code>code</code></p>\n')
  })

  it('shows raw HTML as text instead of running it', () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)"><script>alert(2)</script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<script')
    expect(html).toContain('&lt;img src=x onerror="alert(1)"&gt;')
  })

  it('refuses javascript: links and opens others safely in a new tab', () => {
    expect(renderMarkdown('[x](javascript:alert(1))')).not.toContain('href="javascript')
    expect(renderMarkdown('[docs](https://example.com)')).toContain(
      '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow ugc">docs</a>',
    )
  })
})

describe('chat bodies', () => {
  it('highlights fenced code in a registered language, and escapes any other', () => {
    const html = renderMarkdown('```python\ndef f(): return "<b>"\n```')
    expect(html).toContain('<span class="hljs-keyword">def</span>')
    expect(html).toContain('&lt;b&gt;')
    expect(renderMarkdown('```brainfuck\n<script>x</script>\n```')).toContain('&lt;script&gt;')
  })

  it('renders <@id> as a chip with the escaped name, never the raw id or markup', () => {
    const html = renderMarkdown('hi <@u1> and <@gone>, <!here>', [{ id: 'u1', displayName: '<img src=x onerror=alert(1)>' }])
    expect(html).toContain('<span class="mention" data-mention="">@&lt;img src=x onerror=alert(1)&gt;</span>')
    expect(html).toContain('@unknown')
    expect(html).toContain('@here')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('gone')
  })

  it('leaves a token inside code alone', () => {
    expect(renderMarkdown('`<@u1>`', [{ id: 'u1', displayName: 'Ana' }])).toContain('<code>&lt;@u1&gt;</code>')
  })
})
