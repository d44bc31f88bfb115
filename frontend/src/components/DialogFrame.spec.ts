import { mount } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, nextTick, ref } from 'vue'
import DialogFrame from './DialogFrame.vue'

/** A page with a button that opens a dialog holding a field and two buttons. */
const Host = defineComponent({
  components: { DialogFrame },
  setup: () => ({ open: ref(false) }),
  template: `
    <button type="button" id="opener" @click="open = true">Open</button>
    <DialogFrame v-if="open" title="Hide review?" @close="open = false">
      <label for="why">Reason</label><textarea id="why" />
      <button type="button" id="cancel">Cancel</button>
      <button type="button" id="ok">OK</button>
    </DialogFrame>`,
})

afterEach(() => {
  document.body.innerHTML = ''
})

async function opened() {
  const wrapper = mount(Host, { attachTo: document.body })
  const opener = document.getElementById('opener') as HTMLButtonElement
  opener.focus()
  opener.click()
  await nextTick()
  await nextTick()
  return { wrapper, opener }
}

describe('DialogFrame', () => {
  it('is a modal dialog named by its title, and focuses its first field', async () => {
    await opened()
    const dialog = document.querySelector('[role=dialog]') as HTMLElement
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Hide review?')
    expect(document.activeElement?.id).toBe('why')
  })

  it('keeps Tab inside, both ways', async () => {
    await opened()
    const dialog = document.querySelector('[role=dialog]') as HTMLElement
    document.getElementById('ok')?.focus()
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }))
    expect(document.activeElement?.id).toBe('why')
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', shiftKey: true, bubbles: true }))
    expect(document.activeElement?.id).toBe('ok')
  })

  it('closes on Escape and gives focus back to its opener', async () => {
    const { opener } = await opened()
    document.getElementById('why')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await nextTick()
    expect(document.querySelector('[role=dialog]')).toBeNull()
    expect(document.activeElement).toBe(opener)
  })

  it('closes on a click outside, not on one inside', async () => {
    await opened()
    document.getElementById('why')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }))
    await nextTick()
    expect(document.querySelector('[role=dialog]')).not.toBeNull()
    document.querySelector('[data-testid=dialog-backdrop]')?.dispatchEvent(new MouseEvent('mousedown', { bubbles: true }))
    await nextTick()
    expect(document.querySelector('[role=dialog]')).toBeNull()
  })

  it('as a sheet, keeps its footer (the Apply button) inside the dialog and its Tab loop', async () => {
    const Sheet = defineComponent({
      components: { DialogFrame },
      template: `<DialogFrame title="Filters" sheet><input id="field" /><template #footer><button type="button" id="apply">Apply</button></template></DialogFrame>`,
    })
    mount(Sheet, { attachTo: document.body })
    await nextTick()
    await nextTick()
    const dialog = document.querySelector('[role=dialog]') as HTMLElement
    expect(dialog.querySelector('#apply')).not.toBeNull()
    expect(document.activeElement?.id).toBe('field')
    document.getElementById('apply')?.focus()
    dialog.dispatchEvent(new KeyboardEvent('keydown', { key: 'Tab', bubbles: true }))
    expect(document.activeElement?.id).toBe('field')
  })
})
