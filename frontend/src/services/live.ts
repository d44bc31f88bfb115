/**
 * The one `graphql-transport-ws` connection to `/ws`, shared by every live room.
 *
 * Chat must come back by itself whatever ended the socket, so reconnecting is done here, not by
 * graphql-ws: the library gives up for good on the close codes it deems fatal (1011, 4500, 4400…),
 * and after one of those a page would sit "reconnecting" for ever; after a 1000 it reconnects at
 * once, without any backoff. So every close of the current socket, whatever its code (and a
 * network error, a ping without a pong, which end in a close too), drops the client, waits a
 * capped, jittered backoff and subscribes every live request afresh on a new client; each request
 * reads its variables then, so rooms resume with `since` (a 1013 "try again later" is just that).
 * The only exception is "log in again": 4401/4403 first rotate the tokens (an expired access token
 * is the common case) and reconnect; only when the session cannot be refreshed do the
 * subscriptions end, with UNAUTHENTICATED.
 *
 * The backoff grows with every attempt and starts again only once a socket has stayed up for
 * `STABLE_AFTER_MS`: an acknowledgement alone proves little, and a server that acks then closes
 * (1013 for a slow reader, 1011 for a payload it chokes on, a restart loop) must not be hammered.
 *
 * `liveStatus` tells the truth: `connected` only while a socket is acknowledged, `reconnecting`
 * while a retry is under way or waiting, `offline` whenever the browser says it has no network
 * (the socket is then dropped at once: a dead network does not close it, and sends fail anyway).
 * A ping every 10 s with a 5 s pong deadline notices a half-open socket (a cut cable sends no
 * close frame).
 */
import { createClient, type Client } from 'graphql-ws'
import { computed, ref, type ComputedRef } from 'vue'
import { ApiError, documentText, request, type GraphQLErrorPayload, type VariablesOf } from './api'
import type { TypedDocumentString } from './generated/graphql'
import { freshAccessToken, refreshSession, SESSION_ENDED_MESSAGE } from './session'

export type LiveStatus = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'offline'
type SocketState = Exclude<LiveStatus, 'offline'>

const PING_INTERVAL_MS = 10_000
const PONG_TIMEOUT_MS = 5_000
const MAX_BACKOFF_MS = 8_000
/** How long a socket must stay up before the backoff starts again from its shortest wait. */
export const STABLE_AFTER_MS = PING_INTERVAL_MS
/** The server's "this token or session no longer passes" (4403) and "not authenticated" (4401). */
const AUTH_CLOSE_CODES = new Set([4401, 4403])

const online = ref(typeof navigator === 'undefined' || navigator.onLine)
const socketState = ref<SocketState>('idle')
export const liveStatus: ComputedRef<LiveStatus> = computed(() => (online.value ? socketState.value : 'offline'))

export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(250 * 2 ** attempt, MAX_BACKOFF_MS)
  return Math.round(base * (0.5 + random() / 2))
}

/** A subscription: its generated document (which types what it sends and receives), or a text. */
export interface LiveRequest<T = unknown, V = Record<string, unknown>> {
  query: TypedDocumentString<T, V> | string
  /** Read on every (re)subscribe, so a resume sends the latest `since`. */
  variables: () => V
}

export interface LiveHandlers<T> {
  next: (data: T) => void
  error: (error: ApiError) => void
  complete?: () => void
}

/** A live request for as long as its caller wants it; `run` is its subscription on the current client, if any. */
interface Live {
  payload: { query: string; readonly variables: Record<string, unknown> }
  handlers: LiveHandlers<unknown>
  run: { on: Client; stop: () => void } | null
}

const lives = new Set<Live>()
let client: Client | null = null
/** Connection attempts since the last socket that stayed up `STABLE_AFTER_MS`: the backoff's exponent. */
let attempt = 0
let retryTimer: ReturnType<typeof setTimeout> | undefined
let reauthenticating: Promise<void> | null = null

function socketUrl(): string {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  return `${scheme}://${location.host}/ws`
}

