import { createHash } from 'node:crypto'
import { write, type Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { parseFacts, type CertificateFacts, type Revocation } from './facts.ts'
import { CERTIFICATE_PDF_VERSION, renderCertificatePdf } from './pdf.server.ts'

// A certificate's PDF and its recorded SHA-256. The issuing transaction keeps
// the facts, the number and the signature; the PDF is rendered once it has
// committed (or on the first download, if that render did not happen), and
// its hash recorded then, in a write of its own that holds the lock for one
// row's update. Every later render must give the same bytes: a download
// whose render differs from the recorded hash is logged as an error. A
// revocation clears the hash: from then on the document renders with its
// revoked mark, and that is recorded (docs/decisions/034).

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

export interface CertificatePdf {
  bytes: Uint8Array
  number: string
  /** False when the render differs from the hash recorded for this renderer. */
  matches: boolean
}

/** The mark a revoked certificate's PDF carries: the day it was revoked, in Kazakhstan. */
export function revocationOf(cert: { status: string; revoked_at: string | null }): Revocation | null {
  return cert.status === 'revoked' && cert.revoked_at ? { date: localIsoDate(cert.revoked_at) } : null
}

/** How a PDF is rendered: here, or in the certificate thread (pdf-worker-thread.server.ts); the same bytes either way. */
export type RenderPdf = (facts: CertificateFacts, qrText: string, revocation: Revocation | null) => Promise<Uint8Array>

async function renderAndRecord(work: Work, id: string, render: RenderPdf): Promise<CertificatePdf | null> {
  const cert = await work.db
    .selectFrom('certificates')
    .select(['number', 'facts', 'qr_text', 'pdf_sha256', 'pdf_version', 'revision', 'status', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!cert) return null
  const bytes = await render(parseFacts(cert.facts), cert.qr_text, revocationOf(cert))
  const hash = sha256Hex(bytes)
  if (cert.pdf_version === CERTIFICATE_PDF_VERSION && cert.pdf_sha256) return { bytes, number: cert.number, matches: hash === cert.pdf_sha256 }
  // Not yet recorded by this renderer (never rendered, or by an older one, or
  // revoked since). Only for the revision and status that were rendered: a
  // re-issue or a revocation meanwhile records its own.
  const recorded = await write(work, async (tx) => {
    const result = await tx.db
      .updateTable('certificates')
      .set({ pdf_sha256: hash, pdf_version: CERTIFICATE_PDF_VERSION })
      .where('id', '=', id)
      .where('revision', '=', cert.revision)
      .where('status', '=', cert.status)
      .where((eb) => eb.or([eb('pdf_version', 'is', null), eb('pdf_version', '<>', CERTIFICATE_PDF_VERSION)]))
      .executeTakeFirst()
    if (result.numUpdatedRows > 0n) return hash
    // Another process recorded it first (or the certificate changed meanwhile): compare with what it recorded.
    const now = await tx.db.selectFrom('certificates').select(['pdf_sha256', 'revision', 'status']).where('id', '=', id).executeTakeFirst()
    return now?.revision === cert.revision && now.status === cert.status && now.pdf_sha256 ? now.pdf_sha256 : hash
  })
  return { bytes, number: cert.number, matches: hash === recorded }
}

/** Renders in progress in this process: concurrent requests for one certificate share one render. */
const rendering = new Map<string, Promise<CertificatePdf | null>>()

/**
 * A certificate's PDF, rendered from its stored facts, and whether it matches
 * the recorded hash; the first render by this renderer records it. Null when
 * there is no such certificate.
 */
export function certificatePdf(work: Work, id: string, render: RenderPdf = renderCertificatePdf): Promise<CertificatePdf | null> {
  let pending = rendering.get(id)
  if (!pending) {
    pending = renderAndRecord(work, id, render).finally(() => rendering.delete(id))
    rendering.set(id, pending)
  }
  return pending
}
