import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Role, User } from '@/services/types'
import { endSession, startSession } from '@/services/session'
import { guard, routes, whenTallEnough } from './router'

const server = vi.hoisted(() => ({ me: null as User | null, release: null as (() => void) | null, dashboards: 0 }))

vi.mock('@/services/auth', () => ({
  // Resolves only when the test says so: the router must wait for it before showing anything.
  fetchMe: () => new Promise<User | null>((resolve) => (server.release = () => resolve(server.me))),
  logout: async () => undefined,
}))

vi.mock('@/services/home', () => ({ fetchHome: async () => ({ continueLearning: [], recommended: [] }) }))

vi.mock('@/services/admin/dashboard', () => ({
  DASHBOARD_DAYS: [7, 30, 90],
  fetchDashboard: async () => {
    server.dashboards += 1
    return {
      usersByRole: [], coursesByStatus: [], enrollments: 0, salesByDay: [], openSockets: 0, chatMessagesPerMinute: [],
      writeBehind: { backlog: 0, pending: 0, lagSeconds: null, deadLetters: 0 }, openReports: 0,
      mail: { pending: 0, sending: 0, dead: 0, deadLastHour: 0, oldestPendingSeconds: null },
    }
  },
}))

function person(role: Role): User {
  return { id: `u-${role}`, email: `${role.toLowerCase()}@example.com`, displayName: role, role, emailVerified: null, avatar: null }
}

/** Navigates to `path` as `who` (null: signed out) and renders the app's outlet. */
async function visit(path: string, who: Role | null) {
  server.me = who ? person(who) : null
  if (who) startSession({ accessToken: 'a', refreshToken: 'r' })
  const router = createRouter({ history: createMemoryHistory(), routes })
  router.beforeEach(guard)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  const navigation = router.push(path)
  await flushPromises()
  const beforeAuthKnown = wrapper.html()
  server.release?.()
  await navigation
  await flushPromises()
  return { wrapper, router, beforeAuthKnown }
}

beforeEach(() => {
  setActivePinia(createPinia())
  localStorage.clear()
  endSession('signed-out')
  Object.assign(server, { me: null, release: null, dashboards: 0 })
})
afterEach(() => endSession('signed-out'))

describe('only admins see /admin', () => {
  it.each([
    ['a signed-out visitor', null],
    ['a learner', 'LEARNER'],
    ['a creator', 'CREATOR'],
  ] as const)('%s gets the not-found page at the same URL, never the admin', async (_who, role) => {
    for (const path of ['/admin', '/admin/users?role=ADMIN', '/admin/users/u1', '/admin/audit']) {
      setActivePinia(createPinia())
      const { wrapper, router, beforeAuthKnown } = await visit(path, role)
      expect(router.currentRoute.value.name).toBe('not-found')
      expect(router.currentRoute.value.fullPath).toBe(path)
      expect(wrapper.get('h1').text()).toBe('Page not found')
      expect(wrapper.find('[data-testid=admin-nav]').exists()).toBe(false)
      expect(beforeAuthKnown).not.toContain('admin-nav')
      wrapper.unmount()
    }
    expect(server.dashboards).toBe(0)
  })

  it('is not sent to the login page either (which would say the page exists)', async () => {
    const { router } = await visit('/admin/audit', null)
    expect(router.currentRoute.value.name).not.toBe('login')
    expect(router.currentRoute.value.query).toEqual({})
  })

  it('an admin gets the admin, once who is signed in is known', async () => {
    const { wrapper, router, beforeAuthKnown } = await visit('/admin', 'ADMIN')
    expect(beforeAuthKnown).not.toContain('admin-nav')
    expect(router.currentRoute.value.name).toBe('admin-dashboard')
    expect(wrapper.find('[data-testid=admin-nav]').exists()).toBe(true)
    expect(wrapper.get('h1').text()).toBe('Dashboard')
    expect(server.dashboards).toBe(1)
  })

  it('keeps an odd path as it was asked for', async () => {
    const { router } = await visit('/admin/users/a%20b?x=1#top', 'LEARNER')
    expect(router.currentRoute.value.name).toBe('not-found')
    expect(router.currentRoute.value.fullPath).toBe('/admin/users/a%20b?x=1#top')
  })
})

describe('the creator studio', () => {
  it('tells a learner it is for creators, at the URL asked for, instead of sending her to the catalog', async () => {
    for (const path of ['/studio', '/studio/courses/c1']) {
      setActivePinia(createPinia())
      const { wrapper, router } = await visit(path, 'LEARNER')
      expect(router.currentRoute.value.name).toBe('creators-only')
      expect(router.currentRoute.value.fullPath).toBe(path)
      expect(wrapper.get('h1').text()).toBe('The creator studio is for creators')
      expect(wrapper.text()).toContain('learner@example.com')
      wrapper.unmount()
    }
  })

  it('never shows that page for a typed URL', async () => {
    const { router } = await visit('/no/such/page', 'LEARNER')
    expect(router.currentRoute.value.name).toBe('not-found')
  })
})

describe('the root URL', () => {
  it('is the catalog for a signed-out visitor, as it always was', async () => {
    const { router } = await visit('/', null)
    expect(router.currentRoute.value.name).toBe('catalog')
    expect(router.currentRoute.value.fullPath).toBe('/courses')
  })

  it('is the home page for anyone signed in', async () => {
    const { router } = await visit('/', 'LEARNER')
    expect(router.currentRoute.value.name).toBe('home')
    expect(router.currentRoute.value.fullPath).toBe('/')
  })
})

describe('scroll restored on Back', () => {
  let height = 0
  beforeEach(() => {
    height = 0
    Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => height })
  })
  afterEach(() => {
    delete (document.documentElement as unknown as Record<string, unknown>).scrollHeight
  })

  it('waits for the page to be tall enough to hold the saved position', async () => {
    let done = false
    const saved = { left: 0, top: 2000 }
    const waiting = whenTallEnough(saved).then((position) => {
      done = true
      return position
    })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(done).toBe(false) // the content is not back yet
    height = 2000 + window.innerHeight
    expect(await waiting).toBe(saved)
  })

  it('gives up waiting when the content never comes back', async () => {
    const started = Date.now()
    expect(await whenTallEnough({ left: 0, top: 5000 }, 80)).toEqual({ left: 0, top: 5000 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(80)
  })
})
