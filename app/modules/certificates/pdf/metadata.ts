import { createHash } from 'node:crypto'
import { PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from 'pdf-lib'
import { formatCode, isCertificateFacts, type CertificateFacts } from '../facts.ts'
import { CERTIFICATE_PDF_VERSION } from './page.ts'
import { TEXT } from './words.ts'

// The document information of a certificate's PDF: its title and dates from
// the facts, and the facts and the verification token themselves, so that the
// PDF can be checked offline (scripts/certificate-verify.ts).

const TOKEN_KEY = PDFName.of('OrkenToken')
const FACTS_KEY = PDFName.of('OrkenFacts')

export function setInfo(doc: PDFDocument, facts: CertificateFacts, qrText: string) {
  const issued = new Date(`${facts.issued}T00:00:00Z`)
  const heading = facts.kind === 'certificate' ? TEXT.certificate[facts.lang] : TEXT.attendance[facts.lang]
  doc.setTitle(facts.number)
  doc.setSubject(`${heading}: ${facts.holder}`)
  doc.setKeywords([facts.number, formatCode(facts.code), facts.kind, `revision ${facts.revision}`])
  doc.setAuthor(TEXT.institute[facts.lang])
  doc.setCreator('Өркен Academy')
  doc.setProducer('Өркен Academy')
  doc.setLanguage(facts.lang)
  doc.setCreationDate(issued)
  doc.setModificationDate(issued)
  const info = doc.context.lookup(doc.context.trailerInfo.Info, PDFDict)
  info.set(TOKEN_KEY, PDFHexString.fromText(qrText))
  info.set(FACTS_KEY, PDFHexString.fromText(JSON.stringify(facts)))
  // pdf-lib writes no /ID; readers and PDF/A want one, stable for the same input.
  const id = createHash('sha256')
    .update(JSON.stringify([CERTIFICATE_PDF_VERSION, facts, qrText]))
    .digest('hex')
    .slice(0, 32)
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)])
}

/**
 * The verification token (the QR text) and the facts an issued PDF carries in
 * its document information; null for what is missing or malformed. Throws when
 * the bytes are not a PDF.
 */
export async function readCertificateMetadata(pdfBytes: Uint8Array): Promise<{ token: string | null; facts: CertificateFacts | null }> {
  const doc = await PDFDocument.load(pdfBytes, { updateMetadata: false })
  const info = doc.context.lookupMaybe(doc.context.trailerInfo.Info, PDFDict)
  const text = (key: PDFName) => {
    const value = info?.lookup(key)
    return value instanceof PDFHexString || value instanceof PDFString ? value.decodeText() : null
  }
  const json = text(FACTS_KEY)
  let facts: CertificateFacts | null = null
  if (json) {
    try {
      const parsed: unknown = JSON.parse(json)
      if (isCertificateFacts(parsed)) facts = parsed
    } catch {
      facts = null
    }
  }
  return { token: text(TOKEN_KEY), facts }
}
