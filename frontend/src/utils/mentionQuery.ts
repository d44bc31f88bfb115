/**
 * The `@` autocomplete's text work, apart from any component: which `@word` the caret is in, and
 * the text after choosing someone. A mention is written as `<@USER_ID>` (utils/mentions.ts, the
 * server's convention); `<!here>` calls the whole room.
 */

/** The longest name prefix looked up (the server refuses more than 80 characters). */
export const MENTION_QUERY_MAX = 40

export interface MentionQuery {
  /** Index of the `@`. */
  from: number
  /** What was typed after it, up to the caret. */
  query: string
}

/**
 * The `@…` the caret ends, or null. The `@` must start the text or follow whitespace or an
 * opening bracket (an email address `ana@example.com` is not a mention), and what follows it must
 * be on one line, without `<`, `>` or another `@`, and at most MENTION_QUERY_MAX characters (a
 * name may have spaces: `@Grace Ho`, but not two in a row).
 */
export function mentionQueryAt(value: string, caret: number): MentionQuery | null {
  if (caret < 1 || caret > value.length) return null
  const start = Math.max(0, caret - MENTION_QUERY_MAX - 1)
  for (let i = caret - 1; i >= start; i -= 1) {
    const ch = value[i]
    if (ch === '@') {
      const before = i === 0 ? '' : value[i - 1]
      if (before !== '' && !/[\s([{"']/u.test(before ?? '')) return null
      const query = value.slice(i + 1, caret)
      if (/^\s/u.test(query) || /\s\s/u.test(query)) return null
      return { from: i, query }
    }
    if (ch === '\n' || ch === '<' || ch === '>') return null
  }
  return null
}

/** `value` with `from..to` replaced by `token` and a space; the caret lands after the space. */
export function insertToken(value: string, from: number, to: number, token: string): { value: string; caret: number } {
  const after = value.slice(to)
  const text = `${token}${after.startsWith(' ') ? '' : ' '}`
  const next = value.slice(0, from) + text + after
  return { value: next, caret: from + text.length + (after.startsWith(' ') ? 1 : 0) }
}

export function mentionToken(userId: string): string {
  return `<@${userId}>`
}

export const HERE_TOKEN = '<!here>'
