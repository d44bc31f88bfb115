import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import ReasonDialog from './ReasonDialog.vue'

/** A button that opens the dialog, as pages use it. */
const Host = defineComponent({
  props: { required: { type: Boolean, default: true }, error: { type: String, default: null } },
  emits: ['confirm'],
  setup(props, { emit }) {
    const open = ref(false)
    return () => [
      h('button', { id: 'opener', onClick: () => (open.value = true) }, 'Deactivate'),
      h(ReasonDialog, {
        open: open.value, title: 'Deactivate Ann', description: 'Sessions end at once.', confirmLabel: 'Deactivate', danger: true,
        required: props.required, error: props.error,
        onConfirm: (reason: string) => emit('confirm', reason),
        onCancel: () => (open.value = false),
      }),
    ]
  },
})

afterEach(() => (document.body.innerHTML = ''))

async function opened(props: Record<string, unknown> = {}) {
  const wrapper = mount(Host, { props, attachTo: document.body })
  const opener = wrapper.get('#opener')
  ;(opener.element as HTMLElement).focus()
  await opener.trigger('click')
  await nextTick()
  await nextTick()
  return wrapper
}

describe('the reason dialog', () => {
  it('is a labelled modal dialog that takes focus to the reason', async () => {
    const wrapper = await opened()
    const dialog = wrapper.get('[role=dialog]')
    expect(dialog.attributes('aria-modal')).toBe('true')
    expect(wrapper.get(`[id="${dialog.attributes('aria-labelledby')}"]`).text()).toBe('Deactivate Ann')
    expect(wrapper.get(`[id="${dialog.attributes('aria-describedby')}"]`).text()).toBe('Sessions end at once.')
    expect(document.activeElement).toBe(wrapper.get('[data-testid=reason-input]').element)
    expect(wrapper.get('label').text()).toContain('Reason')
  })

  it('asks for a reason before confirming, then sends it trimmed', async () => {
    const wrapper = await opened()
    await wrapper.get('form').trigger('submit')
    expect(wrapper.get('[role=alert]').text()).toContain('Give a reason')
    expect(wrapper.get('[data-testid=reason-input]').attributes('aria-invalid')).toBe('true')
    expect(wrapper.emitted('confirm')).toBeUndefined()
    await wrapper.get('[data-testid=reason-input]').setValue('  spam account  ')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('confirm')?.at(-1)).toEqual(['spam account'])
  })

  it('lets an optional reason be blank', async () => {
    const wrapper = await opened({ required: false })
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('confirm')).toEqual([['']])
  })

  it('closes on Escape and gives focus back to the button that opened it', async () => {
    const wrapper = await opened()
    await wrapper.get('[role=dialog]').trigger('keydown', { key: 'Escape' })
    await nextTick()
    expect(wrapper.find('[role=dialog]').exists()).toBe(false)
    expect(document.activeElement?.id).toBe('opener')
  })

  it('keeps Tab inside the dialog', async () => {
    const wrapper = await opened()
    const confirm = wrapper.get('[data-testid=reason-confirm]').element as HTMLElement
    confirm.focus()
    await wrapper.get('[role=dialog]').trigger('keydown', { key: 'Tab' })
    expect(document.activeElement).toBe(wrapper.get('[data-testid=reason-input]').element)
    await wrapper.get('[role=dialog]').trigger('keydown', { key: 'Tab', shiftKey: true })
    expect(document.activeElement).toBe(confirm)
  })

  it('announces the server’s refusal', async () => {
    const wrapper = await opened({ error: 'EduSphere must keep at least one active admin' })
    expect(wrapper.get('[data-testid=reason-error]').attributes('role')).toBe('alert')
    expect(wrapper.get('[data-testid=reason-error]').text()).toContain('at least one active admin')
  })
})
