/** A room's pinned messages (`Room.pinnedMessages`) and unpinning, for components/chat/PinnedMessages. */
import { request } from './api'
import { graphql } from './generated'
import { execute } from './live'
import type { QuestionMessageFieldsFragment } from './generated/graphql'

export type PinnedMessage = QuestionMessageFieldsFragment & { pinnedAt: string | null }

/** Newest pin first, at most 50, deleted messages left out; [] when the room is gone. */
export async function fetchPinnedMessages(roomId: string): Promise<PinnedMessage[]> {
  const data = await request(
    graphql(`query ChatPinnedMessages($id: ID!) { room(id: $id) { id pinnedMessages { ...QuestionMessageFields pinnedAt } } }`),
    { id: roomId },
  )
  return data.room?.pinnedMessages ?? []
}

export async function unpinMessage(messageId: string): Promise<void> {
  await execute(graphql(`mutation ChatUnpinMessage($id: ID!) { unpinMessage(messageId: $id) { id pinned } }`), { id: messageId })
}
