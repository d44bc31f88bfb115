/** Move one item of a list up or down by one place; returns a new list (unchanged at the ends). */
export function moved<T>(items: readonly T[], index: number, direction: -1 | 1): T[] {
  const target = index + direction
  const copy = [...items]
  if (index < 0 || index >= items.length || target < 0 || target >= items.length) return copy
  ;[copy[index], copy[target]] = [copy[target] as T, copy[index] as T]
  return copy
}
