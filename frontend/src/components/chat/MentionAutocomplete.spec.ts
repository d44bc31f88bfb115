import { flushPromises, mount } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/services/api'
import MentionAutocomplete from './MentionAutocomplete.vue'

const server = vi.hoisted(() => ({ calls: [] as unknown[][], fail: false }))

vi.mock('@/services/chatMembers', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@/services/chatMembers')>()),
  fetchRoomMembers: async (...args: unknown[]) => {
    server.calls.push(args)
    if (server.fail) throw new ApiError('Enroll in the course to join its rooms', 'FORBIDDEN')
    const q = String(args[1]).toLowerCase()
    return [
      { id: 'u-grace', displayName: 'Grace Hopper' },
      { id: 'u-gabe', displayName: 'Gabe' },
      { id: 'u-ana', displayName: 'Ana' },
    ].filter((m) => m.displayName.toLowerCase().startsWith(q))
  },
}))

const settle = async () => {
  await new Promise((resolve) => setTimeout(resolve, 200))
  await flushPromises()
}

function mountIt(value: string, caret = value.length, allowHere = false) {
  return mount(MentionAutocomplete, { props: { roomId: 'r1', value, caret, allowHere } })
}

function key(name: string): KeyboardEvent {
  return new KeyboardEvent('keydown', { key: name, cancelable: true })
}

beforeEach(() => Object.assign(server, { calls: [], fail: false }))

describe('MentionAutocomplete', () => {
  it('stays closed and asks nothing without an @word at the caret', async () => {
    const wrapper = mountIt('hello ana@example.com')
    await settle()
    expect(wrapper.find('[data-testid="mention-autocomplete"]').exists()).toBe(false)
    expect(server.calls).toEqual([])
    const event = key('Enter')
    expect((wrapper.vm as unknown as { handleKeydown: (e: KeyboardEvent) => boolean }).handleKeydown(event)).toBe(false)
    expect(event.defaultPrevented).toBe(false)
  })

  it('lists members by prefix and inserts <@USER_ID> with the keyboard', async () => {
    const wrapper = mountIt('hi @g')
    await settle()
    expect(server.calls).toEqual([['r1', 'g']])
    const options = wrapper.findAll('[data-testid="mention-option"]')
    expect(options.map((o) => o.text())).toEqual(['@Grace Hopper', '@Gabe'])
    expect(options[0]?.attributes('aria-selected')).toBe('true')
    const vm = wrapper.vm as unknown as { handleKeydown: (e: KeyboardEvent) => boolean; activeId: string | undefined }
    const down = key('ArrowDown')
    expect(vm.handleKeydown(down)).toBe(true)
    expect(down.defaultPrevented).toBe(true)
    await flushPromises()
    expect(vm.activeId).toBe('mention-options-1')
    vm.handleKeydown(key('ArrowDown')) // wraps
    vm.handleKeydown(key('ArrowUp')) // back to Gabe
    vm.handleKeydown(key('Enter'))
    expect(wrapper.emitted('insert')?.[0]?.[0]).toEqual({ text: '<@u-gabe>', from: 3, to: 5, member: { id: 'u-gabe', displayName: 'Gabe' } })
    await flushPromises()
    expect(wrapper.find('[data-testid="mention-autocomplete"]').exists()).toBe(false)
  })

  it('chooses with the mouse without taking the focus', async () => {
    const wrapper = mountIt('@an')
    await settle()
    await wrapper.get('[data-testid="mention-option"]').trigger('mousedown')
    expect(wrapper.emitted('insert')?.[0]?.[0]).toMatchObject({ text: '<@u-ana>', from: 0, to: 3 })
  })

  it('Escape closes the list until the word changes', async () => {
    const wrapper = mountIt('@g')
    await settle()
    const vm = wrapper.vm as unknown as { handleKeydown: (e: KeyboardEvent) => boolean }
    expect(vm.handleKeydown(key('Escape'))).toBe(true)
    await flushPromises()
    expect(wrapper.find('[data-testid="mention-autocomplete"]').exists()).toBe(false)
    await wrapper.setProps({ value: '@gr', caret: 3 })
    await settle()
    expect(wrapper.findAll('[data-testid="mention-option"]').map((o) => o.text())).toEqual(['@Grace Hopper'])
  })

  it('offers @here only when allowed', async () => {
    const plain = mountIt('@h')
    await settle()
    expect(plain.find('[data-testid="mention-autocomplete"]').exists()).toBe(false) // nobody, no @here
    const creator = mountIt('@h', 2, true)
    await settle()
    const option = creator.get('[data-testid="mention-option"]')
    expect(option.text()).toContain('@here')
    await option.trigger('mousedown')
    expect(creator.emitted('insert')?.[0]?.[0]).toMatchObject({ text: '<!here>', member: null })
  })

  it('says so when the members cannot be looked up', async () => {
    server.fail = true
    const wrapper = mountIt('@g')
    await settle()
    expect(wrapper.get('[role="alert"]').text()).toBe('Could not look up members: Enroll in the course to join its rooms')
  })
})
