// A lesson's body is the same for every reader of a language but for a few
// places: the forms' address, a quiz's standing and lock, a saved reflection.
// The shared render writes a hole there: `\uE000name|id|kind\uE001` as text, or
// ` data-slot="\uE000name|id\uE001"` where an attribute goes. The characters
// are from Unicode's private use area, which lesson text never contains.

export const HOLE_OPEN = '\uE000'
export const HOLE_CLOSE = '\uE001'

export type HoleName = 'action' | 'quizStatus' | 'quizLock' | 'quizSubmit' | 'reflectionText' | 'reflectionLock' | 'reflectionActions'

export function hole(name: HoleName, ...args: string[]): string {
  return HOLE_OPEN + [name, ...args].join('|') + HOLE_CLOSE
}

/** An attribute that becomes a hole in the shared render (one per element). */
export function attributeHole(name: HoleName, ...args: string[]): { 'data-slot': string } {
  return { 'data-slot': hole(name, ...args) }
}
