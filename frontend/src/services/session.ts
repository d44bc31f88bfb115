/**
 * The signed-in session: the token pair, kept in localStorage so a reload stays signed in.
 *
 * Refreshing is single-flight: many requests failing with 401 at once share one `refreshToken`
 * call, because refresh tokens are single-use and a second concurrent rotation would look like
 * token theft to the server (it revokes the whole family).
 */

export interface Tokens {
  accessToken: string
  refreshToken: string
}

export const SESSION_ENDED_MESSAGE = 'Your session has ended. Please log in again.'

export type EndReason = 'expired' | 'signed-out'
type Refresher = (refreshToken: string) => Promise<Tokens>
type EndListener = (reason: EndReason) => void

const STORAGE_KEY = 'edusphere.session'
/** Refresh this long before the access token's `exp`, so a request never races the expiry. */
const EXPIRY_MARGIN_SECONDS = 30

let tokens: Tokens | null = load()
let inFlight: Promise<Tokens | null> | null = null
let refresher: Refresher | null = null
const endListeners = new Set<EndListener>()

function load(): Tokens | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const parsed = JSON.parse(raw) as Partial<Tokens>
    return typeof parsed.accessToken === 'string' && typeof parsed.refreshToken === 'string'
      ? { accessToken: parsed.accessToken, refreshToken: parsed.refreshToken }
      : null
  } catch {
    return null
  }
}

export function currentTokens(): Tokens | null {
  return tokens
}

export function startSession(next: Tokens): void {
  tokens = next
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next))
}

/** Forget the tokens and tell the app (which shows the login page for 'expired'). */
export function endSession(reason: EndReason): void {
  const hadSession = tokens !== null
  tokens = null
  localStorage.removeItem(STORAGE_KEY)
  if (hadSession) endListeners.forEach((listener) => listener(reason))
}

export function onSessionEnded(listener: EndListener): () => void {
  endListeners.add(listener)
  return () => endListeners.delete(listener)
}

/** The api module registers the call that rotates tokens (it owns the transport). */
export function setRefresher(fn: Refresher): void {
  refresher = fn
}

/** Seconds until the access token expires, from its (unverified) `exp` claim. */
export function secondsLeft(accessToken: string, now = Date.now()): number {
  try {
    const payload = accessToken.split('.')[1] ?? ''
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'))
    const exp = (JSON.parse(json) as { exp?: unknown }).exp
    return typeof exp === 'number' ? exp - now / 1000 : 0
  } catch {
    return 0
  }
}

/** Rotate the pair once, shared by every caller; null (and the session ended) if refused. */
export function refreshSession(): Promise<Tokens | null> {
  if (inFlight) return inFlight
  const current = tokens
  if (!current || !refresher) return Promise.resolve(null)
  const rotate = refresher
  inFlight = (async () => {
    try {
      const next = await rotate(current.refreshToken)
      startSession(next)
      return next
    } catch (error) {
      if (isRefusal(error)) endSession('expired')
      else throw error
      return null
    } finally {
      inFlight = null
    }
  })()
  return inFlight
}

/** An access token good for at least the margin, refreshed first if needed; null if signed out. */
export async function freshAccessToken(): Promise<string | null> {
  const current = tokens
  if (!current) return null
  if (secondsLeft(current.accessToken) > EXPIRY_MARGIN_SECONDS) return current.accessToken
  return (await refreshSession())?.accessToken ?? null
}

function isRefusal(error: unknown): boolean {
  // A network failure keeps the session (the server may be back soon); a refusal ends it.
  return !(error instanceof Error && (error as { code?: string }).code === 'NETWORK')
}
