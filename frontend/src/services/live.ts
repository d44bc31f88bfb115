/**
 * The one `graphql-transport-ws` connection to `/ws`, shared by every live room.
 *
 * Reconnects forever with capped, jittered backoff: chat must come back by itself after a network
 * drop. A ping every 10 s with a 5 s pong deadline notices a half-open socket (a cut cable sends no
 * close frame), terminates it, and the retry loop reconnects; subscribers then resume with `since`.
 */
import { createClient, type Client } from 'graphql-ws'
import { ref, type Ref } from 'vue'
import { ApiError } from './api'
import { freshAccessToken, refreshSession } from './session'

export type LiveStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting'

const PING_INTERVAL_MS = 10_000
const PONG_TIMEOUT_MS = 5_000
const MAX_BACKOFF_MS = 8_000

export const liveStatus: Ref<LiveStatus> = ref('idle')
let client: Client | null = null

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(250 * 2 ** attempt, MAX_BACKOFF_MS)
  return Math.round(base * (0.5 + random() / 2))
}

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws`
}

function create(): Client {
  let pongDeadline: ReturnType<typeof setTimeout> | undefined
  const created: Client = createClient({
    url: socketUrl,
    connectionParams: async () => ({ accessToken: await freshAccessToken() }),
    keepAlive: PING_INTERVAL_MS,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    retryWait: (attempt) => new Promise((resolve) => setTimeout(resolve, backoffMs(attempt))),
    on: {
      connecting: (retrying) => (liveStatus.value = retrying ? 'reconnecting' : 'connecting'),
      connected: () => (liveStatus.value = 'connected'),
      closed: () => {
        clearTimeout(pongDeadline)
        if (liveStatus.value === 'connected') liveStatus.value = 'reconnecting'
      },
      ping: (received) => {
        if (received) return
        pongDeadline = setTimeout(() => created.terminate(), PONG_TIMEOUT_MS)
      },
      pong: (received) => {
        if (received) clearTimeout(pongDeadline)
      },
    },
  })
  return created
}

export interface LiveRequest {
  query: string
  /** Read on every (re)subscribe, so a resume sends the latest `since`. */
  variables: () => Record<string, unknown>
}

export interface LiveHandlers<T> {
  next: (data: T) => void
  error: (error: ApiError) => void
  complete?: () => void
}

/**
 * Subscribe until the returned function is called. The request's variables are evaluated each
 * time the socket (re)connects: graphql-ws re-sends the same payload object after a reconnect,
 * and its `variables` getter is what makes that a resume instead of a replay from the start.
 */
export function subscribe<T>(request: LiveRequest, handlers: LiveHandlers<T>): () => void {
  client ??= create()
  const payload = {
    query: request.query,
    get variables() {
      return request.variables()
    },
  }
  return client.subscribe<T>(payload, {
    next: (value) => {
      const first = value.errors?.[0]
      if (first) handlers.error(ApiError.from(first))
      else if (value.data) handlers.next(value.data)
    },
    error: (error) => handlers.error(toApiError(error)),
    complete: () => handlers.complete?.(),
  })
}

/** After the server closed with 4401 (token refused): rotate tokens, then reconnect. */
export async function reauthenticate(): Promise<boolean> {
  const tokens = await refreshSession()
  client?.terminate()
  return tokens !== null
}

export function closeLive(): void {
  void client?.dispose()
  client = null
  liveStatus.value = 'idle'
}

function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error
  if (Array.isArray(error) && error[0]) return ApiError.from(error[0])
  if (error && typeof error === 'object' && 'code' in error) {
    const code = (error as { code: number }).code
    const reason = (error as { reason?: string }).reason || 'The live connection was closed.'
    if (code === 4401) return new ApiError(reason, 'UNAUTHENTICATED')
    if (code === 4403) return new ApiError(reason, 'FORBIDDEN')
    return new ApiError(reason, 'NETWORK', { closeCode: code })
  }
  return new ApiError('The live connection failed.', 'NETWORK')
}
