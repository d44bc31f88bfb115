import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { Certificate } from '@/services/certificates'
import CertificatePage from './CertificatePage.vue'

const server = vi.hoisted(() => ({ certificate: null as Certificate | null, asked: [] as string[] }))

vi.mock('@/services/certificates', () => ({
  fetchCertificate: async (id: string) => (server.asked.push(id), server.certificate),
}))

const VALID: Certificate = {
  id: '5f0c6f1e-4f7b-4c55-9d2e-0d6a4f2b7c11', learnerName: 'Zoë Ångström', courseTitle: 'Rust for Pythonistas', courseSlug: 'rust',
  creatorName: 'Bo', issuedAt: '2026-12-04T10:00:00Z', valid: true, revokedAt: null, imageUrl: '/certificates/5f0c6f1e-4f7b-4c55-9d2e-0d6a4f2b7c11.png',
}

async function mountAt(id: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/certificates/:id', component: CertificatePage, props: true },
      { path: '/courses/:slug', name: 'course', component: { template: '<div />' } },
      { path: '/courses', component: { template: '<div />' } },
    ],
  })
  await router.push(`/certificates/${id}`)
  const wrapper = mount({ template: '<RouterView />' }, { global: { plugins: [router] } })
  await flushPromises()
  return wrapper
}

beforeEach(() => Object.assign(server, { certificate: null, asked: [] }))

describe('the certificate page', () => {
  it('shows a not-found page for an id that is no certificate, not an error', async () => {
    const wrapper = await mountAt('no%20such%20thing')
    expect(server.asked).toEqual(['no such thing'])
    expect(wrapper.get('[data-testid=certificate-not-found] h1').text()).toBe('Certificate not found')
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    expect(wrapper.find('[data-testid=certificate]').exists()).toBe(false)
  })

  it('shows a valid certificate: learner, course, creator, date, and the PNG to download', async () => {
    server.certificate = VALID
    const wrapper = await mountAt(VALID.id)
    expect(wrapper.get('[data-testid=certificate-status]').text()).toContain('Valid')
    expect(wrapper.get('[data-testid=certificate-learner]').text()).toBe('Zoë Ångström')
    expect(wrapper.get('[data-testid=certificate-course]').attributes('href')).toBe('/courses/rust')
    expect(wrapper.text()).toContain('by Bo')
    expect(wrapper.text()).toContain('Issued')
    const download = wrapper.get('[data-testid=certificate-download]')
    expect(download.attributes('href')).toBe(VALID.imageUrl)
    expect(download.attributes()).toHaveProperty('download')
  })

  it('says clearly that a refunded enrollment’s certificate is revoked', async () => {
    server.certificate = { ...VALID, valid: false, revokedAt: '2026-12-05T10:00:00Z' }
    const wrapper = await mountAt(VALID.id)
    const status = wrapper.get('[data-testid=certificate-status]').text()
    expect(status).toContain('Revoked')
    expect(status).not.toContain('Valid')
  })
})
