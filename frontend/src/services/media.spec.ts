import type * as tus from 'tus-js-client'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from './api'
import { ResumableUpload, uploadError, uploadFile, type UploadState } from './media'
import { endSession, startSession } from './session'

/** An access token the session module will not try to refresh (exp an hour ahead). */
function token(name: string): string {
  const payload = btoa(JSON.stringify({ sub: name, exp: Math.floor(Date.now() / 1000) + 3600 }))
  return `h.${payload}.s`
}

const ASSET = { id: 'a1', kind: 'VIDEO', mimeType: 'video/mp4', sizeBytes: 12, name: 'intro.mp4', width: null, height: null, durationSeconds: 1, url: null, placeholder: null }

beforeEach(() => {
  localStorage.clear()
  startSession({ accessToken: token('ana'), refreshToken: 'r1' })
})
afterEach(() => endSession('signed-out'))

// --- POST /media -------------------------------------------------------------------------------

interface Sent {
  method: string
  url: string
  headers: Record<string, string>
  fields: [string, FormDataEntryValue][]
}

/** XMLHttpRequest as the browser has it, answering from a queue; records what it was sent. */
function fakeXhr(answers: { status: number; body: string }[], sent: Sent[]) {
  return class {
    status = 0
    responseText = ''
    upload: { onprogress: ((e: { loaded: number; total: number; lengthComputable: boolean }) => void) | null } = { onprogress: null }
    onload: (() => void) | null = null
    onerror: (() => void) | null = null
    onabort: (() => void) | null = null
    private record: Sent = { method: '', url: '', headers: {}, fields: [] }
    open(method: string, url: string): void {
      this.record = { method, url, headers: {}, fields: [] }
    }
    setRequestHeader(name: string, value: string): void {
      this.record.headers[name.toLowerCase()] = value
    }
    abort(): void {
      this.onabort?.()
    }
    send(body: FormData): void {
      this.record.fields = [...body.entries()]
      sent.push(this.record)
      const answer = answers.shift()
      queueMicrotask(() => {
        if (!answer) return this.onerror?.()
        this.upload.onprogress?.({ loaded: 5, total: 10, lengthComputable: true })
        this.upload.onprogress?.({ loaded: 10, total: 10, lengthComputable: true })
        this.status = answer.status
        this.responseText = answer.body
        this.onload?.()
      })
    }
  }
}

describe('uploading an image (POST /media)', () => {
  it('sends the kind before the file with the access token, and reports progress', async () => {
    const sent: Sent[] = []
    const image = { ...ASSET, kind: 'IMAGE', mimeType: 'image/jpeg', url: '/media/public/ab/x-640.jpg' }
    vi.stubGlobal('XMLHttpRequest', fakeXhr([{ status: 201, body: JSON.stringify(image) }], sent))
    const progress: number[] = []
    const asset = await uploadFile('IMAGE', new File(['0123456789'], 'cover.jpg'), { onProgress: (done, total) => progress.push(done / total) })
    expect(asset).toEqual(image)
    expect(progress).toEqual([0.5, 1])
    expect(sent).toHaveLength(1)
    expect(sent[0]!.method).toBe('POST')
    expect(sent[0]!.url).toBe('/media')
    expect(sent[0]!.headers.authorization).toBe(`Bearer ${token('ana')}`)
    expect(sent[0]!.fields.map(([name]) => name)).toEqual(['kind', 'file'])
    expect(sent[0]!.fields[0]![1]).toBe('IMAGE')
    expect((sent[0]!.fields[1]![1] as File).name).toBe('cover.jpg')
  })

  it('shows the server’s reason when it refuses the file', async () => {
    const body = JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'Images may be at most 10 MB.' } })
    vi.stubGlobal('XMLHttpRequest', fakeXhr([{ status: 413, body }], []))
    const failure = await uploadFile('IMAGE', new File(['x'], 'huge.png')).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).message).toBe('Images may be at most 10 MB.')
    expect((failure as ApiError).code).toBe('BAD_USER_INPUT')
  })

  it('says the connection failed when nothing answered', async () => {
    vi.stubGlobal('XMLHttpRequest', fakeXhr([], []))
    await expect(uploadFile('IMAGE', new File(['x'], 'a.png'))).rejects.toMatchObject({ code: 'NETWORK' })
  })

  it('refreshes an expired session once and sends the file again', async () => {
    const sent: Sent[] = []
    const image = { ...ASSET, kind: 'IMAGE' }
    vi.stubGlobal('XMLHttpRequest', fakeXhr([{ status: 401, body: '{"error":{"code":"UNAUTHENTICATED","message":"expired"}}' }, { status: 201, body: JSON.stringify(image) }], sent))
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ data: { refreshToken: { accessToken: token('ana2'), refreshToken: 'r2' } } })))
    await expect(uploadFile('IMAGE', new File(['x'], 'a.png'))).resolves.toEqual(image)
    expect(sent.map((s) => s.headers.authorization)).toEqual([`Bearer ${token('ana')}`, `Bearer ${token('ana2')}`])
  })
})

