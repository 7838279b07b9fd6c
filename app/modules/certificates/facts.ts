// Everything printed on a certificate or an attendance statement. Kept as JSON
// on the certificate row; the PDF is rendered from it alone, so the same facts
// always give the same bytes. Client-safe.

import { z } from 'zod'

export type CertificateKind = 'certificate' | 'attendance'

export interface CertificateFacts {
  kind: CertificateKind
  /** ORK-YYYY-NNNNNN */
  number: string
  /** The verification code, 16 characters of base32 (A-Z, 2-7). */
  code: string
  holder: string
  /** The course's title in each of its languages. */
  course: { kk?: string; ru?: string; en?: string }
  /** The language the course was studied in; printed first. */
  lang: 'kk' | 'ru'
  /** The other language, printed beneath, when the course has both. */
  secondLang: 'kk' | 'ru' | null
  hours: number
  /** Dates of study, YYYY-MM-DD. */
  from: string
  to: string
  approval: { number: string; date: string } | null
  /** Issue date, YYYY-MM-DD (Kazakhstan time). */
  issued: string
  revision: number
}

/**
 * A revoked document's mark: printed across its PDF and kept in the PDF's
 * metadata, so that an offline check renders the same marked bytes again.
 */
export interface Revocation {
  /** The day it was revoked, YYYY-MM-DD (Kazakhstan time). */
  date: string
}

export const RevocationSchema: z.ZodType<Revocation> = z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }).strict()

export const CertificateFactsSchema: z.ZodType<CertificateFacts> = z
  .object({
    kind: z.enum(['certificate', 'attendance']),
    number: z.string(),
    code: z.string(),
    holder: z.string(),
    course: z.object({ kk: z.string().optional(), ru: z.string().optional(), en: z.string().optional() }).strict(),
    lang: z.enum(['kk', 'ru']),
    secondLang: z.enum(['kk', 'ru']).nullable(),
    hours: z.number(),
    from: z.string(),
    to: z.string(),
    approval: z.object({ number: z.string(), date: z.string() }).strict().nullable(),
    issued: z.string(),
    revision: z.number(),
  })
  .strict()

// Facts are checked against the schema but kept as they were read: their key
// order, and with it JSON.stringify, the signed digest and the PDF's bytes,
// stays as issued.
export function isCertificateFacts(value: unknown): value is CertificateFacts {
  return CertificateFactsSchema.safeParse(value).success
}

/** The facts stored on a certificate row; throws when they do not fit the schema. */
export function parseFacts(json: string): CertificateFacts {
  const value: unknown = JSON.parse(json)
  if (!isCertificateFacts(value)) throw new Error('stored certificate facts do not fit their schema')
  return value
}

/** Groups a code for reading aloud and typing: ABCD-EFGH-IJKL-MNOP. */
export function formatCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code
}

/** A typed or scanned code, normalised; null when it cannot be a code. */
export function normaliseCode(input: string): string | null {
  const code = input.replace(/[\s-]/g, '').toUpperCase()
  return /^[A-Z2-7]{16}$/.test(code) ? code : null
}
