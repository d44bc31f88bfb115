import { afterEach, describe, expect, it, vi } from 'vitest'
import { languageName } from './languageName'

afterEach(() => vi.unstubAllGlobals())

describe('languageName', () => {
  it('names a course language in the viewer’s locale', () => {
    expect(languageName('de', 'en')).toBe('German')
    expect(languageName('de', 'de')).toBe('Deutsch')
    expect(languageName('pt-BR', 'en')).toBe('Brazilian Portuguese')
    // A language whose names are lower-case still starts a label with a capital.
    expect(languageName('de', 'fr')).toBe('Allemand')
  })

  it('uses the browser’s language when none is given', () => {
    vi.stubGlobal('navigator', { language: 'es-ES' })
    expect(languageName('en')).toBe('Inglés')
  })

  it('falls back to the code for what it cannot name, a malformed code or locale', () => {
    expect(languageName('qx', 'en')).toBe('qx')
    expect(languageName('not a code', 'en')).toBe('not a code')
    expect(languageName('de', '!!bad')).toBe('de')
    expect(languageName('', 'en')).toBe('')
  })

  it('falls back to the code without Intl.DisplayNames', () => {
    vi.stubGlobal('Intl', { ...Intl, DisplayNames: undefined })
    expect(languageName('fr', 'xx-old')).toBe('fr')
  })
})
