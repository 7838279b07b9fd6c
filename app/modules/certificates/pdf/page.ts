import { rgb } from './canvas.ts'

// The page and its measures. Any change to what is drawn bumps
// CERTIFICATE_PDF_VERSION (see pdf.server.ts).

export const CERTIFICATE_PDF_VERSION = 2

export const PAGE = { width: 841.89, height: 595.28 }
export const CONTENT = { left: 66, right: PAGE.width - 66, top: PAGE.height - 60, bottom: 50 }
export const CONTENT_WIDTH = CONTENT.right - CONTENT.left
// The QR code grows with its module count so that a module stays large enough
// for a phone, or zbar on a 100 dpi scan, to read: at least 30 mm across.
export const QR_MODULE = 1.7
export const QR_MIN = 85
export const QR_MAX = 180
export const LEADING = 1.25

export const TEAL = rgb(11 / 255, 90 / 255, 85 / 255)
export const INK = rgb(0.1, 0.12, 0.15)
export const GREY = rgb(0.42, 0.45, 0.5)
export const RULE = rgb(0.55, 0.58, 0.62)
