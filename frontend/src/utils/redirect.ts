/**
 * Where to go after logging in: only a path on this site (never `//evil.example` or a URL);
 * without one, home (`/`: what to continue, what to try next).
 */
export function safeRedirect(value: unknown, fallback = '/'): string {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return fallback
  return path
}
