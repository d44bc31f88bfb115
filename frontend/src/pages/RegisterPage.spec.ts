import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/services/api'
import type { PasswordProblem } from '@/services/types'
import RegisterPage from './RegisterPage.vue'

const server = vi.hoisted(() => ({
  asked: [] as [string, { email?: string; displayName?: string }][],
  problems: [] as PasswordProblem[],
  registerRefusal: null as Error | null,
  registered: [] as unknown[],
}))

vi.mock('@/services/auth', () => ({
  passwordProblems: async (password: string, context: { email?: string; displayName?: string }) => {
    server.asked.push([password, context])
    return server.problems
  },
  register: async (input: unknown) => {
    server.registered.push(input)
    if (server.registerRefusal) throw server.registerRefusal
    return { id: 'u1', email: 'ada@example.com', displayName: 'Ada', role: 'LEARNER' }
  },
}))

beforeEach(() => {
  vi.useFakeTimers()
  setActivePinia(createPinia())
  server.asked = []
  server.problems = []
  server.registerRefusal = null
  server.registered = []
})
afterEach(() => {
  vi.useRealTimers()
  document.body.innerHTML = ''
})

async function page() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/register', name: 'register', component: RegisterPage },
      { path: '/login', name: 'login', component: { template: '<p />' } },
      { path: '/courses', component: { template: '<p>catalog</p>' } },
    ],
  })
  await router.push('/register')
  const wrapper = mount(RegisterPage, { global: { plugins: [router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

async function fill(wrapper: Awaited<ReturnType<typeof page>>['wrapper'], password: string) {
  await wrapper.get('#register-name').setValue('Ada Lovelace')
  await wrapper.get('#register-email').setValue('  ada.lovelace@example.com ')
  await wrapper.get('#register-password').setValue(password)
  await vi.advanceTimersByTimeAsync(300)
  await flushPromises()
}

describe('the sign-up page', () => {
  it('says which rule the password breaks before it is sent, in the server’s words', async () => {
    const { wrapper } = await page()
    server.problems = [{ reason: 'CONTAINS_EMAIL', message: 'The password must not contain your email address or the name before its @.' }]
    await fill(wrapper, 'ada.lovelace 1815')
    expect(server.asked.at(-1)).toEqual(['ada.lovelace 1815', { email: 'ada.lovelace@example.com', displayName: 'Ada Lovelace' }])
    const shown = wrapper.get('[data-testid=password-problems]')
    expect(shown.text()).toBe('The password must not contain your email address or the name before its @.')
    expect(wrapper.get('#register-password').attributes('aria-invalid')).toBe('true')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
  })

  it('shows a refused submit under the password, focused, and not as a general error', async () => {
    const { wrapper, router } = await page()
    await fill(wrapper, 'password1234')
    server.registerRefusal = new ApiError('This password is on a list of commonly used or leaked passwords; choose one that is harder to guess.', 'BAD_USER_INPUT', { field: 'password', reason: 'COMMON' })
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.registered).toHaveLength(1)
    const item = wrapper.get('[data-testid=password-problems] li')
    expect([item.attributes('data-reason'), item.text()]).toEqual(['COMMON', server.registerRefusal.message])
    expect(document.activeElement).toBe(wrapper.get('#register-password').element)
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(router.currentRoute.value.path).toBe('/register')
  })

  it('keeps other refusals in the form’s alert', async () => {
    const { wrapper } = await page()
    await fill(wrapper, 'a fine long password')
    server.registerRefusal = new ApiError('An account with this email address already exists', 'CONFLICT')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role=alert]').text()).toBe('An account with this email address already exists')
    expect(wrapper.findAll('[data-testid=password-problems] li')).toHaveLength(0)
  })

  it('signs up with a password the server accepts and goes on', async () => {
    const { wrapper, router } = await page()
    await fill(wrapper, '🎓 learn every day 🎓')
    expect(wrapper.findAll('[data-testid=password-problems] li')).toHaveLength(0)
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(server.registered).toEqual([{ displayName: 'Ada Lovelace', email: 'ada.lovelace@example.com', password: '🎓 learn every day 🎓', role: 'LEARNER' }])
    expect(router.currentRoute.value.path).toBe('/courses')
  })
})