function create(): Client {
  let pongDeadline: ReturnType<typeof setTimeout> | undefined
  let stable: ReturnType<typeof setTimeout> | undefined
  const created: Client = createClient({
    url: socketUrl,
    connectionParams: async () => ({ accessToken: await freshAccessToken() }),
    keepAlive: PING_INTERVAL_MS,
    retryAttempts: 0, // see the module's comment: every connection problem reaches `lost`
    on: {
      connecting: () => {
        if (created === client && socketState.value !== 'reconnecting') socketState.value = 'connecting'
      },
      connected: () => {
        if (created !== client) return
        socketState.value = 'connected'
        stable = setTimeout(() => {
          if (created === client) attempt = 0
        }, STABLE_AFTER_MS)
      },
      closed: (event) => {
        clearTimeout(pongDeadline)
        clearTimeout(stable)
        // Before graphql-ws reacts (its retry runs a microtask later, and finds the client disposed).
        if (created === client) lost(closeCode(event))
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

/**
 * Subscribe until the returned function is called. The request's variables are evaluated each
 * time it is (re)subscribed, which is what makes a reconnect a resume instead of a replay.
 */
export function subscribe<T, V extends Record<string, unknown> = Record<string, unknown>>(
  request: LiveRequest<T, V>,
  handlers: LiveHandlers<T>,
): () => void {
  const live: Live = {
    payload: {
      query: documentText(request.query),
      get variables() {
        return request.variables()
      },
    },
    handlers: handlers as LiveHandlers<unknown>,
    run: null,
  }
  lives.add(live)
  if (retryTimer === undefined && reauthenticating === null) start(live)
  return () => {
    if (!lives.delete(live)) return
    live.run?.stop()
    live.run = null
    if (lives.size) return
    stopRetrying()
    dropClient() // its socket is closing: a request made from now on gets a new one, at once
    socketState.value = 'idle'
  }
}

function start(live: Live): void {
  const on = (client ??= create())
  const run = { on, stop: () => {} }
  live.run = run
  const current = (): boolean => live.run === run && lives.has(live)
  run.stop = on.subscribe<unknown>(live.payload, {
    next: (value) => {
      if (!current()) return
      const first = value.errors?.[0]
      if (first) live.handlers.error(ApiError.from(first))
      else if (value.data) live.handlers.next(value.data)
    },
    error: (error) => {
      if (!current()) return
      live.run = null
      if (Array.isArray(error)) refused(live, error as GraphQLErrorPayload[])
      else lost(closeCode(error))
    },
    complete: () => {
      if (!current()) return
      live.run = null
      lives.delete(live)
      live.handlers.complete?.()
    },
  })
}

/** The server ended the operation with an `error` message: only that request ends. */
function refused(live: Live, errors: GraphQLErrorPayload[]): void {
  lives.delete(live)
  const first = errors[0]
  live.handlers.error(first ? ApiError.from(first) : new ApiError('The live request failed.', 'INTERNAL'))
}

/**
 * The connection ended (any close code, an error, a missed pong): drop the client, then
 * subscribe afresh after the backoff, or after rotating the tokens for 4401/4403.
 */
function lost(code: number | null): void {
  dropClient()
  if (!lives.size) {
    socketState.value = 'idle'
    return
  }
  socketState.value = 'reconnecting'
  if (code !== null && AUTH_CLOSE_CODES.has(code)) reauthenticating ??= reauthenticateThenRetry()
  else retryLater()
}

function retryLater(): void {
  if (retryTimer !== undefined || reauthenticating !== null) return
  retryTimer = setTimeout(resubscribe, backoffMs(attempt))
  attempt += 1
}

function resubscribe(): void {
  retryTimer = undefined
  for (const live of lives) if (!live.run) start(live)
}

async function reauthenticateThenRetry(): Promise<void> {
  let refreshed: boolean
  try {
    refreshed = (await refreshSession()) !== null
  } catch {
    refreshed = true // the refresh did not get an answer (network): the session may well be fine
  }
  reauthenticating = null
  if (refreshed) retryLater()
  else endAll(new ApiError(SESSION_ENDED_MESSAGE, 'UNAUTHENTICATED'))
}

// --- Mutations over the socket -----------------------------------------------------------------

/**
 * How long a mutation waits for its socket answer before going over HTTP instead (a socket that
 * is up but no longer answers is found by the ping only after up to 15 s).
 */
export const SOCKET_ANSWER_TIMEOUT_MS = 6_000

/** A mutation waiting for its socket answer; `fallBack` sends it over HTTP (once). */
interface InFlight {
  on: Client
  fallBack: () => void
}
const inFlight = new Set<InFlight>()

/**
 * Run a query or mutation over the socket while one is acknowledged, else over HTTP: chat's
 * mutations are answered `next` then `complete` on the same connection as the room events, which
 * costs the server a fraction of an HTTP request. The answer is the same either way, errors too
 * (ApiError with the server's code: RATE_LIMITED, FORBIDDEN with its reason, ...).
 *
 * When the socket answer does not come (the socket closes, the browser goes offline, no answer
 * within `SOCKET_ANSWER_TIMEOUT_MS`) the SAME operation with the SAME variables goes over HTTP:
 * chat's mutations are idempotent for a retry (a send by its clientId, a reaction once per
 * member and emoji, a pin, a mark), so a send that did reach the server is not posted twice.
 * UNAUTHENTICATED from the socket (its token expired meanwhile) also goes over HTTP, which
 * refreshes the session and retries.
 */
export function execute<R, V>(document: TypedDocumentString<R, V>, ...[variables]: VariablesOf<V>): Promise<R> {
  const overHttp = (): Promise<R> => request(document, ...([variables] as VariablesOf<V>))
  const on = client
  if (!on || socketState.value !== 'connected' || !online.value) return overHttp()
  return new Promise<R>((resolve, reject) => {
    let settled = false
    let stop: () => void = () => {}
    const entry: InFlight = { on, fallBack: () => settle(() => overHttp().then(resolve, reject)) }
    const timer = setTimeout(entry.fallBack, SOCKET_ANSWER_TIMEOUT_MS)
    /** `answered`: the server's `complete` follows by itself (sending ours would be one frame more). */
    function settle(then: () => void, answered = false): void {
      if (settled) return
      settled = true
      clearTimeout(timer)
      inFlight.delete(entry)
      if (!answered) stop()
      then()
    }
    inFlight.add(entry)
    const payload = { query: documentText(document), variables: (variables ?? {}) as Record<string, unknown> }
    stop = on.subscribe<R>(payload, {
      next: (value) => {
        const first = value.errors?.[0]
        if (first) {
          const error = ApiError.from(first)
          if (error.code === 'UNAUTHENTICATED') entry.fallBack()
          else settle(() => reject(error), true)
        } else if (value.data != null) {
          const data = value.data
          settle(() => resolve(data as R), true)
        } else settle(() => reject(new ApiError('The server sent no data.', 'INTERNAL')), true)
      },
      error: (error) => {
        if (Array.isArray(error)) {
          const first = (error as GraphQLErrorPayload[])[0]
          settle(() => reject(first ? ApiError.from(first) : new ApiError('The request failed.', 'INTERNAL')), true)
        } else entry.fallBack() // the socket went: HTTP carries it
      },
      complete: () => entry.fallBack(), // complete with no answer: ask over HTTP
    })
  })
}

/** The socket a mutation was sent on is gone: send it over HTTP (see `execute`). */
function fallBackFrom(old: Client): void {
  for (const entry of [...inFlight]) if (entry.on === old) entry.fallBack()
}

function endAll(error: ApiError): void {
  const ended = [...lives]
  lives.clear()
  stopRetrying()
  socketState.value = 'idle'
  for (const live of ended) live.handlers.error(error)
}

/** Forget the client and end every run on it (their errors and completions no longer count):
 * the next `resubscribe` starts them all on a new one. */
function dropClient(): void {
  const old = client
  if (!old) return
  client = null
  fallBackFrom(old)
  for (const live of lives) {
    if (live.run?.on !== old) continue
    const { stop } = live.run
    live.run = null
    stop()
  }
  void Promise.resolve(old.dispose()).catch(() => undefined) // a connect in flight may reject
}

function stopRetrying(): void {
  clearTimeout(retryTimer)
  retryTimer = undefined
}

/** Reconnect now rather than at the end of the backoff (the network is back). */
function retryNow(): void {
  attempt = 0
  if (retryTimer === undefined) return
  stopRetrying()
  resubscribe()
}

function closeCode(error: unknown): number | null {
  if (error && typeof error === 'object' && 'code' in error && typeof (error as { code: unknown }).code === 'number') {
    return (error as { code: number }).code
  }
  return null // an `error` event, or connectionParams failing: no close code
}

/**
 * After a live request was refused as UNAUTHENTICATED: rotate the tokens and reconnect, so the
 * next socket is authenticated afresh. False if the session is over.
 */
export async function reauthenticate(): Promise<boolean> {
  const tokens = await refreshSession()
  client?.terminate()
  return tokens !== null
}

export function closeLive(): void {
  const ended = [...lives]
  lives.clear()
  for (const live of ended) live.run?.stop()
  stopRetrying()
  dropClient()
  attempt = 0
  socketState.value = 'idle'
}

if (typeof window !== 'undefined') {
  window.addEventListener('offline', () => {
    online.value = false
    client?.terminate() // the socket may linger half-open; reconnecting starts from a clean state
  })
  window.addEventListener('online', () => {
    online.value = true
    retryNow()
  })
}
