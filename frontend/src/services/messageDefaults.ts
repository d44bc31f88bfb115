/**
 * The fields of a chat message that a plain post has empty (no thread, no reactions, no pins…):
 * what an optimistic copy and the specs' fixtures start from, so a new field of MessageFields is
 * added in one place.
 */
import type { Message } from './types'

export const PLAIN_MESSAGE_FIELDS = {
  threadId: null,
  replyCount: 0,
  lastReplyAt: null,
  lessonId: null,
  answerId: null,
  pinned: false,
  pinnedAt: null,
  reactions: [],
  viewerReactions: [],
  mentions: [],
  mentionsHere: false,
  attachments: [],
  editHistory: null,
} satisfies Partial<Message>
