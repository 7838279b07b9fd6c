// Draws the app's icons (the brand mark "Ө" on the brand colour) as PNGs for
// the web app manifests (public/manifest.webmanifest, public/centre.webmanifest)
// and iOS's home screen. Run once when the mark changes; the PNGs are committed.
// Usage: node --import tsx scripts/app-icons.ts
import fs from 'node:fs'
import path from 'node:path'
import { chromium } from '@playwright/test'

const BRAND = '#0b5a55'
const OUT = 'public/icons'

/**
 * The mark on a square of `size` pixels. `maskable`: the colour fills the
 * whole square and the letter stays inside the central 80% a launcher may
 * crop to a circle; otherwise a rounded square on transparency.
 */
function markSvg(size: number, maskable: boolean): string {
  const radius = maskable ? 0 : size * 0.2
  const fontSize = size * (maskable ? 0.5 : 0.64)
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">
<rect width="${size}" height="${size}" rx="${radius}" fill="${BRAND}"/>
<text x="50%" y="50%" dy="0.36em" font-family="DejaVu Sans, Arial, sans-serif" font-size="${fontSize}" font-weight="700" text-anchor="middle" fill="#fff">Ө</text>
</svg>`
}

const icons = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  // iOS ignores the manifest's icons and rounds the corners itself.
  { file: 'apple-touch-icon.png', size: 180, maskable: true },
]

fs.mkdirSync(OUT, { recursive: true })
const browser = await chromium.launch({
  executablePath: fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu'],
})
for (const icon of icons) {
  const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 })
  await page.setContent(`<html><body style="margin:0;background:transparent">${markSvg(icon.size, icon.maskable)}</body></html>`)
  await page.screenshot({ path: path.join(OUT, icon.file), omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } })
  await page.close()
  console.log(path.join(OUT, icon.file))
}
await browser.close()
