import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import AttachmentPicker from './AttachmentPicker.vue'

interface Pending {
  file: File
  progress: (sent: number, total: number) => void
  resolve: (asset: { id: string }) => void
  reject: (error: unknown) => void
  signal?: AbortSignal
}

const server = vi.hoisted(() => ({ images: [] as Pending[], tus: [] as unknown[] }))

vi.mock('@/services/media', () => {
  class FakeResumable {
    state = 'idle'
    done: Promise<{ id: string }>
    resolve!: (asset: { id: string }) => void
    reject!: (e: unknown) => void
    started = 0
    retried = 0
    canceled = false
    constructor(readonly file: File, readonly kind: string, readonly callbacks: { onProgress?: (a: number, b: number) => void; onState?: (s: string, e: ApiError | null) => void }) {
      this.done = new Promise((resolve, reject) => {
        this.resolve = resolve
        this.reject = reject
      })
      this.done.catch(() => undefined)
      server.tus.push(this)
    }
    start() { this.started += 1; this.state = 'uploading'; this.callbacks.onState?.('uploading', null) }
    retry() { this.retried += 1; this.start() }
    cancel() { this.canceled = true; this.reject(new ApiError('The upload was canceled.', 'BAD_USER_INPUT')) }
  }
  return {
    ResumableUpload: FakeResumable,
    uploadFile: (_kind: string, file: File, options: { onProgress?: (a: number, b: number) => void; signal?: AbortSignal }) =>
      new Promise((resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(new DOMException('canceled', 'AbortError')))
        server.images.push({ file, progress: (a, b) => options.onProgress?.(a, b), resolve, reject, signal: options.signal })
      }),
  }
})

type Fake = { file: File; kind: string; started: number; retried: number; canceled: boolean; resolve: (a: { id: string }) => void; callbacks: { onProgress?: (a: number, b: number) => void; onState?: (s: string, e: ApiError | null) => void } }
const tus = (n: number) => server.tus[n] as Fake
type Picker = { add: (files: File[]) => void; clear: () => void; ids: string[]; busy: boolean }

function png(name: string): File {
  return new File([new Uint8Array([137, 80, 78, 71])], name, { type: 'image/png' })
}
function pdf(name: string): File {
  return new File(['%PDF-1.4'], name, { type: 'application/pdf' })
}

beforeEach(() => Object.assign(server, { images: [], tus: [] }))

describe('AttachmentPicker', () => {
  it('uploads an image, shows progress then processing, and emits its id once ready', async () => {
    const wrapper = mount(AttachmentPicker)
    const vm = wrapper.vm as unknown as Picker
    vm.add([png('a.png')])
    await flushPromises()
    expect(wrapper.emitted('busy')).toEqual([[true]])
    server.images[0]?.progress(2, 4)
    await flushPromises()
    expect(wrapper.get('[data-testid="attachment-status"]').text()).toContain('Uploading… 50%')
    server.images[0]?.progress(4, 4)
    await flushPromises()
    expect(wrapper.get('[data-testid="attachment-status"]').text()).toContain('Processing…')
    server.images[0]?.resolve({ id: 'asset-1' })
    await flushPromises()
    expect(wrapper.get('[data-testid="attachment-status"]').text()).toContain('Ready')
    expect(wrapper.emitted('change')?.at(-1)).toEqual([['asset-1']])
    expect(wrapper.emitted('busy')?.at(-1)).toEqual([false])
    expect(vm.ids).toEqual(['asset-1'])
  })

  it('sends other files with tus, in the order chosen, from the input or a drop', async () => {
    const wrapper = mount(AttachmentPicker)
    const input = wrapper.get('[data-testid="attachment-input"]')
    Object.defineProperty(input.element, 'files', { value: [pdf('notes.pdf'), new File(['x'], 'talk.mp4', { type: 'video/mp4' })], configurable: true })
    await input.trigger('change')
    await flushPromises()
    expect([tus(0).kind, tus(1).kind]).toEqual(['FILE', 'VIDEO'])
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown }
    drop.dataTransfer = { files: [png('c.png')] }
    wrapper.get('[data-testid="attachment-drop"]').element.dispatchEvent(drop)
    await flushPromises()
    expect(server.images).toHaveLength(1)
    tus(1).resolve({ id: 'video' })
    server.images[0]?.resolve({ id: 'image' })
    tus(0).resolve({ id: 'file' })
    await flushPromises()
    expect((wrapper.vm as unknown as Picker).ids).toEqual(['file', 'video', 'image'])
  })

  it('says why an upload failed, retries it, and removes one before sending', async () => {
    const wrapper = mount(AttachmentPicker)
    const vm = wrapper.vm as unknown as Picker
    vm.add([pdf('big.pdf'), png('b.png')])
    await flushPromises()
    tus(0).callbacks.onState?.('failed', new ApiError('This file is too large.', 'BAD_USER_INPUT'))
    server.images[0]?.reject(new ApiError('This image cannot be used: not an image', 'BAD_USER_INPUT'))
    await flushPromises()
    const statuses = wrapper.findAll('[data-testid="attachment-status"]').map((s) => s.text())
    expect(statuses[0]).toContain('This file is too large.')
    expect(statuses[1]).toContain('This image cannot be used: not an image')
    await wrapper.findAll('[data-testid="attachment-retry"]')[0]?.trigger('click')
    expect(tus(0).retried).toBe(1)
    await wrapper.findAll('[data-testid="attachment-retry"]')[0]?.trigger('click') // the image: uploaded again
    expect(server.images).toHaveLength(2)
    await wrapper.findAll('[data-testid="attachment-remove"]')[0]?.trigger('click')
    expect(tus(0).canceled).toBe(true)
    expect(server.images[1]?.signal?.aborted).toBe(false)
    await wrapper.get('[data-testid="attachment-remove"]').trigger('click')
    expect(server.images[1]?.signal?.aborted).toBe(true)
    expect(wrapper.findAll('[data-testid="attachment-item"]')).toHaveLength(0)
    expect(vm.busy).toBe(false)
  })

  it('takes at most 10 files, saying how many were left out', async () => {
    const wrapper = mount(AttachmentPicker)
    const vm = wrapper.vm as unknown as Picker
    vm.add(Array.from({ length: 12 }, (_, n) => pdf(`f${n}.pdf`)))
    await flushPromises()
    expect(wrapper.findAll('[data-testid="attachment-item"]')).toHaveLength(10)
    expect(wrapper.get('[data-testid="attachment-notice"]').text()).toBe('A message can carry at most 10 attachments: 2 files were left out.')
    expect(wrapper.get('[data-testid="attachment-choose"]').attributes('disabled')).toBeDefined()
    vm.clear()
    await flushPromises()
    expect(server.tus.every((u) => (u as Fake).canceled)).toBe(true)
    expect(wrapper.findAll('[data-testid="attachment-item"]')).toHaveLength(0)
  })
})
