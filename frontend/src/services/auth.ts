/** Account calls: sign-up, sign-in, profile. Tokens go to the session module, never elsewhere. */
import { request } from './api'
import { IMAGE_FIELDS } from './mediaFields'
import { currentTokens, endSession, startSession } from './session'
import type { AuthPayload, Role, User } from './types'

const USER = `id email displayName role avatar { ${IMAGE_FIELDS} }`
const PAYLOAD = `accessToken refreshToken user { ${USER} }`

export async function register(input: { email: string; password: string; displayName: string; role: Role }): Promise<User> {
  const data = await request<{ register: AuthPayload }>(
    `mutation Register($input: RegisterInput!) { register(input: $input) { ${PAYLOAD} } }`,
    { input },
  )
  return signedIn(data.register)
}

export async function login(email: string, password: string): Promise<User> {
  const data = await request<{ login: AuthPayload }>(
    `mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { ${PAYLOAD} } }`,
    { email, password },
  )
  return signedIn(data.login)
}

function signedIn(payload: AuthPayload): User {
  startSession({ accessToken: payload.accessToken, refreshToken: payload.refreshToken })
  return payload.user
}

export async function fetchMe(): Promise<User | null> {
  const data = await request<{ me: User | null }>(`query Me { me { ${USER} } }`)
  return data.me
}

/** Revokes the refresh token on the server; the local session ends even if that call fails. */
export async function logout(): Promise<void> {
  const tokens = currentTokens()
  try {
    if (tokens) {
      await request(`mutation Logout($token: String!) { logout(refreshToken: $token) }`, { token: tokens.refreshToken })
    }
  } finally {
    endSession('signed-out')
  }
}

export async function updateProfile(displayName: string): Promise<User> {
  const data = await request<{ updateProfile: User }>(
    `mutation Profile($input: UpdateProfileInput!) { updateProfile(input: $input) { ${USER} } }`,
    { input: { displayName } },
  )
  return data.updateProfile
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await request(
    `mutation Password($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) }`,
    { current: currentPassword, next: newPassword },
  )
}
