import { zlibSync } from 'fflate'
import type { CertificateFacts, Revocation } from './facts.ts'
import { Canvas } from './pdf/canvas.ts'
import { drawBorder, drawFooter, drawMain } from './pdf/draw.ts'
import { FONT_OBJECTS, fontsFor } from './pdf/fonts.server.ts'
import { documentId, infoDictionary } from './pdf/metadata.ts'
import { CONTENT, PAGE } from './pdf/page.ts'
import { drawRevoked, REVOKED_STATE, REVOKED_STATE_DICT } from './pdf/revoked.ts'
import { num, pdfFile, plainObject, streamObject } from './pdf/writer.ts'

// A certificate or an attendance statement as one A4 landscape page, rendered
// from its facts alone. The bytes must never change for the same facts: the
// SHA-256 of the PDF is recorded once it is first rendered and compared on
// every download, and certificate:verify renders a PDF's facts again to check
// it. So the dates and the trailer /ID are derived from the facts, the fonts
// are prepared from a fixed set of letters (pdf/fonts.server.ts), the file is
// written by our own code (pdf/writer.ts) and compressed by fflate (pure
// JavaScript: the same bytes on every platform), and any change to what is
// drawn bumps CERTIFICATE_PDF_VERSION. The parts live in pdf/: the words, the
// fonts, the page's measures, line layout, drawing, the document information.

export { CERTIFICATE_PDF_VERSION } from './pdf/page.ts'
export { readCertificateMetadata } from './pdf/metadata.ts'
export { pluralHoursRu } from './pdf/words.ts'

/** Every text of the facts that a font may need a letter for beyond the prepared set. */
function factTexts(facts: CertificateFacts): string[] {
  return [facts.holder, facts.course.kk ?? '', facts.course.ru ?? '', facts.course.en ?? '', facts.approval?.number ?? '', facts.number, facts.code]
}

/**
 * One page, A4 landscape; the same facts, QR text and revocation always give
 * the same bytes. `qrText` is the signed verification address: the QR code
 * prints the address, the metadata keeps all of it. A revoked document is
 * marked so across the page (pdf/revoked.ts).
 */
export async function renderCertificatePdf(facts: CertificateFacts, qrText: string, revocation: Revocation | null = null): Promise<Uint8Array> {
  const fonts = await fontsFor([...factTexts(facts), qrText])
  const page = new Canvas()
  drawBorder(page)
  const footerTop = drawFooter(page, facts, qrText, fonts)
  drawMain(page, facts, fonts, CONTENT.top, footerTop + 22)
  if (revocation) drawRevoked(page, facts, revocation, fonts)
  const states = revocation ? ` /ExtGState << /${REVOKED_STATE} ${REVOKED_STATE_DICT} >>` : ''
  // The fastest level: higher ones took a quarter of a render for a few hundred bytes.
  const content = zlibSync(new TextEncoder().encode(page.toString()), { level: 1 })
  // Objects 1 to FONT_OBJECTS are the prepared fonts; the document's own follow.
  const [catalog, pages, pageObject, contents, info] = [1, 2, 3, 4, 5].map((i) => FONT_OBJECTS + i) as [number, number, number, number, number]
  return pdfFile(
    fonts,
    [
      plainObject(catalog, `<< /Type /Catalog /Pages ${pages} 0 R /Lang (${facts.lang}) >>`),
      plainObject(pages, `<< /Type /Pages /Kids [${pageObject} 0 R] /Count 1 >>`),
      plainObject(
        pageObject,
        `<< /Type /Page /Parent ${pages} 0 R /MediaBox [0 0 ${num(PAGE.width)} ${num(PAGE.height)}] /Resources << /Font << /${fonts.regular.resource} 1 0 R /${fonts.bold.resource} ${1 + FONT_OBJECTS / 2} 0 R >>${states} >> /Contents ${contents} 0 R >>`,
      ),
      streamObject(contents, content, '/Filter /FlateDecode'),
      plainObject(info, infoDictionary(facts, qrText, revocation)),
    ],
    { root: catalog, info, id: documentId(facts, qrText, revocation) },
  )
}
