/** A course's chat settings (its creator or an admin): whether learners may message each other. */
import { request } from './api'
import { graphql } from './generated'

export interface ChatSettings {
  learnerDirectMessages: boolean
}

export async function fetchChatSettings(slug: string): Promise<ChatSettings | null> {
  const data = await request(graphql(`query ChatSettingsOf($slug: String!) { course(slug: $slug) { id chatSettings { learnerDirectMessages } } }`), { slug })
  return data.course?.chatSettings ?? null
}

export async function updateChatSettings(courseId: string, learnerDirectMessages: boolean): Promise<ChatSettings> {
  const data = await request(
    graphql(`mutation UpdateChatSettings($id: ID!, $value: Boolean!) { updateChatSettings(courseId: $id, learnerDirectMessages: $value) { learnerDirectMessages } }`),
    { id: courseId, value: learnerDirectMessages },
  )
  return data.updateChatSettings
}
