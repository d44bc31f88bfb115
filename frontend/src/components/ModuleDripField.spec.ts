import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import ModuleDripField from './ModuleDripField.vue'

function field(opensAfterDays = 0) {
  return mount(ModuleDripField, { props: { moduleId: 'm1', title: 'Week two', opensAfterDays } })
}

describe('ModuleDripField', () => {
  it.each(['-1', '3651', '1.5', 'seven', '1e2', ' '])('refuses %s without sending it', async (typed) => {
    const wrapper = field(7)
    const input = wrapper.get('input')
    // A number input's value is whatever the browser lets through; set it as typed.
    ;(input.element as HTMLInputElement).type = 'text'
    await input.setValue(typed)
    await input.trigger('change')
    expect(wrapper.emitted('save')).toBeUndefined()
    expect(wrapper.get('[data-testid=module-drip-problem]').text()).toBe('Enter a whole number of days from 0 to 3650.')
    expect(input.attributes('aria-invalid')).toBe('true')
  })

  it('saves a new number of days, once, and not an unchanged one', async () => {
    const wrapper = field(0)
    const input = wrapper.get('input')
    expect(input.element.value).toBe('0')
    expect(wrapper.text()).toContain('(0: at once)')
    await input.setValue('0')
    await input.trigger('change')
    expect(wrapper.emitted('save')).toBeUndefined()
    await input.setValue('14')
    expect(wrapper.emitted('save')).toEqual([[14]])
    expect(wrapper.find('[data-testid=module-drip-problem]').exists()).toBe(false)
  })

  it('follows the saved value and clears a problem', async () => {
    const wrapper = field(3)
    const input = wrapper.get('input')
    ;(input.element as HTMLInputElement).type = 'text'
    await input.setValue('-3')
    expect(wrapper.find('[data-testid=module-drip-problem]').exists()).toBe(true)
    await wrapper.setProps({ opensAfterDays: 10 })
    expect(input.element.value).toBe('10')
    expect(wrapper.find('[data-testid=module-drip-problem]').exists()).toBe(false)
    expect(input.attributes('aria-label')).toBe('Week two: opens this many days after enrollment')
  })
})
