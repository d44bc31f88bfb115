/** Choosing among an image's variants, and what to show when there is no image. */
import type { Image, ImageVariant } from '@/services/types'

/** Cards and course pages show covers at 16:9; the editor previews a chosen image at it too. */
export const COVER_WIDTH = 16
export const COVER_HEIGHT = 9

/** Formats a browser may not know, best first; the fallback (JPEG/PNG) is the <img> itself. */
const MODERN = ['avif', 'webp'] as const

export interface PictureSource {
  type: string
  srcset: string
}

function srcsetOf(variants: ImageVariant[]): string {
  return [...variants].sort((a, b) => a.width - b.width).map((v) => `${v.url} ${v.width}w`).join(', ')
}

/** `<source>`s for <picture>: AVIF then WebP, each with all its widths. */
export function modernSources(image: Image): PictureSource[] {
  return MODERN.flatMap((format) => {
    const variants = image.variants.filter((v) => v.format === format)
    const first = variants[0]
    return first ? [{ type: first.mimeType, srcset: srcsetOf(variants) }] : []
  })
}

/**
 * The one URL for a small fixed-size picture (an avatar of `cssPixels`): the narrowest variant
 * still sharp on a 2x screen, preferring WebP, else the largest there is.
 */
export function variantFor(image: Image, cssPixels: number): string {
  const wanted = cssPixels * 2
  const pick = (format: string): ImageVariant | undefined => {
    const sorted = image.variants.filter((v) => v.format === format).sort((a, b) => a.width - b.width)
    return sorted.find((v) => v.width >= wanted) ?? sorted[sorted.length - 1]
  }
  return (pick('webp') ?? pick(image.variants.find((v) => v.format !== 'avif')?.format ?? ''))?.url ?? image.url
}

/** Up to two letters for a name ("Ana María Ruiz" → "AR"), for an avatar without a picture. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/u).filter(Boolean)
  const first = words[0]
  if (!first) return '?'
  const last = words.length > 1 ? words[words.length - 1] : undefined
  const letters = [...first].slice(0, 1).concat(last ? [...last].slice(0, 1) : [])
  return letters.join('').toLocaleUpperCase()
}

/** A stable hue per person (or course), so the same fallback looks the same on every page. */
export function hueOf(key: string): number {
  let hash = 0
  for (const ch of key) hash = (hash * 31 + (ch.codePointAt(0) ?? 0)) >>> 0
  return hash % 360
}

/** A signed URL about to expire (within `marginMs`) is as good as expired: ask for a new one. */
export function isExpiring(expiresAt: string, now = Date.now(), marginMs = 5000): boolean {
  const at = Date.parse(expiresAt)
  return !Number.isFinite(at) || at - marginMs <= now
}
