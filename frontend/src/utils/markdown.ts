/**
 * Markdown from users, rendered safely: markdown-it with `html: false` escapes any raw HTML and
 * refuses `javascript:` links; DOMPurify then strips whatever a future markdown-it plugin or bug
 * might let through. Links open in a new tab without handing over `window.opener`, marked as
 * user content (`ugc`, `nofollow`) so a spam link earns nothing.
 *
 * Fenced code is highlighted by highlight.js's core with a handful of languages registered (the
 * ones a course chat pastes: Python, JavaScript/TypeScript, shell, SQL, JSON, HTML/XML, CSS):
 * the full bundle weighs ~1 MB, the core and these ~60 kB. Its output is spans with `hljs-*`
 * classes over escaped text; an unknown or missing language is shown escaped, unhighlighted.
 *
 * Chat bodies name members as `<@USER_ID>` (and a room as `<!here>`): given the message's
 * `mentions`, each becomes a `@Name` chip (a span, the name as escaped text), so no name can
 * inject markup; an id the server did not name reads `@unknown`.
 */
import DOMPurify from 'dompurify'
import hljs from 'highlight.js/lib/core'
import bash from 'highlight.js/lib/languages/bash'
import css from 'highlight.js/lib/languages/css'
import javascript from 'highlight.js/lib/languages/javascript'
import json from 'highlight.js/lib/languages/json'
import python from 'highlight.js/lib/languages/python'
import sql from 'highlight.js/lib/languages/sql'
import typescript from 'highlight.js/lib/languages/typescript'
import xml from 'highlight.js/lib/languages/xml'
import MarkdownIt from 'markdown-it'
import type { Named } from './mentions'

for (const [name, language] of Object.entries({ bash, css, javascript, json, python, sql, typescript, xml })) {
  hljs.registerLanguage(name, language)
}

// No typographer: users' text is shown as written (quotes stay quotes).
const md = new MarkdownIt({
  html: false,
  linkify: true,
  typographer: false,
  highlight: (code, lang) => {
    const language = lang.trim().toLowerCase()
    if (!language || !hljs.getLanguage(language)) return '' // markdown-it escapes it
    try {
      return hljs.highlight(code, { language, ignoreIllegals: true }).value
    } catch {
      return ''
    }
  },
})

const defaultLinkOpen = md.renderer.rules.link_open
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const token = tokens[idx]
  token?.attrSet('target', '_blank')
  token?.attrSet('rel', 'noopener noreferrer nofollow ugc')
  return defaultLinkOpen ? defaultLinkOpen(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options)
}

const MENTION = /<@([^>\s]+)>|<!here>/g

interface Env {
  [key: PropertyKey]: unknown
  mentions?: ReadonlyMap<string, string>
}

// `<@id>` tokens in text (not in code) become mention chips; markdown-it has escaped the rest.
md.core.ruler.push('mentions', (state) => {
  const names = (state.env as Env).mentions
  if (!names) return
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children) continue
    const children: typeof block.children = []
    for (const token of block.children) {
      if (token.type !== 'text' || !token.content.includes('<')) {
        children.push(token)
        continue
      }
      let last = 0
      for (const match of token.content.matchAll(MENTION)) {
        const at = match.index ?? 0
        if (at > last) children.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last, at) }))
        const chip = new state.Token('mention', '', 0)
        const id = match[1]
        chip.content = id === undefined ? 'here' : (names.get(id) ?? 'unknown')
        chip.meta = { here: id === undefined }
        children.push(chip)
        last = at + match[0].length
      }
      if (last < token.content.length) children.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(last) }))
    }
    block.children = children
  }
})

md.renderer.rules.mention = (tokens, idx) => {
  const token = tokens[idx]
  const name = md.utils.escapeHtml(token?.content ?? '')
  return `<span class="mention" data-mention>@${name}</span>`
}

/** Render `source`; with `mentions` (a chat message's), its `<@id>` tokens as name chips. */
export function renderMarkdown(source: string, mentions?: readonly Named[]): string {
  const env: Env = mentions ? { mentions: new Map(mentions.map((m) => [m.id, m.displayName])) } : {}
  return DOMPurify.sanitize(md.render(source, env), { ADD_ATTR: ['target'] })
}
