import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ApiError } from './api'
import { backoffMs, closeLive, execute, liveStatus, SOCKET_ANSWER_TIMEOUT_MS, STABLE_AFTER_MS, subscribe } from './live'
import { endSession, setRefresher, startSession } from './session'

/**
 * A stand-in for the browser's WebSocket, driven by the test as the server would: open, ack,
 * send frames, close with a code, or fail as a dropped network does (an error, then 1006).
 */
class FakeSocket {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSING = 2
  static readonly CLOSED = 3
  static all: FakeSocket[] = []

  readyState = FakeSocket.CONNECTING
  /** When the client opened it (the fake clock): the gaps between attempts are the backoff. */
  readonly openedAt = Date.now()
  sent: Record<string, unknown>[] = []
  closedByClient: number | null = null
  onopen: (() => void) | null = null
  onmessage: ((event: { data: string }) => void) | null = null
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null
  onerror: ((event: Event) => void) | null = null

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.all.push(this)
  }

  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>)
  }

  close(code = 1000, reason = ''): void {
    if (this.readyState === FakeSocket.CLOSED) return
    this.closedByClient = code
    this.readyState = FakeSocket.CLOSED
    setTimeout(() => this.onclose?.({ code, reason, wasClean: true }), 0)
  }

  // The server's side:
  async accept(): Promise<void> {
    this.readyState = FakeSocket.OPEN
    this.onopen?.()
    await vi.waitFor(() => expect(this.types()).toContain('connection_init'))
    this.receive({ type: 'connection_ack' })
    await vi.advanceTimersByTimeAsync(0)
  }

  receive(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) })
  }

  serverClose(code: number, reason = ''): void {
    this.readyState = FakeSocket.CLOSED
    this.onclose?.({ code, reason, wasClean: code !== 1006 })
  }

  drop(): void {
    this.readyState = FakeSocket.CLOSED
    this.onerror?.(new Event('error'))
    this.onclose?.({ code: 1006, reason: '', wasClean: false })
  }

  types(): unknown[] {
    return this.sent.map((m) => m.type)
  }

  subscribes(): Record<string, unknown>[] {
    return this.sent.filter((m) => m.type === 'subscribe')
  }
}

const latest = (): FakeSocket => {
  const socket = FakeSocket.all.at(-1)
  if (!socket) throw new Error('no socket was opened')
  return socket
}

function jwt(expSeconds: number): string {
  return `header.${btoa(JSON.stringify({ exp: expSeconds })).replace(/=+$/, '')}.signature`
}

interface Watched {
  events: unknown[]
  errors: ApiError[]
  since: { value: number }
  stop: () => void
}

function watch(): Watched {
  const watched: Watched = { events: [], errors: [], since: { value: 0 }, stop: () => {} }
  watched.stop = subscribe<unknown>(
    { query: 'subscription { roomEvents(roomId: "r", since: $since) { seq } }', variables: () => ({ since: watched.since.value }) },
    { next: (data) => watched.events.push(data), error: (e) => watched.errors.push(e) },
  )
  return watched
}

async function connected(): Promise<{ socket: FakeSocket; watched: Watched }> {
  const watched = watch()
  await vi.advanceTimersByTimeAsync(0) // graphql-ws opens the socket a tick later
  const socket = latest()
  await socket.accept()
  expect(liveStatus.value).toBe('connected')
  return { socket, watched }
}

/** Waits out the longest backoff of the first retry (jitter: 125–250 ms). */
const firstBackoff = () => vi.advanceTimersByTimeAsync(backoffMs(0, () => 1))

describe('reconnect backoff', () => {
  it('doubles from 250 ms, caps at 8 s, and is jittered down to half', () => {
    expect([0, 1, 2, 3, 10].map((n) => backoffMs(n, () => 1))).toEqual([250, 500, 1000, 2000, 8000])
    expect(backoffMs(10, () => 0)).toBe(4000)
  })
})

