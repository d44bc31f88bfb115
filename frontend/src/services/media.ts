/**
 * Uploads and the media GraphQL calls (edusphere/media/schema.graphql, /work/media-contract.md).
 *
 * Images go up in one `POST /media` (XMLHttpRequest, because fetch cannot report upload
 * progress); videos and files go up with tus (`/media/uploads`), which survives a dropped
 * connection, a paused upload and a reload, since a lesson video can be gigabytes. Both carry the
 * access token the way GraphQL does, and turn the server's `{"error": {code, message}}` into
 * `ApiError`, so the pages show one kind of error whatever failed.
 */
import * as tus from 'tus-js-client'
import { ApiError, request, type ErrorCode } from './api'
import { graphql } from './generated'
import type { AvatarMutation } from './generated/graphql'
import { freshAccessToken, refreshSession, SESSION_ENDED_MESSAGE } from './session'
import type { Image, Lesson, MediaKind } from './types'

export const UPLOAD_PATH = '/media'
export const TUS_PATH = '/media/uploads'


/** What `POST /media` and a finished tus upload answer. */
export interface UploadedAsset {
  id: string
  kind: MediaKind
  mimeType: string
  sizeBytes: number
  name: string
  width: number | null
  height: number | null
  durationSeconds: number | null
  url: string | null
  placeholder: string | null
}

export type ProgressListener = (sent: number, total: number) => void

const HTTP_CODES: Record<number, ErrorCode> = { 400: 'BAD_USER_INPUT', 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 413: 'BAD_USER_INPUT', 429: 'RATE_LIMITED' }
const KNOWN: readonly string[] = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'RATE_LIMITED', 'CONFLICT']

/** The server's JSON error (or a plain status) as the ApiError the pages already show. */
export function uploadError(status: number, body: string): ApiError {
  let message = ''
  let code: string | undefined
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } }
    if (typeof parsed.error?.message === 'string') message = parsed.error.message
    if (typeof parsed.error?.code === 'string') code = parsed.error.code
  } catch {
    // Not JSON (a proxy's HTML page): the status says enough.
  }
  if (status === 413 && !message) message = 'This file is too large.'
  const known: ErrorCode = code && KNOWN.includes(code) ? (code as ErrorCode) : (HTTP_CODES[status] ?? 'INTERNAL')
  return new ApiError(message || `The upload failed (HTTP ${status}).`, known, code ? { reason: code } : {})
}

interface PostOptions {
  onProgress?: ProgressListener
  signal?: AbortSignal
}

function postOnce(kind: MediaKind, file: Blob, token: string | null, options: PostOptions): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    const form = new FormData()
    // `kind` before `file`: the server streams the file and needs the kind's size limit first.
    form.append('kind', kind)
    form.append('file', file, file instanceof File ? file.name : 'upload')
    xhr.open('POST', UPLOAD_PATH)
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.upload.onprogress = (event) => options.onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size)
    xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText })
    xhr.onerror = () => reject(new ApiError('Cannot reach EduSphere. Check your connection and try again.', 'NETWORK'))
    xhr.onabort = () => reject(new DOMException('The upload was canceled.', 'AbortError'))
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true })
    xhr.send(form)
  })
}

/**
 * Upload a file in one request with progress (`POST /media`). A 401 refreshes the session once
 * and sends it again, exactly like a GraphQL call.
 */
export async function uploadFile(kind: MediaKind, file: Blob, options: PostOptions = {}): Promise<UploadedAsset> {
  const token = await freshAccessToken()
  let answer = await postOnce(kind, file, token, options)
  if (answer.status === 401 && token) {
    const refreshed = await refreshSession()
    if (!refreshed) throw new ApiError(SESSION_ENDED_MESSAGE, 'UNAUTHENTICATED')
    answer = await postOnce(kind, file, refreshed.accessToken, options)
  }
  if (answer.status !== 201 && answer.status !== 200) throw uploadError(answer.status, answer.body)
  return JSON.parse(answer.body) as UploadedAsset
}

// --- Resumable uploads (tus) -------------------------------------------------------------------

export type UploadState = 'idle' | 'uploading' | 'paused' | 'failed' | 'done'

export interface ResumableOptions {
  onProgress?: ProgressListener
  onState?: (state: UploadState, error: ApiError | null) => void
  /** The HTTP transport (tests give an in-memory tus server); XMLHttpRequest by default. */
  httpStack?: tus.HttpStack
  /** Override the retry schedule (milliseconds); tests use none. */
  retryDelays?: number[]
  chunkSize?: number
}

/** Milliseconds between automatic retries of a failed chunk before the upload shows Retry. */
const RETRY_DELAYS = [0, 1000, 3000, 5000]
/** Chunks small enough for any proxy's body limit; each PATCH is one chunk. */
export const TUS_CHUNK_BYTES = 5 * 1024 * 1024

async function authorize(req: tus.HttpRequest): Promise<void> {
  const token = await freshAccessToken()
  if (token) req.setHeader('Authorization', `Bearer ${token}`)
}

/** What a tus failure means to a person: the server's message when it sent one. */
export function tusError(error: Error): ApiError {
  const response = (error as tus.DetailedError).originalResponse
  if (response) return uploadError(response.getStatus(), response.getBody() ?? '')
  return new ApiError('The upload was interrupted. Check your connection and press Retry.', 'NETWORK')
}

/**
 * One video or file going up with tus: start, pause, resume, retry; `done` resolves with the
 * asset. Pausing aborts the current chunk without deleting the upload, so resume (or retry after
 * a failure) asks the server for its offset (HEAD) and sends only what is missing.
 */
