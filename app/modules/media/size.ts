// A file size in the largest unit it fills (of 1024), for the browser and the
// server alike: the message key to say it with and the number to put in it.

export type SizeKey = 'media.size.gb' | 'media.size.mb' | 'media.size.kb' | 'media.size.bytes'

export function sizeIn(bytes: number): { key: SizeKey; value: number; digits: number } {
  const units = [
    ['media.size.gb', 1024 ** 3],
    ['media.size.mb', 1024 ** 2],
    ['media.size.kb', 1024],
  ] as const
  for (const [key, unit] of units) {
    if (bytes >= unit) return { key, value: bytes / unit, digits: 1 }
  }
  return { key: 'media.size.bytes', value: bytes, digits: 0 }
}
