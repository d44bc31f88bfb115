/** Where to go after logging in: only a path on this site (never `//evil.example` or a URL). */
export function safeRedirect(value: unknown): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/courses'
  return path
}
