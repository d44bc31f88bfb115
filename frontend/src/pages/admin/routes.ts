/**
 * The admin's pages, children of /admin (AdminLayout). The parent route carries `meta.admin`,
 * so the router's guard shows everyone but an administrator the not-found page at these URLs.
 * Each page is its own chunk, downloaded only by admins.
 */
import type { RouteRecordRaw } from 'vue-router'

export interface AdminSection {
  /** The route name of the section's list. */
  name: string
  label: string
  path: string
}

/** The sections the admin's navigation links, in its order; a detail page belongs to its list's. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { name: 'admin-dashboard', label: 'Dashboard', path: '/admin' },
  { name: 'admin-users', label: 'Users', path: '/admin/users' },
  { name: 'admin-courses', label: 'Courses', path: '/admin/courses' },
  { name: 'admin-orders', label: 'Orders', path: '/admin/orders' },
  { name: 'admin-reviews', label: 'Reviews', path: '/admin/reviews' },
  { name: 'admin-reports', label: 'Chat reports', path: '/admin/reports' },
  { name: 'admin-audit', label: 'Audit log', path: '/admin/audit' },
]

export const adminRoutes: RouteRecordRaw[] = [
  { path: '', name: 'admin-dashboard', component: () => import('./AdminDashboardPage.vue'), meta: { title: 'Admin dashboard' } },
  { path: 'users', name: 'admin-users', component: () => import('./AdminUsersPage.vue'), meta: { title: 'Admin · Users' } },
  { path: 'users/:id', name: 'admin-user', component: () => import('./AdminUserPage.vue'), props: true, meta: { title: 'Admin · User' } },
  { path: 'courses', name: 'admin-courses', component: () => import('./AdminCoursesPage.vue'), meta: { title: 'Admin · Courses' } },
  { path: 'courses/:id', name: 'admin-course', component: () => import('./AdminCoursePage.vue'), props: true, meta: { title: 'Admin · Course' } },
  { path: 'orders', name: 'admin-orders', component: () => import('./AdminOrdersPage.vue'), meta: { title: 'Admin · Orders' } },
  { path: 'reviews', name: 'admin-reviews', component: () => import('./AdminReviewsPage.vue'), meta: { title: 'Admin · Reviews' } },
  { path: 'reports', name: 'admin-reports', component: () => import('./AdminReportsPage.vue'), meta: { title: 'Admin · Chat reports' } },
  { path: 'audit', name: 'admin-audit', component: () => import('./AdminAuditPage.vue'), meta: { title: 'Admin · Audit log' } },
]
