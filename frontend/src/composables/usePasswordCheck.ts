/**
 * What the server would refuse the password being typed for, asked once typing pauses for
 * `delayMs` (the list of leaked passwords stays on the server: one source of truth for the rules
 * and their wording). The newest answer wins; an empty password asks nothing. After a submit,
 * `refusedWith` shows the server's refusal the same way until the password changes.
 */
import { getCurrentScope, onScopeDispose, ref, watch, type Ref } from 'vue'
import { ApiError } from '@/services/api'
import { passwordProblems } from '@/services/auth'
import type { PasswordProblemReason } from '@/services/types'

export interface PasswordContext {
  email?: string
  displayName?: string
}

/** A rule the password breaks, in the server's words; `reason` is null for a refusal that names none. */
export interface ShownPasswordProblem {
  reason: PasswordProblemReason | 'UNCHANGED' | null
  message: string
}

export interface PasswordCheck {
  /** The rules the password breaks, in the server's order and words; [] when it is fine. */
  problems: Ref<ShownPasswordProblem[]>
  checking: Ref<boolean>
  /** Show a refused submit's error under the field; false when it is not about this password. */
  refusedWith: (error: unknown, field?: string) => boolean
}

export function usePasswordCheck(
  password: () => string,
  context: () => PasswordContext = () => ({}),
  delayMs = 300,
): PasswordCheck {
  const problems = ref<ShownPasswordProblem[]>([])
  const checking = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let latest = 0

  async function check(value: string, ctx: PasswordContext): Promise<void> {
    const ticket = ++latest
    checking.value = true
    try {
      const found = await passwordProblems(value, ctx)
      if (ticket === latest) problems.value = found
    } catch {
      // Offline or refused: say nothing now; the submit gets the server's answer.
      if (ticket === latest) problems.value = []
    } finally {
      if (ticket === latest) checking.value = false
    }
  }

  watch(
    () => [password(), context().email ?? '', context().displayName ?? ''] as const,
    ([value, email, displayName]) => {
      clearTimeout(timer)
      latest++ // an answer on its way is about what was typed before
      if (!value) {
        problems.value = []
        checking.value = false
        return
      }
      // What was shown stays until the new answer replaces it (no flicker at every key).
      timer = setTimeout(() => void check(value, { email, displayName }), delayMs)
    },
  )
  if (getCurrentScope()) onScopeDispose(() => clearTimeout(timer))

  function refusedWith(error: unknown, field = 'password'): boolean {
    if (!(error instanceof ApiError) || error.code !== 'BAD_USER_INPUT' || error.extensions.field !== field) return false
    const reason = error.extensions.reason
    latest++ // an answer still on its way would be older than this refusal
    clearTimeout(timer)
    checking.value = false
    problems.value = [{ reason: typeof reason === 'string' ? (reason as ShownPasswordProblem['reason']) : null, message: error.message }]
    return true
  }

  return { problems, checking, refusedWith }
}
