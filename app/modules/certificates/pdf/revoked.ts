import { rgb, type Canvas } from './canvas.ts'
import type { Fonts } from './draw.ts'
import { unitWidth } from './layout.ts'
import { CONTENT, PAGE } from './page.ts'
import { day, type Lang } from './words.ts'
import type { CertificateFacts, Revocation } from '../facts.ts'

// The mark of a revoked document: a line in red above the text, with the day
// it was revoked, and the word across the page, large and translucent, so
// that neither a printout nor a glance at the screen passes it for valid.
// Always in Kazakh and Russian, whatever the document's languages: whoever is
// shown it must be able to read it.

/** The graphics state (in the page's resources) the translucent word is painted in. */
export const REVOKED_STATE = 'Revoked'
export const REVOKED_STATE_DICT = '<< /Type /ExtGState /ca 0.22 /CA 0.22 >>'

const RED = rgb(0.72, 0.08, 0.1)

/** "Revoked" agrees with the document in Russian: сертификат отозван, справка отозвана. */
export function revokedWord(facts: Pick<CertificateFacts, 'kind'>, lang: Lang): string {
  if (lang === 'kk') return 'КҮШІ ЖОЙЫЛҒАН'
  return facts.kind === 'certificate' ? 'ОТОЗВАН' : 'ОТОЗВАНА'
}

/** The document's languages first, then the other one. */
function languages(facts: CertificateFacts): Lang[] {
  return facts.lang === 'kk' ? ['kk', 'ru'] : ['ru', 'kk']
}

/** The red line above the text, between the border and the institute's name. */
function drawBanner(page: Canvas, facts: CertificateFacts, revocation: Revocation, fonts: Fonts) {
  const text = languages(facts)
    .map((lang) => `${revokedWord(facts, lang)} — ${day(revocation.date, lang)}`)
    .join('  ·  ')
  let size = 11
  while (size > 7 && unitWidth(fonts.bold, text) * size > PAGE.width - 2 * CONTENT.left) size -= 0.5
  const width = unitWidth(fonts.bold, text) * size
  page.drawText(text, { x: (PAGE.width - width) / 2, y: CONTENT.top + 12, size, font: fonts.bold, color: RED })
}

/** The word in both languages along the page's diagonal, centred, over everything drawn before. */
function drawDiagonal(page: Canvas, facts: CertificateFacts, fonts: Fonts) {
  const angle = Math.atan2(PAGE.height, PAGE.width)
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)]
  const [first, second] = languages(facts).map((lang) => revokedWord(facts, lang)) as [string, string]
  const room = Math.hypot(PAGE.width, PAGE.height) * 0.62
  const size = Math.min(72, room / Math.max(unitWidth(fonts.bold, first), unitWidth(fonts.bold, second)))
  const cx = PAGE.width / 2
  const cy = PAGE.height / 2
  // Two lines about the centre: each one's baseline offset across the diagonal.
  const lines: [string, number][] = [
    [first, size * 0.15],
    [second, -size * 0.95],
  ]
  page.withState(REVOKED_STATE, () => {
    for (const [text, offset] of lines) {
      const half = (unitWidth(fonts.bold, text) * size) / 2
      // The line's start: back along the diagonal by half its width, across it by its offset.
      const x = cx - half * cos - offset * sin
      const y = cy - half * sin + offset * cos
      page.drawText(text, { x, y, size, font: fonts.bold, color: RED, angle })
    }
  })
}

export function drawRevoked(page: Canvas, facts: CertificateFacts, revocation: Revocation, fonts: Fonts) {
  drawBanner(page, facts, revocation, fonts)
  drawDiagonal(page, facts, fonts)
}
