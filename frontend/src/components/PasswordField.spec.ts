import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, ref } from 'vue'
import type { ShownPasswordProblem } from '@/composables/usePasswordCheck'
import PasswordField from './PasswordField.vue'

const Host = defineComponent({
  props: { problems: { type: Array as () => ShownPasswordProblem[], default: () => [] } },
  setup(props, { expose }) {
    const value = ref('')
    const field = ref<InstanceType<typeof PasswordField> | null>(null)
    expose({ value, focus: () => field.value?.focus() })
    return () =>
      h(PasswordField, {
        ref: field, id: 'pw', label: 'Password', problems: props.problems,
        modelValue: value.value, 'onUpdate:modelValue': (v: string) => (value.value = v),
      })
  },
})

afterEach(() => (document.body.innerHTML = ''))

describe('the password field', () => {
  it('is a labelled password input that says the rule and takes what is typed', async () => {
    const wrapper = mount(Host)
    const input = wrapper.get('input')
    expect(input.attributes('type')).toBe('password')
    expect(input.attributes('autocomplete')).toBe('new-password')
    expect(wrapper.get('label').attributes('for')).toBe('pw')
    expect(input.attributes('minlength')).toBeUndefined() // the browser counts UTF-16 units, not characters
    const [hint, problems] = (input.attributes('aria-describedby') ?? '').split(' ')
    expect(wrapper.get(`#${hint}`).text()).toContain('At least 10 characters')
    expect(wrapper.get(`#${problems}`).attributes('aria-live')).toBe('polite')
    await input.setValue('🎓 a phrase 🎓')
    expect((wrapper.vm as unknown as { value: string }).value).toBe('🎓 a phrase 🎓')
    expect(input.attributes('aria-invalid')).toBeUndefined()
  })

  it('shows each problem in words, marks the input invalid, and reads them out', async () => {
    const problems: ShownPasswordProblem[] = [
      { reason: 'TOO_SHORT', message: 'The password must be at least 10 characters long.' },
      { reason: 'REPETITIVE', message: 'The password uses too few different characters; use at least 4.' },
    ]
    const wrapper = mount(Host, { props: { problems } })
    const items = wrapper.findAll('[data-testid=password-problems] li')
    expect(items.map((li) => li.text())).toEqual(problems.map((p) => p.message))
    expect(items.map((li) => li.attributes('data-reason'))).toEqual(['TOO_SHORT', 'REPETITIVE'])
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('true')
  })

  it('lets the password be shown and hidden again, and can take focus', async () => {
    const wrapper = mount(Host, { attachTo: document.body })
    const show = wrapper.get('[data-testid=password-show]')
    expect([show.text(), show.attributes('aria-pressed'), show.attributes('type')]).toEqual(['Show', 'false', 'button'])
    await show.trigger('click')
    expect(wrapper.get('input').attributes('type')).toBe('text')
    expect(show.attributes('aria-pressed')).toBe('true')
    await show.trigger('click')
    expect(wrapper.get('input').attributes('type')).toBe('password')
    ;(wrapper.vm as unknown as { focus: () => void }).focus()
    expect(document.activeElement).toBe(wrapper.get('input').element)
  })
})
