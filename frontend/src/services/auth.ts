/**
 * Account calls: sign-up, sign-in, profile, and the mailed links (verify the address, reset the
 * password, change the address). Tokens go to the session module, never elsewhere.
 */
import { ApiError, request } from './api'
import { graphql } from './generated'
import { currentTokens, endSession, startSession } from './session'
import type { AuthPayload, PasswordProblem, Role, User } from './types'

export async function register(input: { email: string; password: string; displayName: string; role: Role }): Promise<User> {
  const data = await request(
    graphql(`mutation Register($input: RegisterInput!) { register(input: $input) { ...AuthPayloadFields } }`),
    { input },
  )
  return signedIn(data.register)
}

export async function login(email: string, password: string): Promise<User> {
  const data = await request(
    graphql(`mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ...AuthPayloadFields } }`),
    { email, password },
  )
  return signedIn(data.login)
}

function signedIn(payload: AuthPayload): User {
  startSession({ accessToken: payload.accessToken, refreshToken: payload.refreshToken })
  return payload.user
}

export async function fetchMe(): Promise<User | null> {
  const data = await request(graphql(`query Me { me { ...UserFields } }`))
  return data.me
}

/** Revokes the refresh token on the server; the local session ends even if that call fails. */
export async function logout(): Promise<void> {
  const tokens = currentTokens()
  try {
    if (tokens) {
      await request(graphql(`mutation Logout($token: String!) { logout(refreshToken: $token) }`), { token: tokens.refreshToken })
    }
  } finally {
    endSession('signed-out')
  }
}

export async function updateProfile(displayName: string): Promise<User> {
  const data = await request(
    graphql(`mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { ...UserFields } }`),
    { input: { displayName } },
  )
  return data.updateProfile
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request(
    graphql(`mutation Password($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`),
    { current: currentPassword, next: newPassword },
  )
}

/**
 * Past this many UTF-16 units a password is over the server's 256 characters whatever it holds,
 * so only this much is sent: the answer (TOO_LONG) is the same, and a pasted megabyte stays here.
 */
export const PASSWORD_CHECK_MAX_UNITS = 1024
/** The server refuses longer context (far beyond any real email or display name). */
const CONTEXT_MAX_UNITS = 1000

/**
 * Every rule the server would refuse `password` for (none: it would be accepted). `context` is the
 * account's email and display name as the form holds them; omitted, the signed-in user's count.
 */
export async function passwordProblems(
  password: string,
  context: { email?: string; displayName?: string } = {},
): Promise<PasswordProblem[]> {
  let sent = password.slice(0, PASSWORD_CHECK_MAX_UNITS)
  // Cut between the halves of a surrogate pair, the lone half would be refused as unstorable.
  if (sent.length < password.length && /[\uD800-\uDBFF]$/.test(sent)) sent = sent.slice(0, -1)
  const data = await request(
    graphql(`query PasswordProblems($password: String!, $email: String, $displayName: String) {
  passwordProblems(password: $password, email: $email, displayName: $displayName) { reason message } }`),
    {
      password: sent,
      email: context.email?.slice(0, CONTEXT_MAX_UNITS) || null,
      displayName: context.displayName?.slice(0, CONTEXT_MAX_UNITS) || null,
    },
  )
  return data.passwordProblems
}

// --- Mailed links (the server's auth/schema.graphql, issue 15) ---------------------------------

/** The server refused because the account's address is not verified yet (publishing, buying). */
export function isEmailNotVerified(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'FORBIDDEN' && error.extensions.reason === 'EMAIL_NOT_VERIFIED'
}

/** A mailed link that cannot be used: INVALID_TOKEN or TOKEN_EXPIRED (the message says which). */
export function isBadLink(error: unknown): boolean {
  const reason = error instanceof ApiError ? error.extensions.reason : undefined
  return reason === 'INVALID_TOKEN' || reason === 'TOKEN_EXPIRED'
}

export async function verifyEmail(token: string): Promise<void> {
  await request(graphql(`mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }`), { token })
}

/** A new verification link to the signed-in account's address (limited per hour). */
export async function resendVerification(): Promise<void> {
  await request(graphql(`mutation ResendVerification { resendVerification }`))
}

/** Always resolves the same way whether or not an account has the address. */
export async function requestPasswordReset(email: string): Promise<void> {
  await request(graphql(`mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) }`), { email })
}

export async function resetPassword(token: string, newPassword: string): Promise<void> {
  await request(
    graphql(`mutation ResetPassword($token: String!, $password: String!) { resetPassword(token: $token, newPassword: $password) }`),
    { token, password: newPassword },
  )
}

/** Mails a confirmation link to `newEmail`; nothing changes until it is followed. */
export async function requestEmailChange(newEmail: string, password: string): Promise<void> {
  await request(
    graphql(`mutation RequestEmailChange($email: String!, $password: String!) { requestEmailChange(newEmail: $email, password: $password) }`),
    { email: newEmail, password },
  )
}

export async function confirmEmailChange(token: string): Promise<void> {
  await request(graphql(`mutation ConfirmEmailChange($token: String!) { confirmEmailChange(token: $token) }`), { token })
}
