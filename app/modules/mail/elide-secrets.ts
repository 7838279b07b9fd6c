// What an admin reading the outbox may see of a mail: everything but the
// secrets in its links. A reset or invitation link would let whoever reads it
// set the teacher's password; an unsubscribe link acts for its owner. The mail
// as stored and as sent keeps them; only the copy shown is elided.

export const ELIDED = '•••'

/** Paths whose next segment is a secret token: /reset-password/<token> (resets and invitations), /unsubscribe/<token>, and the kinds a mail may carry later. */
const SECRET_PATHS = ['reset-password', 'unsubscribe', 'invite', 'invitation', 'activate', 'activation', 'verify-email', 'confirm-email', 'magic-link']
/** Query parameters that carry secrets by name. */
const SECRET_PARAMS = new Set(['token', 'key', 'code', 'secret', 'sig', 'signature', 'otp', 'ticket', 'auth'])

const SECRET_PATH = new RegExp(`/(${SECRET_PATHS.join('|')})/[^\\s/?#]+`, 'gi')
const URL_PATTERN = /\bhttps?:\/\/[^\s<>"']+/g

/** A long random-looking value (24+ URL-safe characters with a digit or both cases), whatever the link calls it. */
function looksLikeToken(value: string): boolean {
  return value.length >= 24 && /^[A-Za-z0-9._~%+-]+$/.test(value) && (/\d/.test(value) || (/[a-z]/.test(value) && /[A-Z]/.test(value)))
}

function elideUrl(url: string): string {
  const split = /^(https?:\/\/[^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?$/.exec(url)
  if (!split) return url
  const [, origin, path = '', query = '', fragment = ''] = split
  const safePath = path.replace(/[^/]+/g, (segment) => (looksLikeToken(segment) ? ELIDED : segment))
  const safeQuery = query.replace(/([?&])([^=&]*)=([^&]*)/g, (whole, sep: string, name: string, value: string) =>
    SECRET_PARAMS.has(name.toLowerCase()) || looksLikeToken(value) ? `${sep}${name}=${ELIDED}` : whole,
  )
  const safeFragment = fragment && looksLikeToken(fragment.slice(1)) ? `#${ELIDED}` : fragment
  return origin + safePath + safeQuery + safeFragment
}

/** The text with every secret in its links replaced by •••, e.g. https://…/reset-password/•••. */
export function elideSecrets(text: string): string {
  return text.replace(SECRET_PATH, (_, name: string) => `/${name}/${ELIDED}`).replace(URL_PATTERN, elideUrl)
}
