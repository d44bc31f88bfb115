/**
 * Choosing and uploading one image (a cover, an avatar): a local preview of the chosen file at
 * once (an object URL, freed when replaced or when the component goes), the upload's progress,
 * and the error in words. The server decides what the bytes are; the `accept` check here only
 * saves a round trip for an obvious mistake.
 */
import { computed, onScopeDispose, ref, type Ref } from 'vue'
import { errorMessage } from './useAction'
import { uploadFile, type UploadedAsset } from '@/services/media'

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] as const
export const IMAGE_ACCEPT = IMAGE_TYPES.join(',')

export interface ImageUpload {
  file: Ref<File | null>
  preview: Ref<string | null>
  /** 0..100 while uploading, null otherwise. */
  percent: Ref<number | null>
  busy: Ref<boolean>
  error: Ref<string | null>
  choose: (file: File | null) => void
  clear: () => void
  /** Uploads the chosen file; null (and `error` set) if it failed. */
  upload: () => Promise<UploadedAsset | null>
}

export function useImageUpload(): ImageUpload {
  const file = ref<File | null>(null)
  const preview = ref<string | null>(null)
  const sent = ref(0)
  const total = ref(0)
  const busy = ref(false)
  const error = ref<string | null>(null)
  let controller: AbortController | null = null

  function release(): void {
    if (preview.value) URL.revokeObjectURL(preview.value)
    preview.value = null
  }

  function choose(next: File | null): void {
    release()
    error.value = null
    file.value = null
    if (!next) return
    if (!(IMAGE_TYPES as readonly string[]).includes(next.type)) {
      error.value = 'Choose a JPEG, PNG, WebP or GIF image.'
      return
    }
    file.value = next
    preview.value = URL.createObjectURL(next)
  }

  function clear(): void {
    controller?.abort()
    choose(null)
  }

  async function upload(): Promise<UploadedAsset | null> {
    const chosen = file.value
    if (!chosen || busy.value) return null
    busy.value = true
    error.value = null
    sent.value = 0
    total.value = chosen.size
    controller = new AbortController()
    try {
      return await uploadFile('IMAGE', chosen, {
        signal: controller.signal,
        onProgress: (done, of) => {
          sent.value = done
          total.value = of
        },
      })
    } catch (e) {
      error.value = e instanceof DOMException && e.name === 'AbortError' ? null : errorMessage(e)
      return null
    } finally {
      busy.value = false
      controller = null
    }
  }

  onScopeDispose(() => {
    controller?.abort()
    release()
  })

  const percent = computed(() => (busy.value ? (total.value > 0 ? Math.min(100, Math.round((sent.value / total.value) * 100)) : 0) : null))
  return { file, preview, percent, busy, error, choose, clear, upload }
}
