import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ADMIN_SECTIONS } from '@/pages/admin/routes'
import { useAuthStore } from '@/stores/auth'
import AdminLayout from './AdminLayout.vue'

async function mountAt(path: string, role: 'ADMIN' | 'LEARNER' = 'ADMIN') {
  setActivePinia(createPinia())
  useAuthStore().user = { id: 'a1', email: 'a@example.com', displayName: 'Ada', role, emailVerified: null, avatar: null }
  const page = { template: '<h1>page</h1>' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin', component: AdminLayout, children: ADMIN_SECTIONS.map((s) => ({ path: s.path.replace(/^\/admin\/?/, ''), name: s.name, component: page })).concat([
        { path: 'users/:id', name: 'admin-user', component: page },
      ]) },
      { path: '/courses', component: page },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => localStorage.clear())

describe('the admin layout', () => {
  it('links every section with a real link, marking the current one', async () => {
    const { wrapper } = await mountAt('/admin/audit')
    const nav = wrapper.get('nav[aria-label=Admin]')
    const links = nav.findAll('a')
    expect(links.map((a) => a.text())).toEqual(['Dashboard', 'Users', 'Courses', 'Orders', 'Reviews', 'Chat reports', 'Audit log'])
    expect(links.map((a) => a.attributes('href'))).toEqual([
      '/admin', '/admin/users', '/admin/courses', '/admin/orders', '/admin/reviews', '/admin/reports', '/admin/audit',
    ])
    expect(links.filter((a) => a.attributes('aria-current')).map((a) => [a.text(), a.attributes('aria-current')])).toEqual([['Audit log', 'page']])
    for (const link of links) expect(link.classes()).toContain('focus-visible:ring-2')
  })

  it('marks the section of a detail page, and the dashboard only on itself', async () => {
    const { wrapper } = await mountAt('/admin/users/u1')
    const current = wrapper.findAll('nav a').filter((a) => a.attributes('aria-current'))
    expect(current.map((a) => [a.text(), a.attributes('aria-current')])).toEqual([['Users', 'true']])
    const { wrapper: home } = await mountAt('/admin')
    expect(home.findAll('nav a').filter((a) => a.attributes('aria-current')).map((a) => a.text())).toEqual(['Dashboard'])
  })

  it('offers a skip link to the page and navigates by its links', async () => {
    const { wrapper, router } = await mountAt('/admin')
    const skip = wrapper.get('[data-testid=admin-skip-link]')
    expect(skip.attributes('href')).toBe('#admin-content')
    expect(wrapper.find('#admin-content').exists()).toBe(true)
    await wrapper.get('[data-testid=admin-nav-admin-users]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.path).toBe('/admin/users')
  })

  it('shows the not-found page instead if the viewer is no admin (signed out while here)', async () => {
    const { wrapper } = await mountAt('/admin/users', 'LEARNER')
    expect(wrapper.get('h1').text()).toBe('Page not found')
    expect(wrapper.find('nav[aria-label=Admin]').exists()).toBe(false)
  })
})
