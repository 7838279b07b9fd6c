// Where a redirectTo/returnTo may send the browser: a path of this site and
// nothing else. A browser strips tabs and newlines from a Location and reads a
// backslash as a slash, so `/\t/evil.example/` and `/\evil.example` are other
// sites to it; those characters are refused before the URL is parsed at all.

// Any origin will do: the question is only whether the target stays on it.
const SITE = 'https://site.invalid'

/** `to` when it is a path of this site (with its query and fragment), otherwise `fallback`. */
export function safeRedirect(to: unknown, fallback = '/'): string {
  if (typeof to !== 'string' || !to.startsWith('/') || to.startsWith('//')) return fallback
  // C0 controls, DEL and backslashes never belong in a path we hand out.
  for (const char of to) {
    const code = char.charCodeAt(0)
    if (code < 0x20 || code === 0x7f || char === '\\') return fallback
  }
  let url: URL
  try {
    url = new URL(to, SITE)
  } catch {
    return fallback
  }
  if (url.origin !== SITE) return fallback
  return url.pathname + url.search + url.hash
}
