import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import RatingHistogram from './RatingHistogram.vue'

describe('RatingHistogram', () => {
  it('labels each row with a correctly pluralised star count, five stars first', () => {
    const wrapper = mount(RatingHistogram, { props: { buckets: [{ rating: 1, count: 1 }, { rating: 5, count: 3 }] } })
    expect(wrapper.findAll('dt').map((dt) => dt.text())).toEqual(['5 stars', '4 stars', '3 stars', '2 stars', '1 star'])
    expect(wrapper.findAll('dd').map((dd) => dd.text())).toEqual(['3', '0', '0', '0', '1'])
  })
})
