/**
 * A chat body names members as `<@USER_ID>` (and calls a room with `<!here>`); the server sends
 * their names beside it (`Message.mentions`). The body is shown as markdown, so each token
 * becomes `@Name` with the name's markdown punctuation escaped: a member called `*Bo*` reads as
 * `@*Bo*`, not in italics, and no name can inject a link. An id the server did not name (a
 * member who left, a token typed by hand) reads as `@unknown`, never as the raw id.
 */
export interface Named {
  id: string
  displayName: string
}

const TOKEN = /<@([^>\s]+)>|<!here>/g

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`)
}

export function withMentionNames(body: string, mentions: readonly Named[]): string {
  const names = new Map(mentions.map((m) => [m.id, m.displayName]))
  return body.replace(TOKEN, (_token, id: string | undefined) => {
    if (id === undefined) return '@here'
    const name = names.get(id)
    return `@${name === undefined ? 'unknown' : escapeMarkdown(name)}`
  })
}

/** One line of plain text for a list (no markdown): tokens named, whitespace folded, cut at `max`. */
export function excerpt(body: string, mentions: readonly Named[], max = 160): string {
  const names = new Map(mentions.map((m) => [m.id, m.displayName]))
  const plain = body
    .replace(TOKEN, (_token, id: string | undefined) => (id === undefined ? '@here' : `@${names.get(id) ?? 'unknown'}`))
    .replace(/\s+/g, ' ')
    .trim()
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain
}
