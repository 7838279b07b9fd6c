import { createHash } from 'node:crypto'
import { formatCode, isCertificateFacts, RevocationSchema, type CertificateFacts, type Revocation } from '../facts.ts'
import { CERTIFICATE_PDF_VERSION } from './page.ts'
import { TEXT } from './words.ts'
import { hexText } from './writer.ts'

// The document information of a certificate's PDF: its title and dates from
// the facts, and the facts and the verification token themselves, so that the
// PDF can be checked offline (scripts/certificate-verify.ts). /OrkenRenderer
// names the renderer's version; a PDF without it was made by version 1.
// /OrkenRevoked is the revocation a revoked document was rendered with.

/** D:YYYYMMDDHHmmSSZ (7.9.4) for a calendar date. */
const pdfDate = (iso: string) => `(D:${iso.replaceAll('-', '')}000000Z)`

/** The information dictionary's body. */
export function infoDictionary(facts: CertificateFacts, qrText: string, revocation: Revocation | null = null): string {
  const heading = facts.kind === 'certificate' ? TEXT.certificate[facts.lang] : TEXT.attendance[facts.lang]
  const entries: [string, string][] = [
    ['Title', hexText(facts.number)],
    ['Subject', hexText(`${heading}: ${facts.holder}`)],
    ['Keywords', hexText([facts.number, formatCode(facts.code), facts.kind, `revision ${facts.revision}`].join(' '))],
    ['Author', hexText(TEXT.institute[facts.lang])],
    ['Creator', hexText('Өркен Academy')],
    ['Producer', hexText('Өркен Academy')],
    ['CreationDate', pdfDate(facts.issued)],
    ['ModDate', pdfDate(facts.issued)],
    ['OrkenRenderer', String(CERTIFICATE_PDF_VERSION)],
    ['OrkenToken', hexText(qrText)],
    ['OrkenFacts', hexText(JSON.stringify(facts))],
    ...(revocation ? [['OrkenRevoked', hexText(JSON.stringify(revocation))] as [string, string]] : []),
  ]
  return `<<\n${entries.map(([k, v]) => `/${k} ${v}`).join('\n')}\n>>`
}

/** The trailer's /ID: stable for the same input, as readers and PDF/A want one. */
export function documentId(facts: CertificateFacts, qrText: string, revocation: Revocation | null = null): string {
  return createHash('sha256')
    .update(JSON.stringify(revocation ? [CERTIFICATE_PDF_VERSION, facts, qrText, revocation] : [CERTIFICATE_PDF_VERSION, facts, qrText]))
    .digest('hex')
    .slice(0, 32)
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function decodeHexText(hex: string): string {
  const clean = hex.replace(/\s/g, '')
  const bytes = Buffer.from(clean.length % 2 ? `${clean}0` : clean, 'hex')
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let out = ''
    for (let i = 2; i + 1 < bytes.length; i += 2) out += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!)
    return out
  }
  return bytes.toString('latin1')
}

/**
 * The verification token (the QR text), the facts and the renderer version an
 * issued PDF carries in its document information; null for what is missing or
 * malformed. Reads what this renderer (and pdf-lib, for version 1) writes: an
 * information dictionary in a plain object, entries in hex strings. Throws
 * when the bytes are not a PDF.
 */
export async function readCertificateMetadata(
  pdfBytes: Uint8Array,
): Promise<{ token: string | null; facts: CertificateFacts | null; renderer: number | null; revoked: Revocation | null }> {
  const text = Buffer.from(pdfBytes).toString('latin1')
  if (!text.startsWith('%PDF-')) throw new Error('not a PDF')
  const none = { token: null, facts: null, renderer: null, revoked: null }
  const trailer = text.slice(text.lastIndexOf('trailer'))
  const infoRef = /\/Info\s+(\d+)\s+0\s+R/.exec(trailer)
  if (!infoRef) return none
  const start = new RegExp(`(?:^|[\\r\\n])${infoRef[1]}\\s+0\\s+obj\\b`).exec(text)
  if (!start) return none
  const body = text.slice(start.index, text.indexOf('endobj', start.index))
  const entry = (key: string) => {
    const m = new RegExp(`/${key}\\s*<([0-9A-Fa-f\\s]*)>`).exec(body)
    return m ? decodeHexText(m[1]!) : null
  }
  const json = entry('OrkenFacts')
  const parsed = json ? parseJson(json) : null
  const facts = isCertificateFacts(parsed) ? parsed : null
  const revokedJson = entry('OrkenRevoked')
  const revocation = RevocationSchema.safeParse(revokedJson ? parseJson(revokedJson) : null)
  const renderer = /\/OrkenRenderer\s+(\d+)/.exec(body)
  const token = entry('OrkenToken')
  return { token, facts, renderer: renderer ? Number(renderer[1]) : token ? 1 : null, revoked: revocation.success ? revocation.data : null }
}
