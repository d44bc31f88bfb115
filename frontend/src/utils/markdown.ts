/**
 * Markdown from users, rendered safely: markdown-it with `html: false` escapes any raw HTML and
 * refuses `javascript:` links; DOMPurify then strips whatever a future markdown-it plugin or bug
 * might let through. Links open in a new tab without handing over `window.opener`.
 */
import DOMPurify from 'dompurify'
import MarkdownIt from 'markdown-it'

// No typographer: users' text is shown as written (quotes stay quotes).
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })

const defaultLinkOpen = md.renderer.rules.link_open
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]
  token?.attrSet('target', '_blank')
  token?.attrSet('rel', 'noopener noreferrer nofollow')
  return defaultLinkOpen ? defaultLinkOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options)
}

export function renderMarkdown(source: string): string {
  return DOMPurify.sanitize(md.render(source), { ADD_ATTR: ['target'] })
}
