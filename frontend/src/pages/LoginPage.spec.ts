import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useAuthStore } from '@/stores/auth'
import LoginPage from './LoginPage.vue'

beforeEach(() => setActivePinia(createPinia()))

async function mountPage() {
  const stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage },
      { path: '/register', name: 'register', component: stub },
      { path: '/forgot-password', name: 'forgot-password', component: stub },
    ],
  })
  await router.push('/login')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

describe('LoginPage', () => {
  it('offers "Forgot password?" after the Log in button, so the keyboard order stays email, password, Log in', async () => {
    const wrapper = await mountPage()
    const controls = wrapper.findAll('input, button, a').map((el) => el.attributes('id') ?? el.text())
    expect(controls.slice(0, 4)).toEqual(['login-email', 'login-password', 'Log in', 'Forgot password?'])
    expect(wrapper.get('a[href="/forgot-password"]').text()).toBe('Forgot password?')
  })

  it('shows a notice left for it (a password just reset)', async () => {
    useAuthStore().announce('Your password was changed and every device was signed out. Log in with your new password.')
    const wrapper = await mountPage()
    expect(wrapper.get('[data-testid=session-notice]').text()).toContain('Log in with your new password.')
  })
})
