import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Image } from '@/services/types'
import CoverImage from './CoverImage.vue'

const COVER: Image = {
  id: 'i1',
  width: 1280,
  height: 720,
  url: '/media/public/ab/abc-1280.jpg',
  srcset: '/media/public/ab/abc-640.jpg 640w, /media/public/ab/abc-1280.jpg 1280w',
  placeholder: 'data:image/webp;base64,UklGRg==',
  variants: [
    { url: '/media/public/ab/abc-640.jpg', width: 640, height: 360, format: 'jpeg', mimeType: 'image/jpeg' },
    { url: '/media/public/ab/abc-640.webp', width: 640, height: 360, format: 'webp', mimeType: 'image/webp' },
    { url: '/media/public/ab/abc-1280.webp', width: 1280, height: 720, format: 'webp', mimeType: 'image/webp' },
  ],
}

describe('a course cover', () => {
  it('is a lazy responsive image with its size reserved and WebP offered first', () => {
    const wrapper = mount(CoverImage, { props: { image: COVER, title: 'Rust', seed: 'c1', sizes: '100vw' } })
    const img = wrapper.get('img')
    expect(img.attributes()).toMatchObject({
      src: COVER.url,
      srcset: COVER.srcset,
      sizes: '100vw',
      width: '1280',
      height: '720',
      loading: 'lazy',
      alt: 'Cover of Rust',
    })
    const source = wrapper.get('source')
    expect(source.attributes()).toMatchObject({ type: 'image/webp', srcset: '/media/public/ab/abc-640.webp 640w, /media/public/ab/abc-1280.webp 1280w', sizes: '100vw' })
    expect(wrapper.get('[data-testid=cover]').attributes('style')).toContain('aspect-ratio: 16 / 9')
  })

  it('paints the blurred placeholder until the image has loaded', async () => {
    const wrapper = mount(CoverImage, { props: { image: COVER, title: 'Rust', seed: 'c1' } })
    const placeholder = wrapper.get('[data-testid=cover-placeholder]')
    expect(placeholder.attributes('style')).toContain(COVER.placeholder)
    expect(placeholder.classes()).toContain('blur-lg')
    expect(wrapper.get('img').classes()).toContain('opacity-0')
    await wrapper.get('img').trigger('load')
    expect(wrapper.find('[data-testid=cover-placeholder]').exists()).toBe(false)
    expect(wrapper.get('img').classes()).toContain('opacity-100')
  })

  it('loads at once, with high priority, above the fold', () => {
    const wrapper = mount(CoverImage, { props: { image: COVER, title: 'Rust', seed: 'c1', eager: true } })
    expect(wrapper.get('img').attributes()).toMatchObject({ loading: 'eager', fetchpriority: 'high' })
  })

  it('without a cover shows the course’s initials on its own colour, the same each time', () => {
    const one = mount(CoverImage, { props: { image: null, title: 'Rust for beginners', seed: 'c1' } })
    const again = mount(CoverImage, { props: { image: null, title: 'Rust for beginners', seed: 'c1' } })
    const fallback = one.get('[data-testid=cover-fallback]')
    expect(one.find('img').exists()).toBe(false)
    expect(fallback.text()).toBe('RB')
    expect(fallback.attributes('aria-label')).toBe('Rust for beginners (no cover)')
    expect(fallback.attributes('style')).toBe(again.get('[data-testid=cover-fallback]').attributes('style'))
  })
})
