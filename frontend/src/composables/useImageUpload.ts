/**
 * Choosing and uploading one image (a cover, an avatar): a local preview of the chosen file at
 * once, the upload's progress, and the error in words. The preview is a data: URL, not an object
 * URL, because the app's Content-Security-Policy allows `img-src 'self' data: https:` (no blob:). The server decides what the bytes are; the `accept` check here only
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

  /** Which choice the preview being read belongs to: a slow read must not show a replaced file. */
  let choice = 0

  function release(): void {
    choice += 1
    preview.value = null
  }

  function readPreview(chosen: File): void {
    const mine = choice
    const reader = new FileReader()
    reader.onload = () => {
      if (mine === choice && typeof reader.result === 'string') preview.value = reader.result
    }
    reader.readAsDataURL(chosen)
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
    readPreview(next)
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
