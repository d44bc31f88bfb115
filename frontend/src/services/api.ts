/**
 * GraphQL over HTTP: the one place that attaches the access token, refreshes it on 401 and turns
 * the server's error shape ({message, extensions.code}) into `ApiError`.
 *
 *   ApiError
 *     code: UNAUTHENTICATED | FORBIDDEN | BAD_USER_INPUT | NOT_FOUND | RATE_LIMITED | CONFLICT
 *           | PROVIDER_ERROR      (a payment provider refused; the message is its own)
 *           | INTERNAL            (from the server)
 *           | NETWORK             (the request never got an answer)
 */
import { graphql } from './generated'
import type { RefreshMutation, RefreshMutationVariables, TypedDocumentString } from './generated/graphql'
import { endSession, freshAccessToken, refreshSession, SESSION_ENDED_MESSAGE, setRefresher, type Tokens } from './session'

export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'CONFLICT'
  | 'PROVIDER_ERROR'
  | 'INTERNAL'
  | 'NETWORK'

export interface GraphQLErrorPayload {
  message: string
  extensions?: { code?: string; [key: string]: unknown }
}

export class ApiError extends Error {
  readonly code: ErrorCode
  readonly extensions: Record<string, unknown>

  constructor(message: string, code: ErrorCode, extensions: Record<string, unknown> = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.extensions = extensions
  }

  static from(payload: GraphQLErrorPayload): ApiError {
    const { code, ...rest } = payload.extensions ?? {}
    return new ApiError(payload.message, toCode(code), rest)
  }
}

const CODES: readonly ErrorCode[] = [
  'UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'RATE_LIMITED', 'CONFLICT', 'PROVIDER_ERROR', 'INTERNAL',
]

function toCode(code: unknown): ErrorCode {
  return CODES.includes(code as ErrorCode) ? (code as ErrorCode) : 'INTERNAL'
}

export const GRAPHQL_PATH = '/graphql'

interface Response<T> {
  data?: T | null
  errors?: GraphQLErrorPayload[]
}

async function post<T>(query: string, variables: unknown, token: string | null): Promise<{ status: number; body: Response<T> }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (token) headers.authorization = `Bearer ${token}`
  let response: globalThis.Response
  try {
    response = await fetch(GRAPHQL_PATH, { method: 'POST', headers, body: JSON.stringify({ query, variables }) })
  } catch {
    throw new ApiError('Cannot reach EduSphere. Check your connection and try again.', 'NETWORK')
  }
  let body: Response<T>
  try {
    body = (await response.json()) as Response<T>
  } catch {
    throw new ApiError(`The server answered ${response.status} without a GraphQL response.`, 'INTERNAL')
  }
  return { status: response.status, body }
}

function unwrap<T>(body: Response<T>): T {
  const first = body.errors?.[0]
  if (first) throw ApiError.from(first)
  if (body.data == null) throw new ApiError('The server sent no data.', 'INTERNAL')
  return body.data
}

/**
 * The variables argument of `request`: left out only when the operation has no variable, or
 * none it requires (`{}` is then a valid value for them). `NoInfer`: the document alone says what
 * they are, so a variable the operation does not declare is an error, not a wider type.
 */
export type VariablesOf<V> = {} extends V ? [variables?: NoInfer<V>] : [variables: NoInfer<V>]

const texts = new WeakMap<object, string>()

/**
 * The text sent for a generated document, on one line: the generator prints each field on a
 * line of its own, indented; the server reads the same document either way, and this is what a
 * hand-written one looked like (and weighs less on every request). Whitespace inside a string
 * literal is kept; the app's documents have none (values travel as variables).
 */
export function documentText<R, V>(document: TypedDocumentString<R, V> | string): string {
  if (typeof document === 'string') return compact(document)
  let text = texts.get(document)
  if (text === undefined) {
    text = compact(document.toString())
    texts.set(document, text)
  }
  return text
}

function compact(source: string): string {
  return source
    .replace(/"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|\s+/g, (match) => (match.startsWith('"') ? match : ' '))
    .trim()
}

/**
 * Run a query or mutation, typed by its generated document: the result and the variables are
 * those of the operation (`src/services/generated`, `npm run codegen`). A 401 (expired or revoked
 * access token) refreshes once and retries; if the refresh is refused the session ends and the
 * app shows the login page.
 */
export async function request<R, V>(document: TypedDocumentString<R, V>, ...[variables]: VariablesOf<V>): Promise<R> {
  const query = documentText(document)
  const token = await freshAccessToken()
  let { status, body } = await post<R>(query, variables, token)
  if (status === 401 && token) {
    const refreshed = await refreshSession()
    if (!refreshed) throw new ApiError(SESSION_ENDED_MESSAGE, 'UNAUTHENTICATED')
    ;({ status, body } = await post<R>(query, variables, refreshed.accessToken))
    if (status === 401) endSession('expired')
  }
  return unwrap(body)
}

const REFRESH = graphql(`
  mutation Refresh($token: String!) {
    refreshToken(refreshToken: $token) { accessToken refreshToken }
  }
`)

setRefresher(async (refreshToken: string): Promise<Tokens> => {
  const { body } = await post<RefreshMutation>(documentText(REFRESH), { token: refreshToken } satisfies RefreshMutationVariables, null)
  return unwrap(body).refreshToken
})
