import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import { PLAIN_MESSAGE_FIELDS } from '@/services/messageDefaults'
import type { Message } from '@/services/types'
import ChatMessageItem from './ChatMessageItem.vue'

const server = vi.hoisted(() => ({ reports: [] as { messageId: string; reason: string }[], error: null as Error | null }))

vi.mock('@/services/chat', () => ({
  REPORT_REASON_MAX: 500,
  reportMessage: async (messageId: string, reason: string) => {
    if (server.error) throw server.error
    server.reports.push({ messageId, reason })
    return { id: 'rep1', status: 'OPEN' }
  },
}))

const MESSAGE: Message = {
  ...PLAIN_MESSAGE_FIELDS,
  id: 'm1', seq: 3, roomId: 'r1', author: { id: 'bo', displayName: 'Bo' }, body: 'buy followers at spam.example',
  createdAt: new Date().toISOString(), editedAt: null, deleted: false, clientId: 'c1',
}

beforeEach(() => Object.assign(server, { reports: [], error: null }))
afterEach(() => {
  document.body.innerHTML = ''
})

function mountItem(props: Partial<{ message: Message; mine: boolean; canModerate: boolean; canPin: boolean; grouped: boolean }> = {}) {
  return mount(ChatMessageItem, { props: { message: MESSAGE, mine: false, canModerate: false, ...props }, attachTo: document.body })
}

const dialog = () => document.querySelector<HTMLElement>('[role=dialog]')
const reason = () => document.querySelector<HTMLTextAreaElement>('[data-testid=report-reason]')

async function openReport(wrapper: ReturnType<typeof mountItem>) {
  const button = wrapper.get('[data-testid=chat-report]')
  ;(button.element as HTMLButtonElement).focus()
  await button.trigger('click')
  await flushPromises()
}

async function submitReport(text: string) {
  const box = reason()
  if (!box) throw new Error('no report dialog')
  box.value = text
  box.dispatchEvent(new Event('input'))
  document.querySelector('[data-testid=report-form]')?.dispatchEvent(new Event('submit'))
  await flushPromises()
}

describe('reporting a chat message', () => {
  it('is offered on other people’s messages only, never on one’s own or a deleted one', () => {
    expect(mountItem().get('[data-testid=chat-report]').attributes('aria-label')).toBe("Report Bo's message")
    expect(mountItem({ mine: true }).find('[data-testid=chat-report]').exists()).toBe(false)
    expect(mountItem({ message: { ...MESSAGE, deleted: true, body: '' } }).find('[data-testid=chat-report]').exists()).toBe(false)
  })

  it('is a button in the tab order (not display:none until hover)', () => {
    const button = mountItem().get('[data-testid=chat-report]')
    expect(button.element.tagName).toBe('BUTTON')
    expect(button.element.closest('.hidden')).toBeNull()
  })

  it('opens a dialog with the reason focused, and refuses a blank reason', async () => {
    const wrapper = mountItem()
    await openReport(wrapper)
    expect(dialog()?.getAttribute('aria-labelledby')).toBeTruthy()
    expect(document.activeElement).toBe(reason())
    await submitReport('   ')
    expect(document.querySelector('[role=dialog] [role=alert]')?.textContent).toBe('Say why you are reporting this message.')
    expect(reason()?.getAttribute('aria-invalid')).toBe('true')
    expect(reason()?.getAttribute('maxlength')).toBe('500')
    expect(server.reports).toEqual([])
  })

  it('sends the trimmed reason, then says "Reported" where the button was', async () => {
    const wrapper = mountItem()
    await openReport(wrapper)
    await submitReport('  Spam link  ')
    expect(server.reports).toEqual([{ messageId: 'm1', reason: 'Spam link' }])
    expect(dialog()).toBeNull()
    const note = wrapper.get('[data-testid=chat-reported]')
    expect([note.text(), note.attributes('role')]).toEqual(['Reported', 'status'])
    expect(document.activeElement).toBe(note.element)
    expect(wrapper.find('[data-testid=chat-report]').exists()).toBe(false)
  })

  it('shows the server’s refusal in the dialog and keeps it open', async () => {
    server.error = new ApiError('You can only report messages in rooms you belong to', 'FORBIDDEN')
    const wrapper = mountItem()
    await openReport(wrapper)
    await submitReport('Rude')
    expect(document.querySelector('[data-testid=report-error]')?.textContent).toContain('rooms you belong to')
    expect(document.querySelector('[data-testid=report-error]')?.getAttribute('role')).toBe('alert')
    expect(wrapper.find('[data-testid=chat-reported]').exists()).toBe(false)
  })

  it('closes on Escape without reporting, focus back on Report', async () => {
    const wrapper = mountItem()
    await openReport(wrapper)
    reason()?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await flushPromises()
    expect(dialog()).toBeNull()
    expect(document.activeElement).toBe(wrapper.get('[data-testid=chat-report]').element)
    expect(server.reports).toEqual([])
  })
})

describe('a chat message as it reads', () => {
  it('renders Markdown with mention chips, never raw HTML', () => {
    const body = '**bold** <@ana> <img src=x onerror=alert(1)>'
    const item = mountItem({ message: { ...MESSAGE, body, mentions: [{ id: 'ana', displayName: 'Ana' }] } })
    const rendered = item.get('[data-testid=chat-body]')
    expect(rendered.find('strong').text()).toBe('bold')
    expect(rendered.get('[data-mention]').text()).toBe('@Ana')
    expect(rendered.find('img').exists()).toBe(false)
  })

  it("opens the edit history for moderators (editHistory set), and only says edited to others", async () => {
    const edited = { ...MESSAGE, editedAt: new Date().toISOString() }
    expect(mountItem({ message: edited }).get('[data-testid=edited-marker]').element.tagName).toBe('SPAN')
    const item = mountItem({ message: { ...edited, editHistory: [{ body: 'first try', replacedAt: edited.editedAt }] }, canModerate: true })
    const marker = item.get('[data-testid=edited-marker]')
    expect([marker.element.tagName, marker.attributes('aria-label')]).toEqual(['BUTTON', 'Show earlier versions'])
    await marker.trigger('click')
    expect(item.get('[data-testid=edit-history]').text()).toContain('first try')
  })

  it('offers Pin only to who may, and shows the pinned marker and Unpin once pinned', async () => {
    expect(mountItem().find('[data-testid=pin]').exists()).toBe(false)
    const item = mountItem({ canPin: true })
    await item.get('[data-testid=pin]').trigger('click')
    expect(item.emitted('pin')).toEqual([[true]])
    const pinned = mountItem({ canPin: true, message: { ...MESSAGE, pinned: true } })
    expect(pinned.get('[data-testid=pinned-marker]').text()).toContain('Pinned')
    expect(pinned.get('[data-testid=unpin]').text()).toBe('Unpin')
  })

  it('keeps the name for screen readers when grouped under the message before', () => {
    const header = mountItem({ grouped: true }).get('header')
    expect(header.classes()).toContain('sr-only')
    expect(header.text()).toContain('Bo')
  })
})
