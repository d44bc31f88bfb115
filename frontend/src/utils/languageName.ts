/**
 * A course's language as its name in the viewer's own language ("de" reads "German" to an English
 * browser, "Deutsch" to a German one), by Intl.DisplayNames. Courses store a BCP 47 code
 * ("en", "pt-BR"); a code the browser cannot name (or a browser without DisplayNames) is shown
 * as it is, never as an empty label.
 */

const cache = new Map<string, Intl.DisplayNames | null>()

function displayNames(locale: string): Intl.DisplayNames | null {
  if (!cache.has(locale)) {
    let names: Intl.DisplayNames | null = null
    try {
      names = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames([locale, 'en'], { type: 'language', fallback: 'none' }) : null
    } catch {
      names = null // a malformed locale: the fallback below
    }
    cache.set(locale, names)
  }
  return cache.get(locale) ?? null
}

/** The viewer's locale: the browser's first language (navigator.language), English without one. */
export function viewerLocale(): string {
  return (typeof navigator !== 'undefined' && navigator.language) || 'en'
}

export function languageName(code: string, locale: string = viewerLocale()): string {
  if (!code) return ''
  let name: string | undefined
  try {
    name = displayNames(locale)?.of(code)
  } catch {
    name = undefined // not a well-formed code ("xx_YY"): RangeError
  }
  if (!name) return code
  // Names are lower-case in some languages ("allemand"); a label starts with a capital.
  return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1)
}
