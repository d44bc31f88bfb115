import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { Attachment } from '@/services/chatAttachments'
import MessageAttachments from './MessageAttachments.vue'

const server = vi.hoisted(() => ({ asks: [] as unknown[][], downloads: [] as string[], gone: false, fail: false }))

vi.mock('@/services/chatAttachments', () => ({
  fetchAttachment: async (messageId: string, id: string) => {
    server.asks.push([messageId, id])
    if (server.fail) throw new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN')
    if (server.gone) return null
    return { ...file(id, id === 'v1' ? 'VIDEO' : 'FILE'), file: { id, kind: 'FILE', mimeType: 'application/pdf', sizeBytes: 2048, name: 'x', durationSeconds: null, url: `/media/protected/${id}?sig=new`, urlExpiresAt: '2999-01-01T00:00:00Z' } }
  },
  downloadFrom: (url: string) => server.downloads.push(url),
}))

const image: Attachment = {
  id: 'i1', kind: 'IMAGE', name: 'diagram.png', mimeType: 'image/png', sizeBytes: 5000, file: null,
  image: {
    id: 'i1', width: 1280, height: 720, url: '/media/public/ab/abc-1280.png', srcset: '/media/public/ab/abc-640.png 640w, /media/public/ab/abc-1280.png 1280w',
    placeholder: 'data:image/webp;base64,AAAA',
    variants: [
      { url: '/media/public/ab/abc-640.webp', width: 640, height: 360, format: 'webp', mimeType: 'image/webp' },
      { url: '/media/public/ab/abc-1280.webp', width: 1280, height: 720, format: 'webp', mimeType: 'image/webp' },
    ],
  },
}

function file(id: string, kind: 'FILE' | 'VIDEO'): Attachment {
  return { id, kind, name: kind === 'VIDEO' ? 'talk.mp4' : 'notes.pdf', mimeType: kind === 'VIDEO' ? 'video/mp4' : 'application/pdf', sizeBytes: 2048, image: null, file: null }
}

beforeEach(() => Object.assign(server, { asks: [], downloads: [], gone: false, fail: false }))

describe('MessageAttachments', () => {
  it('shows images inline with their variants, size and placeholder', async () => {
    const wrapper = mount(MessageAttachments, { props: { messageId: 'm1', attachments: [image] } })
    const img = wrapper.get('[data-testid="attachment-image"] img')
    expect(img.attributes('srcset')).toBe(image.image?.srcset)
    expect([img.attributes('width'), img.attributes('height'), img.attributes('alt')]).toEqual(['1280', '720', 'diagram.png'])
    expect(wrapper.get('source').attributes('srcset')).toBe('/media/public/ab/abc-640.webp 640w, /media/public/ab/abc-1280.webp 1280w')
    expect(wrapper.find('[data-testid="attachment-placeholder"]').exists()).toBe(true)
    await img.trigger('load')
    expect(wrapper.find('[data-testid="attachment-placeholder"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="attachment-card"]').exists()).toBe(false)
  })

  it('downloads a file through a freshly signed link, and keeps a link still good', async () => {
    const held = { ...file('f2', 'FILE'), file: { id: 'f2', kind: 'FILE' as const, mimeType: 'application/pdf', sizeBytes: 1, name: 'a', durationSeconds: null, url: '/media/protected/f2?sig=held', urlExpiresAt: '2999-01-01T00:00:00Z' } }
    const wrapper = mount(MessageAttachments, { props: { messageId: 'm1', attachments: [file('f1', 'FILE'), held] } })
    const cards = wrapper.findAll('[data-testid="attachment-card"]')
    expect(cards[0]?.text()).toContain('notes.pdf')
    expect(cards[0]?.text()).toContain('PDF')
    await cards[0]?.get('[data-testid="attachment-open"]').trigger('click')
    await flushPromises()
    expect(server.asks).toEqual([['m1', 'f1']])
    await cards[1]?.get('[data-testid="attachment-open"]').trigger('click')
    await flushPromises()
    expect(server.asks).toHaveLength(1)
    expect(server.downloads).toEqual(['/media/protected/f1?sig=new', '/media/protected/f2?sig=held'])
  })

  it('plays a video in its card', async () => {
    const wrapper = mount(MessageAttachments, { props: { messageId: 'm1', attachments: [file('v1', 'VIDEO')] } })
    await wrapper.get('[data-testid="attachment-open"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="attachment-video"]').attributes('src')).toBe('/media/protected/v1?sig=new')
    expect(server.downloads).toEqual([])
  })

  it('says why an attachment cannot be opened', async () => {
    server.fail = true
    const wrapper = mount(MessageAttachments, { props: { messageId: 'm1', attachments: [file('f1', 'FILE')] } })
    await wrapper.get('[data-testid="attachment-open"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not open notes.pdf: Enroll in the course to join its rooms')
    server.fail = false
    server.gone = true
    await wrapper.get('[data-testid="attachment-open"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not open notes.pdf: This attachment is no longer available.')
  })
})
