import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ADMIN_SECTIONS, adminRoutes } from './routes'

describe('the admin routes', () => {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/admin', component: { template: '<RouterView />' }, children: adminRoutes }] })

  it('has the nine pages at their URLs, detail pages taking the id as a prop', () => {
    const table = adminRoutes.map((r) => [r.name, router.resolve({ name: r.name as string, params: r.path.includes(':id') ? { id: 'x1' } : {} }).path])
    expect(table).toEqual([
      ['admin-dashboard', '/admin'],
      ['admin-users', '/admin/users'],
      ['admin-user', '/admin/users/x1'],
      ['admin-courses', '/admin/courses'],
      ['admin-course', '/admin/courses/x1'],
      ['admin-orders', '/admin/orders'],
      ['admin-reviews', '/admin/reviews'],
      ['admin-reports', '/admin/reports'],
      ['admin-audit', '/admin/audit'],
    ])
    expect(adminRoutes.filter((r) => 'props' in r && r.props).map((r) => r.name)).toEqual(['admin-user', 'admin-course'])
  })

  it('links each section of the navigation to its route', () => {
    for (const section of ADMIN_SECTIONS) expect(router.resolve({ name: section.name }).path).toBe(section.path)
  })
})
