import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import ForgotPasswordPage from './ForgotPasswordPage.vue'

const server = vi.hoisted(() => ({ asked: [] as string[] }))

vi.mock('@/services/auth', async (original) => ({
  ...(await original<typeof import('@/services/auth')>()),
  requestPasswordReset: async (email: string) => {
    server.asked.push(email)
  },
}))

beforeEach(() => (server.asked = []))

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/forgot-password', name: 'forgot-password', component: ForgotPasswordPage },
      { path: '/login', name: 'login', component: { template: '<div />' } },
    ],
  })
  await router.push('/forgot-password')
  return mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
}

describe('ForgotPasswordPage', () => {
  it('always answers with the same confirmation, whatever the address', async () => {
    const wrapper = await mountPage()
    const texts: string[] = []
    for (const email of ['ana@example.com', 'nobody@example.com']) {
      await wrapper.get('#forgot-email').setValue(` ${email} `)
      await wrapper.get('form').trigger('submit')
      await flushPromises()
      texts.push(wrapper.get('[data-testid=reset-requested]').text().replace(email, '<address>'))
      await wrapper.get('[data-testid=reset-requested] button').trigger('click')
    }
    expect(server.asked).toEqual(['ana@example.com', 'nobody@example.com'])
    expect(texts[0]).toBe(texts[1])
    expect(texts[0]).toContain('If an account uses <address>, we have emailed it a link')
  })
})
