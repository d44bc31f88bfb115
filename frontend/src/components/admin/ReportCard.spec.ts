import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ReportCard from './ReportCard.vue'
import { chatMessage as message, report } from './reportFixture'

describe('a report in the queue', () => {
  it('shows where, who, why, and the message in its conversation with the reported one marked', () => {
    const wrapper = mount(ReportCard, { props: { report: report({ reportCount: 3 }) } })
    expect(wrapper.get('h2').text()).toBe('Message by Bo')
    expect(wrapper.text()).toContain('Rust › #general')
    expect(wrapper.get('[data-testid=report-reason]').text()).toBe('Insults another learner')
    expect(wrapper.text()).toContain('ana@example.com')
    expect(wrapper.get('[data-testid=report-count]').text()).toBe('Reported by 3 members')
    const context = wrapper.findAll('[data-testid=report-context-message]')
    expect(context.map((m) => m.attributes('aria-current') ?? '')).toEqual(['', 'true', ''])
    expect(context[1]?.text()).toContain('Reported message')
    expect(wrapper.find('[data-testid=reported-body]').exists()).toBe(false)
  })

  it('shows the reported text beside the current one after an edit or a delete', () => {
    const edited = mount(ReportCard, { props: { report: report({ message: message('m2', 'sorry', 'Bo') }) } })
    expect(edited.get('[data-testid=reported-body]').text()).toMatch(/When reported\s*you are an idiot\s*Now\s*sorry/)
    const deleted = mount(ReportCard, { props: { report: report({ message: { ...message('m2', '', 'Bo'), deleted: true } }) } })
    expect(deleted.get('[data-testid=reported-body]').text()).toMatch(/Now\s*Deleted/)
    // Nothing left to delete: only dismissing and muting remain.
    expect(deleted.findAll('[role=group] button').map((b) => b.text())).toEqual(['Dismiss', 'Mute author'])
  })

  it('offers the four ways to resolve an open report, none on a resolved one', async () => {
    const wrapper = mount(ReportCard, { props: { report: report() } })
    const buttons = wrapper.findAll('[role=group] button')
    expect(buttons.map((b) => b.text())).toEqual(['Dismiss', 'Delete message', 'Mute author', 'Delete and mute'])
    await wrapper.get('[data-testid=report-mute-author]').trigger('click')
    expect(wrapper.emitted('act')).toEqual([['MUTE_AUTHOR']])
    const done = mount(ReportCard, { props: { report: report({ status: 'ACTIONED', resolution: 'DELETE_AND_MUTE', resolvedAt: '2027-01-05T10:00:00Z' }) } })
    expect(done.find('[role=group]').exists()).toBe(false)
    expect(done.get('[data-testid=report-resolution]').text()).toMatch(/^Actioned: message deleted and author muted/)
  })

  it('falls back to the message alone without context', () => {
    const wrapper = mount(ReportCard, { props: { report: report({ context: null }) } })
    expect(wrapper.findAll('[data-testid=report-context-message]')).toHaveLength(1)
  })
})
