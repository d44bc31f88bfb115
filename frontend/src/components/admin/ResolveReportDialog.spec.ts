import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ReportAction } from '@/services/admin/moderation'
import { ApiError } from '@/services/api'
import { report } from './reportFixture'
import ResolveReportDialog from './ResolveReportDialog.vue'

const server = vi.hoisted(() => ({ calls: [] as { id: string; action: string; minutes: number | null; reason: string }[], error: null as Error | null }))

vi.mock('@/services/admin/moderation', async (original) => ({
  ...(await original<typeof import('@/services/admin/moderation')>()),
  resolveReport: async (id: string, action: string, minutes: number | null, reason: string) => {
    if (server.error) throw server.error
    server.calls.push({ id, action, minutes, reason })
    return { id, status: action === 'DISMISS' ? 'DISMISSED' : 'ACTIONED' }
  },
}))

function mountDialog(action: ReportAction) {
  return mount(ResolveReportDialog, { props: { report: report(), action }, global: { stubs: { teleport: true } } })
}

async function submit(wrapper: ReturnType<typeof mountDialog>, reason: string) {
  await wrapper.get('[data-testid=reason-input]').setValue(reason)
  await wrapper.get('form').trigger('submit')
  await flushPromises()
}

beforeEach(() => Object.assign(server, { calls: [], error: null }))

describe('resolving a report', () => {
  it('mutes for a chosen length: 15 min, 1 h (the default), 24 h, 7 days', async () => {
    const wrapper = mountDialog('MUTE_AUTHOR')
    expect(wrapper.get('h2').text()).toBe('Mute Bo?')
    const options = wrapper.findAll('[data-testid=mute-duration] option')
    expect(options.map((o) => o.text())).toEqual(['15 minutes', '1 hour', '24 hours', '7 days', 'Custom…'])
    expect((wrapper.get('[data-testid=mute-duration]').element as HTMLSelectElement).value).toBe('60')
    await wrapper.get('[data-testid=mute-duration]').setValue('10080')
    await submit(wrapper, 'Repeated insults')
    expect(server.calls).toEqual([{ id: 'rep1', action: 'MUTE_AUTHOR', minutes: 10080, reason: 'Repeated insults' }])
    expect(wrapper.emitted('resolved')?.[0]?.[1]).toBe(10080)
  })

  it('takes a custom length from 1 to 43,200 minutes and refuses anything else', async () => {
    const wrapper = mountDialog('DELETE_AND_MUTE')
    await wrapper.get('[data-testid=mute-duration]').setValue('custom')
    const minutes = wrapper.get('[data-testid=mute-minutes]')
    expect([minutes.attributes('min'), minutes.attributes('max')]).toEqual(['1', '43200'])
    for (const bad of ['0', '43201', '-5', '']) {
      await minutes.setValue(bad)
      await submit(wrapper, 'Spam')
      expect(wrapper.find('[role=alert]').text()).toMatch(/whole number|from 1 minute to 43,200 minutes/)
    }
    expect(server.calls).toEqual([])
    await minutes.setValue('90')
    expect(wrapper.text()).toContain('That is 1 h 30 min.')
    await submit(wrapper, 'Spam')
    expect(server.calls).toEqual([{ id: 'rep1', action: 'DELETE_AND_MUTE', minutes: 90, reason: 'Spam' }])
  })

  it('needs a reason except to dismiss, and never sends minutes when nobody is muted', async () => {
    const remove = mountDialog('DELETE_MESSAGE')
    expect(remove.find('[data-testid=mute-duration]').exists()).toBe(false)
    await submit(remove, ' ')
    expect(remove.get('[role=alert]').text()).toBe('Give a reason; it is kept in the audit log.')
    await submit(remove, 'Off topic')
    const dismiss = mountDialog('DISMISS')
    await submit(dismiss, '')
    expect(server.calls).toEqual([
      { id: 'rep1', action: 'DELETE_MESSAGE', minutes: null, reason: 'Off topic' },
      { id: 'rep1', action: 'DISMISS', minutes: null, reason: '' },
    ])
  })

  it('hands CONFLICT (resolved by someone else) to the page, and shows other refusals itself', async () => {
    server.error = new ApiError('This report was already resolved', 'CONFLICT')
    const conflict = mountDialog('DISMISS')
    await submit(conflict, '')
    expect(conflict.emitted('conflict')).toHaveLength(1)
    expect(conflict.find('[data-testid=dialog-error]').exists()).toBe(false)
    server.error = new ApiError('A mute lasts at most 43200 minutes', 'BAD_USER_INPUT')
    const refused = mountDialog('MUTE_AUTHOR')
    await submit(refused, 'x')
    expect(refused.get('[data-testid=dialog-error]').text()).toBe('A mute lasts at most 43200 minutes')
    expect(refused.emitted('conflict')).toBeUndefined()
  })
})
