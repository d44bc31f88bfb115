import { describe, expect, it } from 'vitest'
import type { Image } from '@/services/types'
import { hueOf, initials, modernSources, variantFor } from './media'

function image(formats: Record<string, number[]>): Image {
  const mime: Record<string, string> = { avif: 'image/avif', webp: 'image/webp', jpeg: 'image/jpeg' }
  const variants = Object.entries(formats).flatMap(([format, widths]) =>
    widths.map((width) => ({ url: `/media/public/ab/abc-${width}.${format === 'jpeg' ? 'jpg' : format}`, width, height: width / 2, format, mimeType: mime[format]! })),
  )
  return { id: 'i1', width: 1280, height: 640, url: '/media/public/ab/abc-1280.jpg', srcset: '', variants, placeholder: null }
}

describe('image variants', () => {
  it('offers AVIF before WebP, each with every width in order, and not the fallback', () => {
    const sources = modernSources(image({ jpeg: [320, 640], webp: [640, 320], avif: [320] }))
    expect(sources).toEqual([
      { type: 'image/avif', srcset: '/media/public/ab/abc-320.avif 320w' },
      { type: 'image/webp', srcset: '/media/public/ab/abc-320.webp 320w, /media/public/ab/abc-640.webp 640w' },
    ])
  })

  it('has no <source> when the server made only the fallback', () => {
    expect(modernSources(image({ jpeg: [320] }))).toEqual([])
  })

  it('picks the narrowest WebP sharp at 2x for an avatar, else the largest, else the fallback', () => {
    const img = image({ jpeg: [160, 320], webp: [160, 320, 640] })
    expect(variantFor(img, 40)).toBe('/media/public/ab/abc-160.webp')
    expect(variantFor(img, 100)).toBe('/media/public/ab/abc-320.webp')
    expect(variantFor(img, 1000)).toBe('/media/public/ab/abc-640.webp')
    expect(variantFor(image({ jpeg: [160] }), 40)).toBe('/media/public/ab/abc-160.jpg')
    expect(variantFor(image({}), 40)).toBe('/media/public/ab/abc-1280.jpg')
  })
})

describe('fallbacks', () => {
  it('makes initials from the first and last words, whatever the script', () => {
    expect(initials('Ana María Ruiz')).toBe('AR')
    expect(initials('  bo ')).toBe('B')
    expect(initials('élodie durand')).toBe('ÉD')
    expect(initials('😀 smile')).toBe('😀S')
    expect(initials('   ')).toBe('?')
  })

  it('gives the same person the same hue', () => {
    expect(hueOf('user-1')).toBe(hueOf('user-1'))
    expect(hueOf('user-1')).toBeGreaterThanOrEqual(0)
    expect(hueOf('user-1')).toBeLessThan(360)
  })
})
