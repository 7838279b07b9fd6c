import fontkit from '@pdf-lib/fontkit'
import { PDFDocument } from 'pdf-lib'
import type { CertificateFacts } from './facts.ts'
import { drawBorder, drawFooter, drawMain, type Fonts } from './pdf/draw.ts'
import { loadFonts } from './pdf/fonts.server.ts'
import { setInfo } from './pdf/metadata.ts'
import { CONTENT, PAGE } from './pdf/page.ts'

// A certificate or an attendance statement as one A4 landscape page, rendered
// from its facts alone. The bytes must never change for the same facts: the
// SHA-256 of the PDF is stored at issue and compared on every download. So the
// dates and the trailer /ID are derived from the facts, the font names are
// fixed, and any change to what is drawn bumps CERTIFICATE_PDF_VERSION.
// The parts live in pdf/: the words, the fonts, the page's measures, line
// layout, drawing, and the document information.

export { CERTIFICATE_PDF_VERSION } from './pdf/page.ts'
export { readCertificateMetadata } from './pdf/metadata.ts'
export { pluralHoursRu } from './pdf/words.ts'

/** One page, A4 landscape; the same facts and QR text always give the same bytes. */
export async function renderCertificatePdf(facts: CertificateFacts, qrText: string): Promise<Uint8Array> {
  const bytes = await loadFonts()
  const doc = await PDFDocument.create({ updateMetadata: false })
  // A fresh fontkit font per document: a parsed font reused across documents
  // keeps glyphs cached by an earlier subset without their code points, and a
  // later document's text then loses letters (І in bold) when copied.
  doc.registerFontkit(fontkit)
  const fonts: Fonts = {
    // A six-letter tag and "+" marks a subset font (PDF 32000, 9.6.4).
    regular: await doc.embedFont(bytes.regular, { subset: true, customName: 'ORKENR+DejaVuSans' }),
    bold: await doc.embedFont(bytes.bold, { subset: true, customName: 'ORKENB+DejaVuSans-Bold' }),
  }
  setInfo(doc, facts, qrText)
  const page = doc.addPage([PAGE.width, PAGE.height])
  drawBorder(page)
  const footerTop = drawFooter(page, facts, qrText, fonts)
  drawMain(page, facts, fonts, CONTENT.top, footerTop + 22)
  return doc.save({ useObjectStreams: false })
}