export class ResumableUpload {
  state: UploadState = 'idle'
  error: ApiError | null = null
  readonly done: Promise<UploadedAsset>
  private readonly upload: tus.Upload
  private assetId: string | null = null
  private resolveDone!: (asset: UploadedAsset) => void
  private rejectDone!: (error: ApiError) => void

  constructor(
    readonly file: File,
    readonly kind: Exclude<MediaKind, 'IMAGE'>,
    private readonly callbacks: ResumableOptions = {},
  ) {
    this.done = new Promise<UploadedAsset>((resolve, reject) => {
      this.resolveDone = resolve
      this.rejectDone = reject
    })
    // Nobody has to await `done` (the callbacks tell the page too): never an unhandled rejection.
    this.done.catch(() => undefined)
    this.upload = new tus.Upload(file, {
      endpoint: TUS_PATH,
      chunkSize: callbacks.chunkSize ?? TUS_CHUNK_BYTES,
      retryDelays: callbacks.retryDelays ?? RETRY_DELAYS,
      ...(callbacks.httpStack ? { httpStack: callbacks.httpStack } : {}),
      metadata: { kind, filename: file.name },
      // Same file again after a reload or a crash: continue where it stopped.
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: authorize,
      onAfterResponse: (_req, res) => {
        const id = res.getHeader('Upload-Asset-Id')
        if (id) this.assetId = id
      },
      // A refused upload (4xx other than a conflict or rate limit) will not succeed by retrying.
      onShouldRetry: (err) => {
        const status = err.originalResponse?.getStatus() ?? 0
        return status === 0 || status === 409 || status === 423 || status === 429 || status >= 500
      },
      onProgress: (sent, total) => callbacks.onProgress?.(sent, total),
      onError: (err) => this.fail(tusError(err)),
      onSuccess: () => void this.finish(),
    })
  }

  private set(state: UploadState, error: ApiError | null = null): void {
    this.state = state
    this.error = error
    this.callbacks.onState?.(state, error)
  }

  private fail(error: ApiError): void {
    this.set('failed', error)
  }

  private async finish(): Promise<void> {
    try {
      const asset = await fetchUpload(this.upload.url)
      if (this.assetId && asset.id !== this.assetId) throw new ApiError('The server finished a different upload.', 'INTERNAL')
      this.set('done')
      this.resolveDone(asset)
    } catch (e) {
      const error = e instanceof ApiError ? e : new ApiError('Could not read the finished upload.', 'INTERNAL')
      this.set('failed', error)
      this.rejectDone(error)
    }
  }

  start(): void {
    if (this.state === 'uploading' || this.state === 'done') return
    this.set('uploading')
    void this.resumeFromStored().then(() => this.upload.start())
  }

  private async resumeFromStored(): Promise<void> {
    if (this.upload.url) return
    try {
      const previous = await this.upload.findPreviousUploads()
      const latest = previous[0]
      if (latest) this.upload.resumeFromPreviousUpload(latest)
    } catch {
      // No storage (private window): start from zero.
    }
  }

  pause(): void {
    if (this.state !== 'uploading') return
    void this.upload.abort(false)
    this.set('paused')
  }

  resume(): void {
    if (this.state === 'paused') this.start()
  }

  retry(): void {
    if (this.state === 'failed') this.start()
  }

  /** Leave the page or choose another file: stop and forget the upload on the server too. */
  cancel(): void {
    if (this.state === 'done') return
    void this.upload.abort(this.upload.url !== null).catch(() => undefined)
    this.set('idle')
    this.rejectDone(new ApiError('The upload was canceled.', 'BAD_USER_INPUT'))
  }
}

/** `GET /media/uploads/<id>`: the asset a finished tus upload made. */
export async function fetchUpload(location: string | null): Promise<UploadedAsset> {
  if (!location) throw new ApiError('The server did not say where the upload went.', 'INTERNAL')
  const token = await freshAccessToken()
  let response: Response
  try {
    response = await fetch(location, { headers: token ? { authorization: `Bearer ${token}` } : {} })
  } catch {
    throw new ApiError('Cannot reach EduSphere. Check your connection and try again.', 'NETWORK')
  }
  const body = await response.text()
  if (!response.ok) throw uploadError(response.status, body)
  return JSON.parse(body) as UploadedAsset
}

// --- GraphQL -----------------------------------------------------------------------------------

export async function setCourseCover(courseId: string, assetId: string | null): Promise<Image | null> {
  const data = await request(
    graphql(`mutation Cover($course: ID!, $asset: ID) { setCourseCover(courseId: $course, assetId: $asset) { id cover { ...ImageFields } } }`),
    { course: courseId, asset: assetId },
  )
  return data.setCourseCover.cover
}

/** The account with its new avatar (its other fields as `User` has them, but for `emailVerified`). */
export async function setAvatar(assetId: string | null): Promise<AvatarMutation['setAvatar']> {
  const data = await request(
    graphql(`mutation Avatar($asset: ID) { setAvatar(assetId: $asset) { id email displayName role avatar { ...ImageFields } } }`),
    { asset: assetId },
  )
  return data.setAvatar
}

export async function setLessonAsset(lessonId: string, assetId: string | null): Promise<Pick<Lesson, 'id' | 'asset'>> {
  const data = await request(
    graphql(`mutation LessonAsset($lesson: ID!, $asset: ID) { setLessonAsset(lessonId: $lesson, assetId: $asset) { id asset { ...MediaFileFields } } }`),
    { lesson: lessonId, asset: assetId },
  )
  return data.setLessonAsset
}
