// The compact signed token a certificate's QR code carries, checkable offline
// with the institute's public key: ORK1.<base64url(payload)>.<base64url(signature)>.
// Parsing is shared by the server and the command-line verifier.

import { z } from 'zod'

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

const TokenPayloadSchema: z.ZodType<TokenPayload> = z.object({
  n: z.string(),
  c: z.string(),
  k: z.enum(['certificate', 'attendance']),
  h: z.string(),
  t: z.string(),
  hrs: z.number(),
  f: z.string(),
  to: z.string(),
  i: z.string(),
  r: z.number(),
  d: z.string(),
})

export const TOKEN_PREFIX = 'ORK1'
const ED25519_SIGNATURE_BYTES = 64

function toBase64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64url')
}

/**
 * Decodes base64url strictly: only its alphabet, no padding, and only the one
 * spelling that encodes the bytes (Buffer's decoder skips stray characters
 * and ignores trailing bits, so junk appended to a signature still verified).
 */
export function decodeBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const bytes = new Uint8Array(Buffer.from(text, 'base64url'))
  return toBase64Url(bytes) === text ? bytes : null
}

export function encodePayload(payload: TokenPayload): string {
  return toBase64Url(new TextEncoder().encode(JSON.stringify(payload)))
}

export function splitToken(token: string): { signed: string; payload: TokenPayload; signature: Uint8Array } | null {
  const parts = token.split('.')
  if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) return null
  const payloadBytes = decodeBase64Url(parts[1]!)
  const signature = decodeBase64Url(parts[2]!)
  if (!payloadBytes || signature?.length !== ED25519_SIGNATURE_BYTES) return null
  try {
    const payload = TokenPayloadSchema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payloadBytes)))
    if (!payload.success) return null
    return { signed: `${parts[0]}.${parts[1]}`, payload: payload.data, signature }
  } catch {
    return null
  }
}

export function joinToken(encodedPayload: string, signature: Uint8Array): string {
  return `${TOKEN_PREFIX}.${encodedPayload}.${toBase64Url(signature)}`
}
