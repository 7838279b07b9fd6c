// Bilingual parity: which lessons are missing in a language, and which were
// changed in one language after the other was last changed. Pure, so the
// report page and publishing share it and a unit test can pin it down.

export interface ParityFile {
  /** <lang>/<NN-module>/<NN-lesson>.mdx */
  path: string
  changedAt: string
}

export type ParityIssue =
  | { kind: 'missing'; lessonKey: string; moduleId: string; lessonId: string; missing: string[]; present: string[] }
  | { kind: 'stale'; lessonKey: string; moduleId: string; lessonId: string; newer: string[]; older: string[]; newerAt: string; olderAt: string }

const LESSON_PATH = /^([a-z]{2})\/\d{2}-([a-z0-9-]+)\/\d{2}-([a-z0-9-]+)\.mdx$/

export function lessonKeyOf(path: string): { lang: string; moduleId: string; lessonId: string; key: string } | null {
  const m = LESSON_PATH.exec(path)
  return m ? { lang: m[1]!, moduleId: m[2]!, lessonId: m[3]!, key: `${m[2]}/${m[3]}` } : null
}

/**
 * `acks` holds, per lesson key, when an author last said its languages are in
 * step: a change at or before that moment is not reported.
 */
export function parityReport(files: ParityFile[], languages: string[], acks: ReadonlyMap<string, string>): ParityIssue[] {
  const lessons = new Map<string, { moduleId: string; lessonId: string; byLang: Map<string, string> }>()
  for (const file of files) {
    const at = lessonKeyOf(file.path)
    if (!at || !languages.includes(at.lang)) continue
    const entry = lessons.get(at.key) ?? { moduleId: at.moduleId, lessonId: at.lessonId, byLang: new Map() }
    entry.byLang.set(at.lang, file.changedAt)
    lessons.set(at.key, entry)
  }
  const issues: ParityIssue[] = []
  for (const [lessonKey, { moduleId, lessonId, byLang }] of lessons) {
    const missing = languages.filter((l) => !byLang.has(l))
    if (missing.length) {
      issues.push({ kind: 'missing', lessonKey, moduleId, lessonId, missing, present: [...byLang.keys()] })
      continue
    }
    const times = [...byLang.values()].sort()
    const newestAt = times.at(-1)!
    const oldestAt = times[0]!
    const ack = acks.get(lessonKey)
    if (newestAt > oldestAt && !(ack && ack >= newestAt)) {
      issues.push({
        kind: 'stale',
        lessonKey,
        moduleId,
        lessonId,
        newer: languages.filter((l) => byLang.get(l) === newestAt),
        older: languages.filter((l) => byLang.get(l)! < newestAt),
        newerAt: newestAt,
        olderAt: oldestAt,
      })
    }
  }
  return issues
}
