import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import type { ResumableOptions, UploadedAsset } from '@/services/media'
import type { MediaFile } from '@/services/types'
import LessonAssetUpload from './LessonAssetUpload.vue'

/** The upload as the component drives it; the tus protocol itself is media.spec.ts's business. */
const server = vi.hoisted(() => ({
  calls: [] as string[],
  attached: [] as [string, string | null][],
  upload: null as null | { options: ResumableOptions; finish: (asset: UploadedAsset) => void },
}))

const ATTACHED: MediaFile = {
  id: 'a1', kind: 'VIDEO', mimeType: 'video/mp4', sizeBytes: 3 * 1024 * 1024, name: 'intro.mp4', durationSeconds: 61, url: '/media/protected/a1?sig=x', urlExpiresAt: '2030-01-01T00:00:00Z',
}

vi.mock('@/services/media', () => ({
  ResumableUpload: class {
    done: Promise<UploadedAsset>
    constructor(file: File, kind: string, readonly options: ResumableOptions) {
      server.calls.push(`new ${kind} ${file.name}`)
      let finish: (asset: UploadedAsset) => void = () => undefined
      this.done = new Promise((resolve) => (finish = resolve))
      server.upload = { options, finish }
    }
    start(): void {
      server.calls.push('start')
      this.options.onState?.('uploading', null)
    }
    pause(): void {
      server.calls.push('pause')
      this.options.onState?.('paused', null)
    }
    resume(): void {
      server.calls.push('resume')
      this.options.onState?.('uploading', null)
    }
    retry(): void {
      server.calls.push('retry')
      this.options.onState?.('uploading', null)
    }
    cancel(): void {
      server.calls.push('cancel')
    }
  },
  setLessonAsset: async (lessonId: string, assetId: string | null) => {
    server.attached.push([lessonId, assetId])
    return { id: lessonId, asset: assetId ? ATTACHED : null }
  },
}))

beforeEach(() => Object.assign(server, { calls: [], attached: [], upload: null }))

describe('uploading a lesson video', () => {
  it('shows progress, pauses and resumes, retries after a failure, then attaches the video', async () => {
    const wrapper = mount(LessonAssetUpload, { props: { lessonId: 'l1', kind: 'VIDEO', asset: null } })
    expect(wrapper.text()).toContain('No video yet.')
    const input = wrapper.get('[data-testid=lesson-asset-file]')
    expect(input.attributes('accept')).toBe('video/mp4,video/webm')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'.repeat(200)], 'intro.mp4', { type: 'video/mp4' })] })
    await input.trigger('change')
    expect(server.calls).toEqual(['new VIDEO intro.mp4', 'start'])

    server.upload!.options.onProgress?.(50, 200)
    await flushPromises()
    expect(wrapper.get('[role=progressbar]').attributes('aria-valuenow')).toBe('25')
    expect(wrapper.get('[data-testid=lesson-asset-progress]').text()).toContain('intro.mp4 — 50 B of 200 B')

    await wrapper.get('[data-testid=upload-pause]').trigger('click')
    expect(wrapper.find('[data-testid=upload-pause]').exists()).toBe(false)
    await wrapper.get('[data-testid=upload-resume]').trigger('click')
    expect(wrapper.find('[data-testid=upload-pause]').exists()).toBe(true)

    server.upload!.options.onState?.('failed', new ApiError('The upload was interrupted. Check your connection and press Retry.', 'NETWORK'))
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toContain('press Retry')
    await wrapper.get('[data-testid=upload-retry]').trigger('click')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(server.calls).toEqual(['new VIDEO intro.mp4', 'start', 'pause', 'resume', 'retry'])

    server.upload!.options.onState?.('done', null)
    server.upload!.finish({ id: 'a1', name: 'intro.mp4' } as UploadedAsset)
    await flushPromises()
    expect(server.attached).toEqual([['l1', 'a1']])
    expect(wrapper.emitted('changed')).toEqual([[ATTACHED]])
    expect(wrapper.get('[role=status]').text()).toBe('The video “intro.mp4” is attached.')
    expect(wrapper.find('[data-testid=lesson-asset-progress]').exists()).toBe(false)
  })

  it('shows the attached file’s name and size, and removes it', async () => {
    const wrapper = mount(LessonAssetUpload, { props: { lessonId: 'l2', kind: 'FILE', asset: { ...ATTACHED, kind: 'FILE', name: 'slides.pdf' } } })
    expect(wrapper.get('[data-testid=lesson-asset-current]').text()).toBe('slides.pdf · 3.0 MB')
    expect(wrapper.get('[data-testid=lesson-asset-file]').attributes('accept')).toBeUndefined()
    await wrapper.get('button').trigger('click')
    await flushPromises()
    expect(server.attached).toEqual([['l2', null]])
    expect(wrapper.emitted('changed')).toEqual([[null]])
  })
})
