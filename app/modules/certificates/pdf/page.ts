import { rgb } from './canvas.ts'

// The page and its measures. Any change to what is drawn bumps
// CERTIFICATE_PDF_VERSION (see pdf.server.ts).

export const CERTIFICATE_PDF_VERSION = 3

export const PAGE = { width: 841.89, height: 595.28 }
export const CONTENT = { left: 66, right: PAGE.width - 66, top: PAGE.height - 60, bottom: 50 }
export const CONTENT_WIDTH = CONTENT.right - CONTENT.left
// The QR code carries only the verification address (about 50 characters, a
// version 4 or 5 code) and each module is 3 pt (1.06 mm): three pixels in a
// 72 dpi render, so a phone at arm's length, or zbar on a screen-resolution
// image, reads it. A longer configured origin makes more modules, not smaller
// ones, up to QR_MAX.
export const QR_MODULE = 3
export const QR_MIN = 85
export const QR_MAX = 180
export const LEADING = 1.25

export const TEAL = rgb(11 / 255, 90 / 255, 85 / 255)
export const INK = rgb(0.1, 0.12, 0.15)
export const GREY = rgb(0.42, 0.45, 0.5)
export const RULE = rgb(0.55, 0.58, 0.62)
