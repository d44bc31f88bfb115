import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { UploadedAsset } from '@/services/media'
import type { Image } from '@/services/types'
import CoverUpload from './CoverUpload.vue'

const server = vi.hoisted(() => ({
  uploads: [] as { kind: string; name: string }[],
  covers: [] as [string, string | null][],
  refuse: null as string | null,
  progress: null as ((sent: number, total: number) => void) | null,
  finish: null as (() => void) | null,
}))

const COVER: Image = { id: 'i1', width: 1280, height: 720, url: '/media/public/ab/abc-1280.jpg', srcset: '', variants: [], placeholder: null }

vi.mock('@/services/media', () => ({
  uploadFile: (kind: string, file: File, options: { onProgress?: (sent: number, total: number) => void }) =>
    new Promise<UploadedAsset>((resolve, reject) => {
      server.uploads.push({ kind, name: file.name })
      server.progress = options.onProgress ?? null
      server.finish = () => (server.refuse ? reject(new ApiError(server.refuse, 'BAD_USER_INPUT')) : resolve({ id: 'a9' } as UploadedAsset))
    }),
  setCourseCover: async (courseId: string, assetId: string | null) => {
    server.covers.push([courseId, assetId])
    return assetId ? COVER : null
  },
}))

beforeEach(() => {
  Object.assign(server, { uploads: [], covers: [], refuse: null, progress: null, finish: null })
})

async function choose(wrapper: ReturnType<typeof mount>, file: File): Promise<void> {
  const input = wrapper.get('[data-testid=cover-file]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
  // The preview is read (FileReader) before it shows; a refused file shows its error instead.
  await vi.waitFor(() => expect(wrapper.find('[data-testid=cover-preview], [role=alert]').exists()).toBe(true))
}

describe('uploading a course cover', () => {
  it('previews the chosen image at the card’s 16:9 crop, shows progress, then sets the cover', async () => {
    const wrapper = mount(CoverUpload, { props: { courseId: 'c1', title: 'Rust', cover: null } })
    expect(wrapper.find('[data-testid=cover-fallback]').exists()).toBe(true)
    await choose(wrapper, new File(['jpeg'], 'sunset.jpg', { type: 'image/jpeg' }))
    const preview = wrapper.get('[data-testid=cover-preview]')
    expect(preview.attributes('style')).toContain('aspect-ratio: 16 / 9')
    // A data: URL, as the Content-Security-Policy allows (img-src 'self' data: https:).
    expect(preview.get('img').attributes('src')).toBe(`data:image/jpeg;base64,${btoa('jpeg')}`)
    expect(preview.get('img').classes()).toContain('object-cover')

    await wrapper.get('[data-testid=cover-save]').trigger('click')
    expect(server.uploads).toEqual([{ kind: 'IMAGE', name: 'sunset.jpg' }])
    server.progress?.(30, 120)
    await flushPromises()
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('25')
    expect(wrapper.get('[data-testid=cover-save]').text()).toBe('Uploading…')

    server.finish?.()
    await flushPromises()
    expect(server.covers).toEqual([['c1', 'a9']])
    expect(wrapper.emitted('changed')).toEqual([[COVER]])
    expect(wrapper.get('[role=status]').text()).toBe('Cover saved.')
    expect(wrapper.find('[role=progressbar]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=cover-preview]').exists()).toBe(false)
  })

  it('refuses what is not an image before uploading anything', async () => {
    const wrapper = mount(CoverUpload, { props: { courseId: 'c1', title: 'Rust', cover: null } })
    await choose(wrapper, new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }))
    expect(wrapper.get('[role=alert]').text()).toBe('Choose a JPEG, PNG, WebP or GIF image.')
    expect(wrapper.find('[data-testid=cover-save]').exists()).toBe(false)
    expect(server.uploads).toEqual([])
  })

  it('shows the server’s refusal and keeps the current cover', async () => {
    server.refuse = 'This image is too large (40 megapixels at most).'
    const wrapper = mount(CoverUpload, { props: { courseId: 'c1', title: 'Rust', cover: COVER } })
    await choose(wrapper, new File(['png'], 'huge.png', { type: 'image/png' }))
    await wrapper.get('[data-testid=cover-save]').trigger('click')
    server.finish?.()
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toBe('This image is too large (40 megapixels at most).')
    expect(server.covers).toEqual([])
    expect(wrapper.emitted('changed')).toBeUndefined()
  })

  it('removes the cover', async () => {
    const wrapper = mount(CoverUpload, { props: { courseId: 'c1', title: 'Rust', cover: COVER } })
    await wrapper.get('[data-testid=cover-remove]').trigger('click')
    await flushPromises()
    expect(server.covers).toEqual([['c1', null]])
    expect(wrapper.emitted('changed')).toEqual([[null]])
  })
})
