import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { ApiError } from '@/services/api'
import type { PasswordProblem } from '@/services/types'
import { usePasswordCheck } from './usePasswordCheck'

const server = vi.hoisted(() => ({
  asked: [] as [string, { email?: string; displayName?: string }][],
  delays: new Map<string, number>(),
  failing: new Set<string>(),
}))

/** A stand-in for the server's rules: enough of them to tell answers apart. */
function rules(password: string, email = ''): PasswordProblem[] {
  const found: PasswordProblem[] = []
  if ([...password].length < 10) found.push({ reason: 'TOO_SHORT', message: 'The password must be at least 10 characters long.' })
  if (password === 'password1234') found.push({ reason: 'COMMON', message: 'This password is on a list of commonly used or leaked passwords.' })
  const local = email.split('@')[0] ?? ''
  if (local.length >= 4 && password.includes(local)) found.push({ reason: 'CONTAINS_EMAIL', message: 'The password must not contain your email address.' })
  return found
}

vi.mock('@/services/auth', () => ({
  passwordProblems: (password: string, context: { email?: string; displayName?: string }): Promise<PasswordProblem[]> => {
    server.asked.push([password, context])
    if (server.failing.has(password)) return Promise.reject(new Error('Cannot reach EduSphere.'))
    const delay = server.delays.get(password)
    const answer = rules(password, context.email)
    return delay ? new Promise((resolve) => setTimeout(() => resolve(answer), delay)) : Promise.resolve(answer)
  },
}))

async function wait(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms)
  await flushPromises()
}

beforeEach(() => {
  vi.useFakeTimers()
  server.asked = []
  server.delays.clear()
  server.failing.clear()
})
afterEach(() => vi.useRealTimers())

function checking(password = ref(''), email = ref('')) {
  const scope = effectScope()
  const check = scope.run(() => usePasswordCheck(() => password.value, () => ({ email: email.value }), 300))!
  return { check, password, email, scope }
}

describe('usePasswordCheck', () => {
  it('asks once typing pauses and shows the server’s words', async () => {
    const { check, password, scope } = checking()
    for (const typed of ['p', 'pa', 'password', 'password1234']) {
      password.value = typed
      await nextTick()
      await wait(100)
    }
    expect(server.asked).toEqual([])
    await wait(300)
    expect(server.asked.map(([p]) => p)).toEqual(['password1234'])
    expect(check.problems.value.map((p) => p.reason)).toEqual(['COMMON'])
    expect(check.problems.value[0]?.message).toContain('commonly used')
    scope.stop()
  })

  it('asks again when the email changes, and finds it in the password', async () => {
    const { check, password, email, scope } = checking(ref('ada.lovelace 1815'))
    password.value = 'ada.lovelace 1816'
    await nextTick()
    await wait(300)
    expect(check.problems.value).toEqual([])
    email.value = 'ada.lovelace@example.com'
    await nextTick()
    await wait(300)
    expect(check.problems.value.map((p) => p.reason)).toEqual(['CONTAINS_EMAIL'])
    expect(server.asked.at(-1)).toEqual(['ada.lovelace 1816', { email: 'ada.lovelace@example.com', displayName: '' }])
    scope.stop()
  })

  it('drops an answer about what was typed before', async () => {
    const { check, password, scope } = checking()
    server.delays.set('short', 2000)
    password.value = 'short'
    await nextTick()
    await wait(300)
    password.value = 'a fine long password'
    await nextTick()
    await wait(300)
    expect(check.problems.value).toEqual([])
    await wait(3000)
    expect(check.problems.value).toEqual([]) // the late TOO_SHORT for "short" is not shown
    scope.stop()
  })

  it('clears at once for an empty password and asks nothing', async () => {
    const { check, password, scope } = checking()
    password.value = 'short'
    await nextTick()
    await wait(300)
    expect(check.problems.value).toHaveLength(1)
    password.value = ''
    await nextTick()
    expect(check.problems.value).toEqual([])
    await wait(1000)
    expect(server.asked).toHaveLength(1)
    scope.stop()
  })

  it('says nothing when the check itself fails (the submit will have the answer)', async () => {
    const { check, password, scope } = checking()
    server.failing.add('offline password')
    password.value = 'offline password'
    await nextTick()
    await wait(300)
    expect(check.problems.value).toEqual([])
    expect(check.checking.value).toBe(false)
    scope.stop()
  })

  it('shows a submit’s refusal of this field with its reason, and nothing else', async () => {
    const { check, password, scope } = checking()
    const refused = new ApiError('The password must not contain your display name.', 'BAD_USER_INPUT', { field: 'password', reason: 'CONTAINS_NAME' })
    expect(check.refusedWith(refused)).toBe(true)
    expect(check.problems.value).toEqual([{ reason: 'CONTAINS_NAME', message: 'The password must not contain your display name.' }])
    const otherField = new ApiError('Enter a valid email address', 'BAD_USER_INPUT', { field: 'email' })
    expect(check.refusedWith(otherField)).toBe(false)
    expect(check.refusedWith(new ApiError('Too many sign-ups', 'RATE_LIMITED'))).toBe(false)
    expect(check.refusedWith(new Error('boom'))).toBe(false)
    const changed = new ApiError('The new password must differ from the current one', 'BAD_USER_INPUT', { field: 'newPassword', reason: 'UNCHANGED' })
    expect(check.refusedWith(changed, 'newPassword')).toBe(true)
    expect(check.problems.value[0]?.reason).toBe('UNCHANGED')
    const reasonless = new ApiError('`variables.input.password` contains the NUL character (U+0000)', 'BAD_USER_INPUT', { field: 'password' })
    expect(check.refusedWith(reasonless)).toBe(true)
    expect(check.problems.value).toEqual([{ reason: null, message: reasonless.message }])
    // Typing again asks the server again.
    password.value = 'a fine long password'
    await nextTick()
    await wait(300)
    expect(check.problems.value).toEqual([])
    scope.stop()
  })

  it('stops its timer with the scope', async () => {
    const { password, scope } = checking()
    password.value = 'tulipmoon'
    await nextTick()
    scope.stop()
    await wait(1000)
    expect(server.asked).toEqual([])
  })
})