describe('reading the server’s errors', () => {
  it('keeps known codes, maps statuses, and survives a proxy’s HTML page', () => {
    expect(uploadError(403, '{"error":{"code":"FORBIDDEN","message":"Not your course."}}')).toMatchObject({ code: 'FORBIDDEN', message: 'Not your course.' })
    expect(uploadError(404, '<html>nginx</html>')).toMatchObject({ code: 'NOT_FOUND', message: 'The upload failed (HTTP 404).' })
    expect(uploadError(413, '<html>Request Entity Too Large</html>')).toMatchObject({ code: 'BAD_USER_INPUT', message: 'This file is too large.' })
    expect(uploadError(502, '')).toMatchObject({ code: 'INTERNAL' })
  })
})

// --- tus -------------------------------------------------------------------------------------

interface StoredUpload {
  length: number
  bytes: number[]
  metadata: string
}

class MemoryResponse implements tus.HttpResponse {
  constructor(
    private readonly status: number,
    private readonly headers: Record<string, string> = {},
    private readonly body = '',
  ) {}
  getStatus(): number {
    return this.status
  }
  getHeader(name: string): string | undefined {
    return this.headers[name.toLowerCase()]
  }
  getBody(): string {
    return this.body
  }
  getUnderlyingObject(): unknown {
    return null
  }
}

/** A tus 1.0 server in memory (core + creation, as /media/uploads), recording every request. */
class MemoryTus implements tus.HttpStack {
  uploads = new Map<string, StoredUpload>()
  log: string[] = []
  authorizations = new Set<string>()
  /** PATCHes to drop on the floor (a network failure) before answering again. */
  dropPatches = 0
  refuseCreation: { status: number; body: string } | null = null
  onPatch: (() => void) | null = null

  getName(): string {
    return 'memory'
  }

  createRequest(method: string, url: string): tus.HttpRequest {
    const headers: Record<string, string> = {}
    let progress: (sent: number) => void = () => undefined
    const request: tus.HttpRequest = {
      getMethod: () => method,
      getURL: () => url,
      setHeader: (name, value) => void (headers[name.toLowerCase()] = value),
      getHeader: (name) => headers[name.toLowerCase()],
      setProgressHandler: (handler) => void (progress = handler),
      send: (body: unknown) => this.handle(method, url, headers, body as Blob | null, progress),
      abort: async () => undefined,
      getUnderlyingObject: () => null,
    }
    return request
  }

  private async handle(method: string, url: string, headers: Record<string, string>, body: Blob | null, progress: (sent: number) => void): Promise<tus.HttpResponse> {
    const path = new URL(url, 'http://localhost').pathname
    if (headers.authorization) this.authorizations.add(headers.authorization)
    if (method === 'POST' && path === '/media/uploads') {
      this.log.push('POST')
      if (this.refuseCreation) return new MemoryResponse(this.refuseCreation.status, {}, this.refuseCreation.body)
      const id = `u${this.uploads.size + 1}`
      this.uploads.set(id, { length: Number(headers['upload-length']), bytes: [], metadata: headers['upload-metadata'] ?? '' })
      return new MemoryResponse(201, { location: `/media/uploads/${id}`, 'tus-resumable': '1.0.0' })
    }
    const id = path.split('/').pop() ?? ''
    const upload = this.uploads.get(id)
    if (!upload) return new MemoryResponse(404)
    if (method === 'HEAD') {
      this.log.push(`HEAD ${upload.bytes.length}`)
      return new MemoryResponse(200, { 'upload-offset': String(upload.bytes.length), 'upload-length': String(upload.length), 'tus-resumable': '1.0.0' })
    }
    if (method === 'PATCH') {
      const offset = Number(headers['upload-offset'])
      this.log.push(`PATCH ${offset}`)
      if (this.dropPatches > 0) {
        this.dropPatches -= 1
        throw new Error('connection reset')
      }
      if (offset !== upload.bytes.length) return new MemoryResponse(409)
      const chunk = body ? new Uint8Array(await body.arrayBuffer()) : new Uint8Array()
      upload.bytes.push(...chunk)
      progress(chunk.length)
      this.onPatch?.()
      const done = upload.bytes.length === upload.length
      return new MemoryResponse(204, { 'upload-offset': String(upload.bytes.length), 'tus-resumable': '1.0.0', ...(done ? { 'upload-asset-id': 'a1' } : {}) })
    }
    return new MemoryResponse(405)
  }
}

