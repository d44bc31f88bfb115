import { effectScope } from 'vue'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ResumableOptions, UploadedAsset } from '@/services/media'
import { useResumableUpload } from './useResumableUpload'

interface Made {
  name: string
  options: ResumableOptions
  calls: string[]
  finish: (a: UploadedAsset) => void
  abandon: () => void
}

const made = vi.hoisted(() => [] as Made[])

vi.mock('@/services/media', () => ({
  ResumableUpload: class {
    done: Promise<UploadedAsset>
    private readonly record: Made
    constructor(file: File, _kind: string, options: ResumableOptions) {
      let finish: (a: UploadedAsset) => void = () => undefined
      let abandon: () => void = () => undefined
      this.done = new Promise((resolve, reject) => {
        finish = resolve
        abandon = () => reject(new Error('canceled'))
      })
      this.record = { name: file.name, options, calls: [], finish, abandon }
      made.push(this.record)
    }
    start(): void {
      this.record.calls.push('start')
      this.record.options.onState?.('uploading', null)
    }
    pause(): void {
      this.record.calls.push('pause')
    }
    resume(): void {}
    retry(): void {}
    cancel(): void {
      this.record.calls.push('cancel')
      this.record.abandon()
    }
  },
}))

beforeEach(() => {
  made.length = 0
})

describe('a resumable upload as page state', () => {
  it('counts progress, and ends at 100% with the asset', async () => {
    const upload = effectScope().run(() => useResumableUpload())!
    const result = upload.start(new File(['x'.repeat(1000)], 'a.mp4'), 'VIDEO')
    expect(upload.state.value).toBe('uploading')
    made[0]!.options.onProgress?.(333, 1000)
    expect(upload.percent.value).toBe(33)
    made[0]!.options.onState?.('done', null)
    made[0]!.finish({ id: 'a1' } as UploadedAsset)
    await expect(result).resolves.toEqual({ id: 'a1' })
    expect(upload.percent.value).toBe(100)
  })

  it('choosing another file cancels the first, whose late news is ignored', async () => {
    const upload = effectScope().run(() => useResumableUpload())!
    const first = upload.start(new File(['1'], 'first.mp4'), 'VIDEO')
    upload.start(new File(['22'], 'second.mp4'), 'VIDEO')
    await expect(first).resolves.toBeNull()
    expect(made[0]!.calls).toEqual(['start', 'cancel'])
    made[0]!.options.onProgress?.(1, 1)
    made[0]!.options.onState?.('failed', null)
    expect(upload.fileName.value).toBe('second.mp4')
    expect(upload.state.value).toBe('uploading')
    expect(upload.sent.value).toBe(0)
  })

  it('pauses when the page goes away, so the upload stays resumable', () => {
    const scope = effectScope()
    scope.run(() => void useResumableUpload().start(new File(['1'], 'a.mp4'), 'FILE'))
    scope.stop()
    expect(made[0]!.calls).toEqual(['start', 'pause'])
  })
})
