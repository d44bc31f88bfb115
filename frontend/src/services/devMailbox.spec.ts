import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { endSession } from '@/services/session'
import { fetchMailbox, forgetMailboxEnabled, mailboxEnabled } from './devMailbox'

let sent: { query: string; variables?: Record<string, unknown> }[] = []
let answer: () => Response

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } })
}

beforeEach(() => {
  endSession('signed-out')
  forgetMailboxEnabled()
  sent = []
  vi.stubGlobal('fetch', async (_url: string, init: { body: string }) => {
    sent.push(JSON.parse(init.body) as (typeof sent)[number])
    return answer()
  })
})
afterEach(() => vi.unstubAllGlobals())

describe('the development mailbox service', () => {
  it('asks for the caught mail with every field the page shows', async () => {
    answer = () => json({ data: { devMailbox: [{ id: 'm1', subject: 'Hi' }] } })
    expect(await fetchMailbox(5)).toEqual([{ id: 'm1', subject: 'Hi' }])
    expect(sent[0]?.variables).toEqual({ first: 5 })
    expect(sent[0]?.query).toContain('devMailbox(first: $first) { id from to subject date messageId text html htmlUrl }')
  })

  it('says NOT_FOUND as the server does in production', async () => {
    answer = () => json({ data: null, errors: [{ message: 'Page not found', extensions: { code: 'NOT_FOUND' } }] })
    await expect(fetchMailbox()).rejects.toMatchObject({ code: 'NOT_FOUND' })
  })

  it('asks once whether the mailbox exists, and answers false when it cannot ask', async () => {
    answer = () => json({ data: { devMailboxEnabled: true } })
    expect(await mailboxEnabled()).toBe(true)
    expect(await mailboxEnabled()).toBe(true)
    expect(sent).toHaveLength(1)
    forgetMailboxEnabled()
    answer = () => { throw new TypeError('offline') }
    expect(await mailboxEnabled()).toBe(false)
    answer = () => json({ data: { devMailboxEnabled: false } })
    expect(await mailboxEnabled()).toBe(false) // asked again after the failure
    expect(sent).toHaveLength(3)
  })
})
