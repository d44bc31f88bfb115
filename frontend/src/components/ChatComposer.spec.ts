import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ChatComposer from './ChatComposer.vue'

describe('ChatComposer', () => {
  it('sends the trimmed text on Enter and clears the box', async () => {
    const wrapper = mount(ChatComposer)
    const box = wrapper.get('textarea')
    await box.setValue('  hello  ')
    await box.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toEqual([['hello', []]])
    expect((box.element as HTMLTextAreaElement).value).toBe('')
  })

  it('keeps Shift+Enter for a new line and never sends blank text', async () => {
    const wrapper = mount(ChatComposer)
    const box = wrapper.get('textarea')
    await box.setValue('line one')
    await box.trigger('keydown', { key: 'Enter', shiftKey: true })
    await box.setValue('   ')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toBeUndefined()
  })

  it('reports typing on input and refuses messages over 4,000 characters', async () => {
    const wrapper = mount(ChatComposer)
    const box = wrapper.get('textarea')
    await box.setValue('x'.repeat(4001))
    expect(wrapper.emitted('typing')).toHaveLength(1)
    expect(wrapper.get('button').attributes('disabled')).toBeDefined()
    expect(wrapper.get('[role=alert]').text()).toContain('4001 / 4000')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toBeUndefined()
  })

  it('sends nothing while disabled (muted) and keeps the draft for later', async () => {
    const wrapper = mount(ChatComposer)
    await wrapper.get('textarea').setValue('after the mute')
    await wrapper.setProps({ disabled: true, placeholder: 'You cannot post while muted' })
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toBeUndefined()
    expect(wrapper.get('textarea').attributes('placeholder')).toBe('You cannot post while muted')
    await wrapper.setProps({ disabled: false })
    expect((wrapper.get('textarea').element as HTMLTextAreaElement).value).toBe('after the mute')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toEqual([['after the mute', []]])
  })
})

describe('ChatComposer in a thread', () => {
  it('is labelled for the thread, with its own ids and action', async () => {
    const wrapper = mount(ChatComposer, { props: { inputId: 'thread-input', label: 'Reply', action: 'Reply' } })
    expect(wrapper.get('label').attributes('for')).toBe('thread-input')
    expect(wrapper.get('label').text()).toBe('Reply')
    expect(wrapper.get('textarea').attributes('aria-describedby')).toBe('thread-input-hint')
    expect(wrapper.get('button[type=submit]').text()).toBe('Reply')
  })
})
