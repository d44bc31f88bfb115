import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { AdminCourse, AdminEnrollment, CourseStatusChange } from '@/services/admin/courses'
import { ApiError } from '@/services/api'
import type { CourseStatus } from '@/services/types'
import AdminCoursePage from './AdminCoursePage.vue'

const server = vi.hoisted(() => ({
  status: 'PUBLISHED' as CourseStatus,
  featuredAt: null as string | null,
  missing: false,
  changes: [] as { change: string; reason: string }[],
  featured: [] as { featured: boolean; reason: string }[],
  revoked: [] as { id: string; reason: string }[],
  error: null as Error | null,
  enrollmentAfters: [] as (string | null)[],
  capped: false,
}))

function course(): AdminCourse {
  return {
    id: 'c1', slug: 'rust', title: 'Rust for everyone', subtitle: 'From zero', status: server.status, priceCents: 4900, currency: 'EUR',
    isFree: false, level: 'BEGINNER', language: 'en', ratingAvg: 4.5, ratingCount: 2, enrollmentCount: 2, lessonCount: 5,
    createdAt: '2027-01-02T10:00:00Z', publishedAt: '2027-01-03T10:00:00Z', featuredAt: server.featuredAt, category: null,
    creator: { id: 'u1', displayName: 'Bo', email: 'bo@example.com' },
  }
}

function enrollment(id: string, revokedAt: string | null = null): AdminEnrollment {
  return { id, source: id === 'e1' ? 'PURCHASE' : 'FREE', enrolledAt: '2027-01-05T10:00:00Z', revokedAt, learner: { id: `l-${id}`, displayName: `Learner ${id}`, email: `${id}@example.com` } }
}

const AFTER_STATUS: Record<CourseStatusChange, CourseStatus> = { unpublishCourse: 'DRAFT', archiveCourse: 'ARCHIVED', restoreCourse: 'PUBLISHED' }

vi.mock('@/services/admin/courses', () => ({
  fetchAdminCourse: async () =>
    server.missing ? null : { course: course(), revenue: [{ currency: 'EUR', sales: 2, grossCents: 9800, refundedCents: 4900, netCents: 4900 }] },
  fetchCourseEnrollments: async (_id: string, after: string | null) => {
    server.enrollmentAfters.push(after)
    return after
      ? { items: [enrollment('e3')], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 3, totalCountCapped: false }
      : {
          items: [enrollment('e1'), enrollment('e2', '2027-01-06T10:00:00Z')],
          pageInfo: { hasNextPage: true, endCursor: 'cur' },
          totalCount: server.capped ? 10000 : 3,
          totalCountCapped: server.capped,
        }
  },
  changeCourseStatus: async (_id: string, change: CourseStatusChange, reason: string) => {
    if (server.error) throw server.error
    server.changes.push({ change, reason })
    server.status = AFTER_STATUS[change]
    if (change !== 'restoreCourse') server.featuredAt = null
    return course()
  },
  setCourseFeatured: async (_id: string, featured: boolean, reason: string) => {
    server.featured.push({ featured, reason })
    server.featuredAt = featured ? '2027-02-01T00:00:00Z' : null
    return course()
  },
  revokeEnrollment: async (id: string, reason: string) => {
    server.revoked.push({ id, reason })
    return enrollment(id, '2027-02-01T00:00:00Z')
  },
}))

async function mountPage() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/admin/courses/:id', component: AdminCoursePage, props: true },
      { path: '/admin/courses', component: { template: '<div />' } },
      { path: '/courses/:slug', component: { template: '<div />' } },
    ],
  })
  await router.push('/admin/courses/c1')
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router], stubs: { teleport: true } }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

const actions = (wrapper: Awaited<ReturnType<typeof mountPage>>) => wrapper.findAll('[data-testid^=course-]').filter((b) => b.element.tagName === 'BUTTON').map((b) => b.text())

async function confirm(wrapper: Awaited<ReturnType<typeof mountPage>>, reason: string) {
  await wrapper.get('[role=dialog] [data-testid=reason-input]').setValue(reason)
  await wrapper.get('[role=dialog] form').trigger('submit')
  await flushPromises()
}

beforeEach(() => {
  Object.assign(server, { status: 'PUBLISHED', featuredAt: null, missing: false, changes: [], featured: [], revoked: [], error: null, enrollmentAfters: [], capped: false })
  document.body.innerHTML = ''
})

