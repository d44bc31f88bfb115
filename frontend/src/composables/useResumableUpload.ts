/**
 * A video or file going up with tus, as state a template can show: progress, Pause / Resume /
 * Retry, and the error in words. Leaving the page pauses (the upload stays resumable: choosing the
 * same file again continues where it stopped).
 */
import { computed, onScopeDispose, ref, shallowRef, type Ref } from 'vue'
import { ResumableUpload, type ResumableOptions, type UploadedAsset, type UploadState } from '@/services/media'

export interface ResumableUploadState {
  state: Ref<UploadState>
  fileName: Ref<string | null>
  sent: Ref<number>
  total: Ref<number>
  percent: Ref<number>
  error: Ref<string | null>
  /** Starts uploading `file`; resolves with the asset, or null if it was canceled or replaced. */
  start: (file: File, kind: 'VIDEO' | 'FILE') => Promise<UploadedAsset | null>
  pause: () => void
  resume: () => void
  retry: () => void
  cancel: () => void
}

export function useResumableUpload(options: Pick<ResumableOptions, 'httpStack' | 'retryDelays' | 'chunkSize'> = {}): ResumableUploadState {
  const state = ref<UploadState>('idle')
  const fileName = ref<string | null>(null)
  const sent = ref(0)
  const total = ref(0)
  const error = ref<string | null>(null)
  const current = shallowRef<ResumableUpload | null>(null)

  async function start(file: File, kind: 'VIDEO' | 'FILE'): Promise<UploadedAsset | null> {
    current.value?.cancel()
    fileName.value = file.name
    sent.value = 0
    total.value = file.size
    error.value = null
    const upload = new ResumableUpload(file, kind, {
      ...options,
      onProgress: (done, of) => {
        if (current.value !== upload) return
        sent.value = done
        total.value = of
      },
      onState: (next, failure) => {
        if (current.value !== upload) return
        state.value = next
        error.value = failure?.message ?? null
        if (next === 'done') sent.value = total.value
      },
    })
    current.value = upload
    upload.start()
    try {
      return await upload.done
    } catch {
      return null
    }
  }

  onScopeDispose(() => current.value?.pause())

  return {
    state,
    fileName,
    sent,
    total,
    percent: computed(() => (total.value > 0 ? Math.min(100, Math.floor((sent.value / total.value) * 100)) : 0)),
    error,
    start,
    pause: () => current.value?.pause(),
    resume: () => current.value?.resume(),
    retry: () => current.value?.retry(),
    cancel: () => {
      current.value?.cancel()
      current.value = null
      state.value = 'idle'
      fileName.value = null
    },
  }
}