describe('the live connection', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.stubGlobal('WebSocket', FakeSocket)
    FakeSocket.all = []
    endSession('signed-out')
  })

  afterEach(() => {
    closeLive()
    window.dispatchEvent(new Event('online'))
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  it.each([
    [1000, 'a normal closure by the server'],
    [1001, 'the server is going away'],
    [1006, 'the network dropped'],
    [1011, 'the server hit an unexpected condition'],
    [1013, 'the server says try again later'],
    [4500, "graphql-ws's internal server error"],
    [4499, 'a ping went unanswered (terminated)'],
  ])('reconnects after close code %i (%s) and resumes from the latest since', async (code) => {
    const { socket, watched } = await connected()
    expect(socket.subscribes()).toHaveLength(1)
    watched.since.value = 7 // events up to seq 7 arrived before the close
    if (code === 1006) socket.drop()
    else socket.serverClose(code, 'bye')
    await vi.advanceTimersByTimeAsync(0)
    expect(liveStatus.value).toBe('reconnecting')
    expect(FakeSocket.all).toHaveLength(1) // not at once: after the backoff

    await firstBackoff()
    const again = latest()
    expect(again).not.toBe(socket)
    await again.accept()
    expect(liveStatus.value).toBe('connected')
    const [resubscribed] = again.subscribes()
    expect((resubscribed?.payload as { variables: unknown }).variables).toEqual({ since: 7 })
    again.receive({ id: resubscribed?.id, type: 'next', payload: { data: { seq: 8 } } })
    expect(watched.events).toEqual([{ seq: 8 }])
    expect(watched.errors).toEqual([])
  })

  it('keeps retrying while the server is unreachable, backing off, and is live once it answers', async () => {
    const { socket, watched } = await connected()
    socket.serverClose(1011)
    for (let attempt = 0; attempt < 6; attempt += 1) {
      await vi.advanceTimersByTimeAsync(backoffMs(attempt, () => 1))
      latest().drop()
      await vi.advanceTimersByTimeAsync(0)
      expect(liveStatus.value).toBe('reconnecting')
    }
    expect(FakeSocket.all).toHaveLength(7)
    await vi.advanceTimersByTimeAsync(backoffMs(6, () => 1))
    await latest().accept()
    expect(liveStatus.value).toBe('connected')
    expect(latest().subscribes()).toHaveLength(1)
    expect(watched.errors).toEqual([])
  })

  it('drops a socket whose ping gets no pong (half-open), and reconnects', async () => {
    const { socket, watched } = await connected()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(socket.types()).toContain('ping')
    await vi.advanceTimersByTimeAsync(5_000)
    expect(socket.closedByClient).toBe(4499)
    await firstBackoff()
    await latest().accept()
    expect(liveStatus.value).toBe('connected')
    expect(latest().subscribes()).toHaveLength(1)
    expect(watched.errors).toEqual([])
  })

  it('carries a request made as the socket closes over to the next socket', async () => {
    const { socket, watched } = await connected()
    socket.serverClose(1011)
    const late = watch() // before the close has reached the subscriptions
    await vi.advanceTimersByTimeAsync(0)
    await firstBackoff()
    await latest().accept()
    const subscribes = latest().subscribes()
    expect(subscribes).toHaveLength(2)
    for (const [n, subscribed] of subscribes.entries()) {
      latest().receive({ id: subscribed.id, type: 'next', payload: { data: { seq: n + 1 } } })
    }
    expect([...watched.events, ...late.events]).toEqual([{ seq: 1 }, { seq: 2 }])
    expect([...watched.errors, ...late.errors]).toEqual([])
    expect(liveStatus.value).toBe('connected')
  })

  /** The server acks, then closes at once with `code`; returns how long the client waited before the next socket. */
  async function ackThenClose(code: number, attempt: number): Promise<number> {
    const socket = latest()
    const closedAt = Date.now()
    socket.serverClose(code, 'bye')
    await vi.advanceTimersByTimeAsync(backoffMs(attempt, () => 1)) // the longest wait this attempt may take
    const next = latest()
    expect(next).not.toBe(socket)
    await next.accept()
    return next.openedAt - closedAt
  }

  it.each([1000, 1011, 1013])(
    'backs off more and more, up to the cap, when the server acks then closes with %i, again and again',
    async (code) => {
      const { watched } = await connected()
      const gaps: number[] = []
      for (let attempt = 0; attempt < 10; attempt += 1) gaps.push(await ackThenClose(code, attempt))
      for (const [attempt, gap] of gaps.entries()) {
        expect(gap).toBeGreaterThanOrEqual(backoffMs(attempt, () => 0))
        expect(gap).toBeLessThanOrEqual(backoffMs(attempt, () => 1))
      }
      expect(Math.min(...gaps.slice(5))).toBeGreaterThanOrEqual(backoffMs(Infinity, () => 0)) // at the cap
      expect(liveStatus.value).toBe('connected')
      expect(latest().subscribes()).toHaveLength(1)
      expect(watched.errors).toEqual([])
    },
  )

  it('keeps backing off when a socket drops just before it counts as stable', async () => {
    await connected()
    for (let attempt = 0; attempt < 4; attempt += 1) await ackThenClose(1011, attempt)
    await vi.advanceTimersByTimeAsync(STABLE_AFTER_MS - 1)
    latest().receive({ type: 'pong' })
    expect(await ackThenClose(1011, 4)).toBeGreaterThanOrEqual(backoffMs(4, () => 0))
  })

  it('reconnects quickly again after a socket that stayed up past the threshold drops', async () => {
    const { watched } = await connected()
    for (let attempt = 0; attempt < 6; attempt += 1) await ackThenClose(1013, attempt)
    const socket = latest()
    await vi.advanceTimersByTimeAsync(STABLE_AFTER_MS)
    expect(socket.types()).toContain('ping')
    socket.receive({ type: 'pong' })
    expect(liveStatus.value).toBe('connected')
    expect(await ackThenClose(1011, 0)).toBeLessThanOrEqual(backoffMs(0, () => 1))
    expect(liveStatus.value).toBe('connected')
    expect(watched.errors).toEqual([])
  })

  it('subscribes at once on a new socket after everything was unsubscribed', async () => {
    const { watched } = await connected()
    watched.stop()
    expect(liveStatus.value).toBe('idle')
    const again = watch()
    await vi.advanceTimersByTimeAsync(0)
    expect(FakeSocket.all).toHaveLength(2)
    await latest().accept()
    expect(liveStatus.value).toBe('connected')
    expect(latest().subscribes()).toHaveLength(1)
    expect(again.errors).toEqual([])
  })

  it('rotates the tokens after 4403 (token expired) and reconnects with the fresh one', async () => {
    const refreshes: string[] = []
    setRefresher(async (token) => {
      refreshes.push(token)
      return { accessToken: jwt(Date.now() / 1000 + 3600), refreshToken: 'r2' }
    })
    const first = jwt(Date.now() / 1000 + 3600)
    startSession({ accessToken: first, refreshToken: 'r1' })
    const { socket, watched } = await connected()
    expect(socket.sent[0]).toEqual({ type: 'connection_init', payload: { accessToken: first } })

    socket.serverClose(4403, 'Your access token expired; reconnect with a fresh one')
    await vi.advanceTimersByTimeAsync(0)
    expect(refreshes).toEqual(['r1'])
    await firstBackoff()
    const again = latest()
    await again.accept()
    const init = again.sent[0] as { payload: { accessToken: string } }
    expect(init.payload.accessToken).not.toBe(first)
    expect(liveStatus.value).toBe('connected')
    expect(again.subscribes()).toHaveLength(1)
    expect(watched.errors).toEqual([])
  })

  it('ends the subscriptions with UNAUTHENTICATED after 4403 when the session cannot be refreshed', async () => {
    setRefresher(async () => {
      throw Object.assign(new Error('The refresh token was revoked'), { code: 'UNAUTHENTICATED' })
    })
    startSession({ accessToken: jwt(Date.now() / 1000 + 3600), refreshToken: 'revoked' })
    const { socket, watched } = await connected()
    socket.serverClose(4403, 'Forbidden')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(watched.errors.map((e) => e.code)).toEqual(['UNAUTHENTICATED'])
    expect(FakeSocket.all).toHaveLength(1) // no retry: only logging in again helps
    expect(liveStatus.value).toBe('idle')
  })

  it('ends only the operation the server refused, and reports its error', async () => {
    const { socket, watched } = await connected()
    const other = watch()
    await vi.advanceTimersByTimeAsync(0)
    const [mine, theirs] = socket.subscribes()
    socket.receive({ id: mine?.id, type: 'error', payload: [{ message: 'Not a member', extensions: { code: 'FORBIDDEN' } }] })
    expect(watched.errors.map((e) => e.code)).toEqual(['FORBIDDEN'])
    socket.receive({ id: theirs?.id, type: 'next', payload: { data: { seq: 1 } } })
    expect(other.events).toEqual([{ seq: 1 }])
    expect(liveStatus.value).toBe('connected')
  })

  it('reports a FELL_BEHIND end with its reason, and a resubscribe goes out on the same socket with the latest since', async () => {
    const { socket, watched } = await connected()
    const [first] = socket.subscribes()
    watched.since.value = 41
    const fellBehind = { message: 'The connection fell too far behind; resubscribe with `since`', extensions: { code: 'RATE_LIMITED', reason_code: 'FELL_BEHIND' } }
    socket.receive({ id: first?.id, type: 'error', payload: [fellBehind] })
    expect(watched.errors.map((e) => [e.code, e.extensions])).toEqual([['RATE_LIMITED', { reason_code: 'FELL_BEHIND' }]])

    const again = watch() // what the chat store does for that room
    again.since.value = 41
    await vi.advanceTimersByTimeAsync(0)
    expect(FakeSocket.all).toEqual([socket]) // no reconnect: only that operation ended
    const [, resubscribed] = socket.subscribes()
    expect(resubscribed?.id).not.toBe(first?.id)
    expect((resubscribed?.payload as { variables: unknown }).variables).toEqual({ since: 41 })
    socket.receive({ id: resubscribed?.id, type: 'next', payload: { data: { seq: 42 } } })
    expect(again.events).toEqual([{ seq: 42 }])
    expect(liveStatus.value).toBe('connected')
  })

  it('says offline while the browser is offline, never Live, and reconnects at once when it is back', async () => {
    const { socket, watched } = await connected()
    window.dispatchEvent(new Event('offline'))
    expect(liveStatus.value).toBe('offline')
    expect(socket.closedByClient).toBe(4499) // dropped: a dead network would leave it half-open
    await vi.advanceTimersByTimeAsync(backoffMs(0, () => 1))
    latest().drop() // retries fail while offline
    await vi.advanceTimersByTimeAsync(backoffMs(1, () => 1))
    expect(liveStatus.value).toBe('offline')
    const attempts = FakeSocket.all.length

    window.dispatchEvent(new Event('online'))
    await vi.advanceTimersByTimeAsync(0)
    expect(liveStatus.value).not.toBe('connected') // the socket is not back yet
    if (FakeSocket.all.length === attempts) latest().drop() // an attempt in flight fails: retried at once
    await vi.advanceTimersByTimeAsync(backoffMs(0, () => 1))
    await latest().accept()
    expect(liveStatus.value).toBe('connected')
    expect(watched.errors).toEqual([])
  })

  it('is idle, not reconnecting, once nothing is subscribed', async () => {
    const { socket, watched } = await connected()
    socket.serverClose(1011)
    await vi.advanceTimersByTimeAsync(0)
    expect(liveStatus.value).toBe('reconnecting')
    watched.stop()
    expect(liveStatus.value).toBe('idle')
    await vi.advanceTimersByTimeAsync(10_000)
    expect(FakeSocket.all).toHaveLength(1)
  })
})

