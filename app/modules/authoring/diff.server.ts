import { structuredPatch } from 'diff'
import type { Work } from '#app/core/work.server.ts'
import { versionFiles } from '#app/modules/content/version-files.server.ts'

// Line diffs between two sets of course files: two published versions, or the
// published version and the draft. Hunks carry both sides' line numbers so the
// page can show them like a reviewer expects.

export interface DiffLine {
  kind: 'same' | 'added' | 'removed'
  text: string
  oldNo: number | null
  newNo: number | null
}

export interface FileDiff {
  path: string
  status: 'added' | 'removed' | 'changed'
  added: number
  removed: number
  hunks: { header: string; lines: DiffLine[] }[]
}

export function diffFileSets(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>, context = 3): FileDiff[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort()
  const out: FileDiff[] = []
  for (const path of paths) {
    const a = before.get(path)
    const b = after.get(path)
    if (a === b) continue
    const patch = structuredPatch(path, path, a ?? '', b ?? '', undefined, undefined, { context })
    let added = 0
    let removed = 0
    const hunks = patch.hunks.map((h) => {
      let oldNo = h.oldStart
      let newNo = h.newStart
      const lines: DiffLine[] = []
      for (const raw of h.lines) {
        const sign = raw[0]
        const text = raw.slice(1)
        if (sign === '\\') continue // "\ No newline at end of file"
        if (sign === '+') {
          added++
          lines.push({ kind: 'added', text, oldNo: null, newNo: newNo++ })
        } else if (sign === '-') {
          removed++
          lines.push({ kind: 'removed', text, oldNo: oldNo++, newNo: null })
        } else {
          lines.push({ kind: 'same', text, oldNo: oldNo++, newNo: newNo++ })
        }
      }
      return { header: `@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`, lines }
    })
    out.push({ path, status: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed', added, removed, hunks })
  }
  return out
}

export async function versionTexts(work: Work, versionId: string): Promise<Map<string, string>> {
  return new Map([...(await versionFiles(work.db, versionId))].map(([path, f]) => [path, f.text]))
}

export async function diffVersions(work: Work, fromId: string, toId: string): Promise<FileDiff[]> {
  return diffFileSets(await versionTexts(work, fromId), await versionTexts(work, toId))
}
