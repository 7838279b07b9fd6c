// The part of fontkit (3.x ships no types) that preparing a certificate's fonts uses.
declare module 'fontkit' {
  export interface Glyph {
    id: number
    advanceWidth: number
  }
  export interface Subset {
    /** Adds a glyph (by id) and returns its id in the subset; .notdef is 0. */
    includeGlyph(glyph: number | Glyph): number
    encode(): Uint8Array
  }
  export interface Font {
    postscriptName: string
    unitsPerEm: number
    ascent: number
    descent: number
    capHeight?: number
    xHeight?: number
    italicAngle: number
    bbox: { minX: number; minY: number; maxX: number; maxY: number }
    hasGlyphForCodePoint(codePoint: number): boolean
    glyphForCodePoint(codePoint: number): Glyph
    createSubset(): Subset
  }
  export function create(buffer: Uint8Array): Font
}
