import { mount, RouterLinkStub } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { CourseSummary } from '@/services/types'
import CourseCard from './CourseCard.vue'

const COURSE: CourseSummary = {
  id: 'c1', slug: 'c1', title: 'Deutsch für alle', subtitle: '', priceCents: 0, currency: 'USD', isFree: true, level: 'BEGINNER',
  language: 'de', ratingAvg: 5, ratingCount: 1, enrollmentCount: 1, lessonCount: 1, category: null,
  creator: { id: 'u1', displayName: 'Bo' }, cover: null,
}

describe('CourseCard', () => {
  it('names the language (not its code) and counts in the singular for one', () => {
    const wrapper = mount(CourseCard, { props: { course: COURSE }, global: { stubs: { RouterLink: RouterLinkStub } } })
    expect(wrapper.text()).toContain('Uncategorised · Beginner · German')
    expect(wrapper.text()).toContain('5.0 (1 rating)')
    expect(wrapper.text()).toContain('1 lesson · 1 learner')
  })
})
