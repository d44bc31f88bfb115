/**
 * Message attachments: the shape components/chat/MessageAttachments renders, and a fresh signed
 * link for a video or file (`attachment(messageId, id)`), which room events leave out and which
 * expires after a few minutes.
 */
import { request } from './api'
import { graphql } from './generated'
import type { AttachmentFieldsFragment } from './generated/graphql'

export type Attachment = AttachmentFieldsFragment

/** The server's bound (edusphere/chat/attachments.py). */
export const MAX_ATTACHMENTS = 10

/** The attachment with a link signed for the viewer; null when it is gone (message deleted). */
export async function fetchAttachment(messageId: string, id: string): Promise<Attachment | null> {
  const data = await request(
    graphql(`query ChatAttachment($messageId: ID!, $id: ID!) { attachment(messageId: $messageId, id: $id) { ...AttachmentFields } }`),
    { messageId, id },
  )
  return data.attachment
}

/** Download a file from its signed link: the server sends it as an attachment, so the page stays. */
export function downloadFrom(url: string): void {
  window.location.assign(url)
}
