import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useRouteFilters, type RouteFilters } from './useRouteFilters'

async function setup(path: string) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/list', component: { render: () => null } }] })
  await router.push(path)
  let filters: RouteFilters<'q' | 'status'> | null = null
  mount(
    defineComponent({
      setup() {
        filters = useRouteFilters(['q', 'status'] as const)
        return () => h('div')
      },
    }),
    { global: { plugins: [router] } },
  )
  if (!filters) throw new Error('not set up')
  return { router, filters: filters as RouteFilters<'q' | 'status'> }
}

describe('useRouteFilters', () => {
  it('reads its keys from the URL, trimmed and capped, the first of repeated ones', async () => {
    const { filters } = await setup(`/list?q=%20rust%20&status=PAID&status=FAILED&other=x`)
    expect(filters.values.value).toEqual({ q: 'rust', status: 'PAID' })
    const long = await setup(`/list?q=${'a'.repeat(500)}`)
    expect(long.filters.values.value.q).toHaveLength(200)
  })

  it('replaces the URL, leaving out empty values, without a new history entry', async () => {
    const { router, filters } = await setup('/list?q=rust')
    const before = window.history.length
    await filters.update({ status: 'PAID', q: '' })
    expect(router.currentRoute.value.fullPath).toBe('/list?status=PAID')
    expect(window.history.length).toBe(before)
    await filters.reset()
    expect(router.currentRoute.value.fullPath).toBe('/list')
  })

  it('keeps both of two changes made before the first navigation finished', async () => {
    const { router, filters } = await setup('/list')
    void filters.update({ status: 'PAID' })
    void filters.update({ q: 'ana' })
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ status: 'PAID', q: 'ana' })
  })
})