describe('an admin’s course page', () => {
  it('shows the details, the revenue per currency and the enrollments, revoked ones included', async () => {
    const wrapper = await mountPage()
    expect(wrapper.get('h1').text()).toBe('Rust for everyone')
    expect(wrapper.get('[data-testid=course-status]').text()).toBe('Published')
    expect(wrapper.text()).toContain('bo@example.com')
    const revenue = wrapper.get('[data-testid=course-revenue] tbody tr').text()
    expect(revenue).toMatch(/EUR\s*2\s*€98\.00\s*€49\.00\s*€49\.00/)
    const rows = wrapper.findAll('[data-testid=enrollment-row]')
    expect(rows.map((r) => r.text())).toEqual([expect.stringMatching(/Learner e1.*Purchase/), expect.stringMatching(/Learner e2.*Free/)])
    expect(rows[0]?.find('button').text()).toBe('Revoke')
    expect(rows[1]?.find('button').exists()).toBe(false)
    expect(rows[1]?.get('[data-testid=enrollment-revoked]').text()).toMatch(/2027/)
    await wrapper.findAll('button').find((b) => b.text() === 'More enrollments')?.trigger('click')
    await flushPromises()
    expect(server.enrollmentAfters).toEqual([null, 'cur'])
    expect(wrapper.findAll('[data-testid=enrollment-row]')).toHaveLength(3)
  })

  it('counts the enrollments in their heading, "10,000+" once the server stopped counting', async () => {
    expect((await mountPage()).get('#course-enrollments-heading').text()).toBe('Enrollments (3)')
    document.body.innerHTML = ''
    server.capped = true
    expect((await mountPage()).get('#course-enrollments-heading').text()).toBe('Enrollments (10,000+)')
  })

  it('offers the actions the status allows', async () => {
    expect(actions(await mountPage())).toEqual(['Unpublish', 'Archive', 'Feature'])
    server.featuredAt = '2027-01-01T00:00:00Z'
    expect(actions(await mountPage())).toEqual(['Unpublish', 'Archive', 'Unfeature'])
    Object.assign(server, { status: 'ARCHIVED', featuredAt: null })
    expect(actions(await mountPage())).toEqual(['Restore'])
    server.status = 'DRAFT'
    expect(actions(await mountPage())).toEqual(['Archive'])
  })

  it('unpublishes only with a reason, then shows the new status and says so', async () => {
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=course-unpublish]').trigger('click')
    await flushPromises()
    const dialog = wrapper.get('[role=dialog]')
    expect(dialog.text()).toContain('Unpublish this course?')
    expect(document.activeElement).toBe(dialog.get('[data-testid=reason-input]').element)
    await wrapper.get('[role=dialog] form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[role=dialog] [role=alert]').text()).toBe('Give a reason; it is kept in the audit log.')
    expect(server.changes).toEqual([])
    await confirm(wrapper, ' Copyright complaint ')
    expect(server.changes).toEqual([{ change: 'unpublishCourse', reason: 'Copyright complaint' }])
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(wrapper.get('[data-testid=course-status]').text()).toBe('Draft')
    expect(wrapper.get('[data-testid=course-notice]').text()).toBe('Course unpublished.')
    expect(actions(wrapper)).toEqual(['Archive'])
  })

  it('archives, restores and features through the same dialog', async () => {
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=course-feature]').trigger('click')
    await confirm(wrapper, 'Staff pick')
    expect(server.featured).toEqual([{ featured: true, reason: 'Staff pick' }])
    expect(wrapper.get('[data-testid=course-featured]').text()).toContain('Featured since')
    await wrapper.get('[data-testid=course-archive]').trigger('click')
    await confirm(wrapper, 'Abandoned')
    await wrapper.get('[data-testid=course-restore]').trigger('click')
    await confirm(wrapper, 'Creator is back')
    expect(server.changes.map((c) => c.change)).toEqual(['archiveCourse', 'restoreCourse'])
    expect(wrapper.get('[data-testid=course-status]').text()).toBe('Published')
  })

  it('keeps the dialog open with the server’s refusal', async () => {
    server.error = new ApiError('The course fails its checklist', 'BAD_USER_INPUT')
    const wrapper = await mountPage()
    await wrapper.get('[data-testid=course-archive]').trigger('click')
    await confirm(wrapper, 'Try')
    expect(wrapper.get('[data-testid=dialog-error]').text()).toBe('The course fails its checklist')
    expect(wrapper.get('[data-testid=dialog-error]').attributes('role')).toBe('alert')
    expect(wrapper.get('[data-testid=course-status]').text()).toBe('Published')
  })

  it('revokes an enrollment with a reason', async () => {
    const wrapper = await mountPage()
    const revoke = wrapper.get('[data-testid=enrollment-row] button')
    expect(revoke.attributes('aria-label')).toBe("Revoke Learner e1's enrollment")
    await revoke.trigger('click')
    await confirm(wrapper, 'Chargeback')
    expect(server.revoked).toEqual([{ id: 'e1', reason: 'Chargeback' }])
    expect(wrapper.findAll('[data-testid=enrollment-row]')[0]?.find('button').exists()).toBe(false)
    expect(wrapper.get('[data-testid=course-notice]').text()).toBe("Learner e1's enrollment was revoked.")
  })

  it('says when there is no such course', async () => {
    server.missing = true
    const wrapper = await mountPage()
    expect(wrapper.get('[role=alert]').text()).toContain('This course does not exist.')
  })
})
