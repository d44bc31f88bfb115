/**
 * What the catalog's search box refuses before asking (issue 18: "a search of 10,000 characters
 * or of only punctuation" gets a clear error and changes nothing). The same limits as the
 * server's (edusphere/courses/catalog.py: MAX_TEXT, and a text needs a letter or digit); the
 * server still answers NO_WORDS / TOO_LONG for a URL typed by hand, and the page explains those.
 */

export const MAX_SEARCH_CHARS = 200

export type SearchProblem = 'NO_WORDS' | 'TOO_LONG'

export const SEARCH_PROBLEMS: Record<SearchProblem, string> = {
  NO_WORDS: 'Search for a word or two: letters or digits, not only punctuation.',
  TOO_LONG: `That search is too long (max ${MAX_SEARCH_CHARS} characters).`,
}

/** Null for a text that can be searched (an empty one too: it clears the search). */
export function searchProblem(text: string): SearchProblem | null {
  const collapsed = text.split(/\s+/).filter(Boolean).join(' ')
  if (!collapsed) return null
  if (collapsed.length > MAX_SEARCH_CHARS) return 'TOO_LONG'
  if (!/[\p{L}\p{N}]/u.test(collapsed)) return 'NO_WORDS'
  return null
}