function until(check: () => boolean): Promise<void> {
  return vi.waitFor(() => expect(check()).toBe(true), { timeout: 2000, interval: 5 })
}

describe('uploading a video with tus', () => {
  let server: MemoryTus
  const fetched: string[] = []

  beforeEach(() => {
    server = new MemoryTus()
    fetched.length = 0
    vi.stubGlobal('fetch', async (url: string) => {
      fetched.push(new URL(url, 'http://localhost').pathname)
      return new Response(JSON.stringify(ASSET), { status: 200 })
    })
  })

  function start(file: File, states: UploadState[] = []): ResumableUpload {
    const upload = new ResumableUpload(file, 'VIDEO', { httpStack: server, chunkSize: 4, retryDelays: [], onState: (s) => states.push(s) })
    upload.start()
    return upload
  }

  it('sends the file in chunks with the kind and name, then reads the asset', async () => {
    const states: UploadState[] = []
    const upload = start(new File(['0123456789ab'], 'intro.mp4', { type: 'video/mp4' }), states)
    await expect(upload.done).resolves.toEqual(ASSET)
    const stored = server.uploads.get('u1')!
    expect(String.fromCharCode(...stored.bytes)).toBe('0123456789ab')
    expect(stored.metadata).toContain(`kind ${btoa('VIDEO')}`)
    expect(stored.metadata).toContain(`filename ${btoa('intro.mp4')}`)
    expect(server.log).toEqual(['POST', 'PATCH 0', 'PATCH 4', 'PATCH 8'])
    expect([...server.authorizations]).toEqual([`Bearer ${token('ana')}`])
    expect(fetched).toEqual(['/media/uploads/u1'])
    expect(states).toEqual(['uploading', 'done'])
  })

  it('pauses, and resumes from the server’s offset without sending a byte twice', async () => {
    const states: UploadState[] = []
    let upload: ResumableUpload | null = null
    server.onPatch = () => {
      if (server.uploads.get('u1')!.bytes.length === 4) upload?.pause()
    }
    upload = start(new File(['0123456789ab'], 'intro.mp4'), states)
    await until(() => upload.state === 'paused')
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(server.uploads.get('u1')!.bytes.length).toBe(4)
    server.onPatch = null
    upload.resume()
    await expect(upload.done).resolves.toEqual(ASSET)
    expect(String.fromCharCode(...server.uploads.get('u1')!.bytes)).toBe('0123456789ab')
    expect(server.log).toContain('HEAD 4')
    expect(states).toEqual(['uploading', 'paused', 'uploading', 'done'])
  })

  it('fails when the connection drops, and Retry continues where it stopped', async () => {
    const states: UploadState[] = []
    server.onPatch = () => {
      if (server.uploads.get('u1')!.bytes.length === 8) server.dropPatches = 1
    }
    const upload = start(new File(['0123456789ab'], 'intro.mp4'), states)
    await until(() => upload.state === 'failed')
    expect(upload.error?.code).toBe('NETWORK')
    server.onPatch = null
    upload.retry()
    await expect(upload.done).resolves.toEqual(ASSET)
    expect(String.fromCharCode(...server.uploads.get('u1')!.bytes)).toBe('0123456789ab')
    expect(server.log.filter((line) => line === 'POST')).toHaveLength(1)
    expect(states).toEqual(['uploading', 'failed', 'uploading', 'done'])
  })

  it('shows the server’s reason when it refuses the upload', async () => {
    server.refuseCreation = { status: 403, body: JSON.stringify({ error: { code: 'FORBIDDEN', message: 'Only creators upload videos.' } }) }
    const upload = start(new File(['0123'], 'intro.mp4'))
    await until(() => upload.state === 'failed')
    expect(upload.error).toMatchObject({ code: 'FORBIDDEN', message: 'Only creators upload videos.' })
    expect(server.uploads.size).toBe(0)
  })
})
