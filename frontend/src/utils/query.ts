/** Reading a hand-editable URL query: one trimmed string per key, whatever arrives. */
import type { LocationQuery } from 'vue-router'

/** The first value of a key (`?a=1&a=2` is "1"), trimmed; '' when absent or null. */
export function queryValue(value: LocationQuery[string] | undefined): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first.trim() : ''
}
