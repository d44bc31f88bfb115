import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { Image } from '@/services/types'
import UserAvatar from './UserAvatar.vue'

const AVATAR: Image = {
  id: 'i2',
  width: 512,
  height: 512,
  url: '/media/public/cd/cde-512.jpg',
  srcset: '',
  placeholder: null,
  variants: [
    { url: '/media/public/cd/cde-64.webp', width: 64, height: 64, format: 'webp', mimeType: 'image/webp' },
    { url: '/media/public/cd/cde-160.webp', width: 160, height: 160, format: 'webp', mimeType: 'image/webp' },
    { url: '/media/public/cd/cde-512.jpg', width: 512, height: 512, format: 'jpeg', mimeType: 'image/jpeg' },
  ],
}

describe('an avatar', () => {
  it('uses the smallest variant sharp at twice its size, with its size fixed', () => {
    const wrapper = mount(UserAvatar, { props: { person: { id: 'u1', displayName: 'Ana Ruiz', avatar: AVATAR }, size: 32 } })
    expect(wrapper.get('img').attributes()).toMatchObject({ src: '/media/public/cd/cde-64.webp', width: '32', height: '32', loading: 'lazy', alt: '' })
  })

  it('falls back to initials drawn by CSS, so the text beside it is not repeated', () => {
    const wrapper = mount(UserAvatar, { props: { person: { id: 'u1', displayName: 'Ana Ruiz' }, size: 40 } })
    const initials = wrapper.get('[data-testid=avatar-initials]')
    expect(initials.attributes('data-initials')).toBe('AR')
    expect(initials.text()).toBe('')
    expect(initials.attributes('aria-hidden')).toBe('true')
    expect(initials.attributes('style')).toContain('width: 40px')
  })
})
