/**
 * The development Mailbox: what the embedded SMTP catcher caught. Outside production every email
 * the server sends lands there; in production the server says NOT_FOUND and the app shows no link.
 */
import { request } from './api'
import { graphql } from './generated'
import type { DevMailboxQuery } from './generated/graphql'

/** A caught email; `htmlUrl` is its HTML part as a sandboxed page of its own, for the frame. */
export type CaughtMail = DevMailboxQuery['devMailbox'][number]

export async function fetchMailbox(first = 50): Promise<CaughtMail[]> {
  const data = await request(
    graphql(`query DevMailbox($first: Int) { devMailbox(first: $first) { id from to subject date messageId text html htmlUrl } }`),
    { first },
  )
  return data.devMailbox
}

let enabled: Promise<boolean> | null = null

/** Whether this server has the Mailbox, asked once per page load; false when it cannot be asked. */
export function mailboxEnabled(): Promise<boolean> {
  enabled ??= request(graphql(`query DevMailboxEnabled { devMailboxEnabled }`)).then(
    (data) => data.devMailboxEnabled,
    () => {
      enabled = null // ask again next time: the server may simply have been away
      return false
    },
  )
  return enabled
}

/** For tests: forget the answer. */
export function forgetMailboxEnabled(): void {
  enabled = null
}
