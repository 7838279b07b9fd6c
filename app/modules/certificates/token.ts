// The compact signed token a certificate's QR code carries, checkable offline
// with the institute's public key: ORK1.<base64url(payload)>.<base64url(signature)>.
// Parsing is shared by the server and the command-line verifier.

export interface TokenPayload {
  /** Registry number. */
  n: string
  /** Verification code. */
  c: string
  /** certificate | attendance */
  k: 'certificate' | 'attendance'
  /** Holder. */
  h: string
  /** Course title in the language studied. */
  t: string
  /** Academic hours. */
  hrs: number
  /** Studied from, to; issued (YYYY-MM-DD). */
  f: string
  to: string
  i: string
  /** Revision: a re-issued certificate counts up. */
  r: number
  /** SHA-256 (hex, first 32) of the full facts JSON, so the PDF can be checked against them. */
  d: string
}

export const TOKEN_PREFIX = 'ORK1'

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

export function encodePayload(payload: TokenPayload): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))
}

export function splitToken(token: string): { signed: string; payload: TokenPayload; signature: Uint8Array } | null {
  const parts = token.trim().split('.')
  if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) return null
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenPayload
    if (typeof payload.n !== 'string' || typeof payload.c !== 'string' || typeof payload.d !== 'string') return null
    return { signed: `${parts[0]}.${parts[1]}`, payload, signature: new Uint8Array(Buffer.from(parts[2]!, 'base64url')) }
  } catch {
    return null
  }
}

export function joinToken(encodedPayload: string, signature: Uint8Array): string {
  return `${TOKEN_PREFIX}.${encodedPayload}.${toBase64Url(signature)}`
}
