import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { CatalogSuggestion } from '@/services/types'
import CatalogSearchBox from './CatalogSearchBox.vue'

const server = vi.hoisted(() => ({ asked: [] as string[], fail: false, answer: [] as CatalogSuggestion[] }))

vi.mock('@/services/courses', () => ({
  suggestCatalog: async (text: string) => {
    server.asked.push(text)
    if (server.fail) throw new Error('Too many suggestion requests; try again in 30 seconds')
    return server.answer
  },
}))

const SUGGESTIONS: CatalogSuggestion[] = [
  { kind: 'COURSE', label: 'Python for Beginners', courseSlug: 'py', categorySlug: null, creatorId: null, detail: 'Pat Python' },
  { kind: 'CATEGORY', label: 'Programming', courseSlug: null, categorySlug: 'programming', creatorId: null, detail: null },
  { kind: 'CREATOR', label: 'Pat Python', courseSlug: null, categorySlug: null, creatorId: 'u1', detail: null },
]

async function typeIn(wrapper: ReturnType<typeof mount>, text: string) {
  const input = wrapper.get('input')
  await input.setValue(text)
  await input.trigger('input')
  await vi.advanceTimersByTimeAsync(250)
  await flushPromises()
}

/** v-show's display: none (jsdom's isVisible needs an attached tree). */
function listOpen(wrapper: ReturnType<typeof mount>): boolean {
  return !(wrapper.get('[role=listbox]').attributes('style') ?? '').includes('display: none')
}

beforeEach(() => {
  vi.useFakeTimers()
  Object.assign(server, { asked: [], fail: false, answer: SUGGESTIONS })
})
afterEach(() => vi.useRealTimers())

describe('CatalogSearchBox', () => {
  it('asks once after a pause in typing, not for a single character, and lists the suggestions', async () => {
    const wrapper = mount(CatalogSearchBox, { props: { modelValue: '' } })
    const input = wrapper.get('input')
    await input.setValue('p')
    await input.trigger('input')
    vi.advanceTimersByTime(500)
    await flushPromises()
    expect(server.asked).toEqual([])
    for (const text of ['py', 'pyt', 'pyth']) {
      await input.setValue(text)
      await input.trigger('input')
      vi.advanceTimersByTime(50)
    }
    vi.advanceTimersByTime(250)
    await flushPromises()
    expect(server.asked).toEqual(['pyth'])
    expect(listOpen(wrapper)).toBe(true)
    expect(wrapper.findAll('[role=option]').map((o) => o.text())).toEqual([
      'Python for Beginners · Pat PythonCourse', // a course names its creator: two may share a title
      'ProgrammingCategory',
      'Pat PythonCreator',
    ])
    expect(input.attributes('aria-expanded')).toBe('true')
  })

  it('moves with the arrow keys, picks with Enter, and closes with Escape', async () => {
    const wrapper = mount(CatalogSearchBox, { props: { modelValue: '' } })
    await typeIn(wrapper, 'pyth')
    const input = wrapper.get('input')
    await input.trigger('keydown', { key: 'ArrowDown' })
    await input.trigger('keydown', { key: 'ArrowDown' })
    expect(input.attributes('aria-activedescendant')).toBe('catalog-suggestion-1')
    expect(wrapper.findAll('[role=option]')[1]!.attributes('aria-selected')).toBe('true')
    await input.trigger('keydown', { key: 'ArrowUp' })
    await input.trigger('keydown', { key: 'ArrowUp' })
    expect(input.attributes('aria-activedescendant')).toBe('catalog-suggestion-2') // wraps around
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('pick')?.[0]).toEqual([SUGGESTIONS[2]])
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(listOpen(wrapper)).toBe(false)

    await typeIn(wrapper, 'pytho')
    expect(server.asked).toEqual(['pyth', 'pytho'])
    expect(listOpen(wrapper)).toBe(true)
    await input.trigger('keydown', { key: 'Escape' })
    expect(listOpen(wrapper)).toBe(false)
    expect(input.attributes('aria-expanded')).toBe('false')
  })

  it('picks a suggestion on click, and submits the text when none is highlighted', async () => {
    const wrapper = mount(CatalogSearchBox, { props: { modelValue: '' } })
    await typeIn(wrapper, 'pyth')
    await wrapper.findAll('[role=option]')[0]!.trigger('mousedown')
    expect(wrapper.emitted('pick')?.[0]).toEqual([SUGGESTIONS[0]])
    await wrapper.setProps({ modelValue: ' python basics ' })
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')?.[0]).toEqual(['python basics'])
  })

  it('leaves the list closed when asking fails (a rate limit), and searching still works', async () => {
    server.fail = true
    const wrapper = mount(CatalogSearchBox, { props: { modelValue: '' } })
    await typeIn(wrapper, 'pyth')
    expect(listOpen(wrapper)).toBe(false)
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toHaveLength(1)
  })

  it('drops a late answer for an older text', async () => {
    const wrapper = mount(CatalogSearchBox, { props: { modelValue: '' } })
    await typeIn(wrapper, 'pyth')
    await wrapper.get('input').trigger('keydown', { key: 'Escape' })
    server.answer = []
    await typeIn(wrapper, 'zzzz')
    expect(listOpen(wrapper)).toBe(false)
  })

  it('refuses punctuation only or an over-long text with a clear message, submitting nothing', async () => {
    const wrapper = mount(CatalogSearchBox, { props: { modelValue: '?!… —' } })
    expect(wrapper.get('input').attributes('maxlength')).toBe('200')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(wrapper.get('[role=alert]').text()).toBe('Search for a word or two: letters or digits, not only punctuation.')
    expect(wrapper.get('input').attributes('aria-invalid')).toBe('true')
    expect(wrapper.get('input').attributes('aria-describedby')).toBe('catalog-search-problem')
    await wrapper.setProps({ modelValue: 'x'.repeat(10_000) }) // a URL's text: maxlength only limits typing
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toBeUndefined()
    expect(wrapper.get('[role=alert]').text()).toBe('That search is too long (max 200 characters).')
    await wrapper.get('input').trigger('input') // typing again clears the message
    expect(wrapper.find('[role=alert]').exists()).toBe(false)
    await wrapper.setProps({ modelValue: 'python' })
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('submit')).toEqual([['python']])
  })
})
