/** Who is signed in. The token pair lives in the session service; this store holds the user. */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import * as accounts from '@/services/auth'
import { closeLive } from '@/services/live'
import { currentTokens, onSessionEnded, SESSION_ENDED_MESSAGE, type EndReason } from '@/services/session'
import type { Role, User } from '@/services/types'

export { SESSION_ENDED_MESSAGE }

export const useAuthStore = defineStore('auth', () => {
  const user = ref<User | null>(null)
  /** Shown on the login page after the server refused the session (expired or revoked). */
  const notice = ref<string | null>(null)
  let restored: Promise<void> | null = null

  const isSignedIn = computed(() => user.value !== null)
  const isCreator = computed(() => user.value?.role === 'CREATOR' || user.value?.role === 'ADMIN')
  /** May see /admin (the API checks again on every admin call). */
  const isAdmin = computed(() => user.value?.role === 'ADMIN')
  /** Signed in with an address not proven yet: may learn free courses, not publish or buy. */
  const needsVerification = computed(() => user.value?.emailVerified === false)

  /** Teaches it or administers the site: may edit the course and moderate its chat. */
  function manages(course: { creator: { id: string } } | null | undefined): boolean {
    return !!course && !!user.value && (course.creator.id === user.value.id || user.value.role === 'ADMIN')
  }

  /** Load the user behind stored tokens once per page load (the router awaits it). */
  function restore(): Promise<void> {
    restored ??= (async () => {
      if (!currentTokens()) return
      try {
        user.value = await accounts.fetchMe()
      } catch {
        user.value = null
      }
    })()
    return restored
  }

  function ended(reason: EndReason): void {
    user.value = null
    closeLive()
    if (reason === 'expired') notice.value = SESSION_ENDED_MESSAGE
  }
  onSessionEnded(ended)

  async function login(email: string, password: string): Promise<void> {
    user.value = await accounts.login(email, password)
    notice.value = null
  }

  async function register(input: { email: string; password: string; displayName: string; role: Role }): Promise<void> {
    user.value = await accounts.register(input)
    notice.value = null
  }

  async function logout(): Promise<void> {
    await accounts.logout().catch(() => undefined)
  }

  async function updateProfile(displayName: string): Promise<void> {
    user.value = await accounts.updateProfile(displayName)
  }

  /** The signed-in user as the server has it now (after a mailed link changed it elsewhere). */
  async function reload(): Promise<void> {
    if (!currentTokens()) return
    user.value = await accounts.fetchMe()
  }

  /** A notice for the login page (a password was just reset), shown until the next sign-in. */
  function announce(text: string): void {
    notice.value = text
  }

  return {
    user, notice, isSignedIn, isCreator, isAdmin, needsVerification, manages, restore, login, register, logout,
    updateProfile, reload, announce,
  }
})
