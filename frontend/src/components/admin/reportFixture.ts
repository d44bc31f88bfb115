/** Test data for the moderation specs: a report of Bo's insult in Rust's #general, in context. */
import type { MessageReport } from '@/services/admin/moderation'
import { PLAIN_MESSAGE_FIELDS } from '@/services/messageDefaults'
import type { Message } from '@/services/types'

export function chatMessage(id: string, body: string, author = 'Cy'): Message {
  return { ...PLAIN_MESSAGE_FIELDS, id, seq: 1, roomId: 'r1', author: { id: author, displayName: author }, body, createdAt: '2027-01-04T10:00:00Z', editedAt: null, deleted: false, clientId: id }
}

export function report(change: Partial<MessageReport> = {}): MessageReport {
  return {
    id: 'rep1', status: 'OPEN', reason: 'Insults another learner', createdAt: '2027-01-04T10:05:00Z',
    message: chatMessage('m2', 'you are an idiot', 'Bo'), reportedBody: 'you are an idiot',
    author: { id: 'bo', displayName: 'Bo', email: 'bo@example.com' }, reporter: { id: 'ana', displayName: 'Ana', email: 'ana@example.com' },
    roomId: 'r1', roomName: 'general', courseId: 'c1', courseTitle: 'Rust',
    context: [chatMessage('m1', 'what is a lifetime?'), chatMessage('m2', 'you are an idiot', 'Bo'), chatMessage('m3', 'please be kind')],
    reportCount: 1, resolvedAt: null, resolution: null, ...change,
  }
}