describe('mutations over the socket', () => {
  const SEND = 'mutation Send($id: ID!, $body: String!, $clientId: String!) { sendMessage(roomId: $id, body: $body, clientId: $clientId) { id } }'
  const variables = { id: 'r', body: 'hi', clientId: 'c-1' }
  let posted: unknown[]

  beforeEach(() => {
    vi.useFakeTimers()
    vi.stubGlobal('WebSocket', FakeSocket)
    FakeSocket.all = []
    endSession('signed-out')
    posted = []
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init: { body: string }) => {
        posted.push(JSON.parse(init.body))
        return { status: 200, json: async () => ({ data: { sendMessage: { id: 'over-http' } } }) }
      }),
    )
  })

  afterEach(() => {
    closeLive()
    window.dispatchEvent(new Event('online'))
    vi.unstubAllGlobals()
    vi.useRealTimers()
  })

  // `execute` is typed by generated documents; a text stands in for one here.
  const run = () => execute(SEND as never, variables as never) as Promise<{ sendMessage: { id: string } }>

  it('goes over HTTP when no socket is acknowledged', async () => {
    expect(await run()).toEqual({ sendMessage: { id: 'over-http' } })
    expect(posted).toEqual([{ query: SEND, variables }])
  })

  it('sends on the acknowledged socket, answered next then complete, and nothing over HTTP', async () => {
    const { socket } = await connected()
    const answer = run()
    await vi.advanceTimersByTimeAsync(0)
    const sent = socket.subscribes().at(-1)
    expect(sent?.payload).toEqual({ query: SEND, variables })
    socket.receive({ id: sent?.id, type: 'next', payload: { data: { sendMessage: { id: 'over-ws' } } } })
    socket.receive({ id: sent?.id, type: 'complete' })
    expect(await answer).toEqual({ sendMessage: { id: 'over-ws' } })
    expect(posted).toEqual([])
    expect(socket.sent.filter((m) => m.type === 'complete')).toEqual([]) // the server's complete ends it
  })

  it("rejects with the server's code (RATE_LIMITED) and does not retry over HTTP", async () => {
    const { socket } = await connected()
    const answer = run()
    await vi.advanceTimersByTimeAsync(0)
    const sent = socket.subscribes().at(-1)
    socket.receive({ id: sent?.id, type: 'next', payload: { errors: [{ message: 'Slow down', extensions: { code: 'RATE_LIMITED', retryAfterSeconds: 3 } }] } })
    socket.receive({ id: sent?.id, type: 'complete' })
    await expect(answer).rejects.toMatchObject({ code: 'RATE_LIMITED', message: 'Slow down', extensions: { retryAfterSeconds: 3 } })
    expect(posted).toEqual([])
  })

  it('sends the same operation, same clientId, over HTTP when the socket drops before answering', async () => {
    const { socket } = await connected()
    const answer = run()
    socket.drop()
    expect(await answer).toEqual({ sendMessage: { id: 'over-http' } })
    expect(posted).toEqual([{ query: SEND, variables }])
  })

  it('sends over HTTP when the browser goes offline mid-send', async () => {
    await connected()
    const answer = run()
    window.dispatchEvent(new Event('offline'))
    expect(await answer).toEqual({ sendMessage: { id: 'over-http' } })
    expect(posted).toHaveLength(1)
  })

  it('sends over HTTP when the socket does not answer in time, once', async () => {
    const { socket } = await connected()
    const answer = run()
    await vi.advanceTimersByTimeAsync(SOCKET_ANSWER_TIMEOUT_MS)
    expect(await answer).toEqual({ sendMessage: { id: 'over-http' } })
    const sent = socket.subscribes().at(-1)
    socket.receive({ id: sent?.id, type: 'next', payload: { data: { sendMessage: { id: 'late' } } } })
    expect(posted).toHaveLength(1)
  })

  it('retries over HTTP (which refreshes the session) when the socket says UNAUTHENTICATED', async () => {
    const { socket } = await connected()
    const answer = run()
    await vi.advanceTimersByTimeAsync(0)
    const sent = socket.subscribes().at(-1)
    socket.receive({ id: sent?.id, type: 'next', payload: { errors: [{ message: 'Log in', extensions: { code: 'UNAUTHENTICATED' } }] } })
    expect(await answer).toEqual({ sendMessage: { id: 'over-http' } })
  })
})
