import fs from 'node:fs/promises'
import { createRequire } from 'node:module'

// The DejaVu fonts a certificate is set in, read once per process.

export interface FontBytes {
  regular: Uint8Array
  bold: Uint8Array
}

let fontBytes: Promise<FontBytes> | undefined

export function loadFonts(): Promise<FontBytes> {
  fontBytes ??= (async () => {
    const require = createRequire(import.meta.url)
    const read = (name: string) => fs.readFile(require.resolve(`dejavu-fonts-ttf/ttf/${name}`))
    const [regular, bold] = await Promise.all([read('DejaVuSans.ttf'), read('DejaVuSans-Bold.ttf')])
    return { regular, bold }
  })().catch((error: unknown) => {
    fontBytes = undefined
    throw error
  })
  return fontBytes
}
