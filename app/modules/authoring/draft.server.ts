import { parseDocument } from 'yaml'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { sha256 } from '#app/modules/content/compile-mdx.server.ts'
import { CONTENT_LANGS, slugPattern, type ContentLang } from '#app/modules/content/manifest.ts'
import { courseFromFiles, kindOfAudience, NUMBERED, type CourseKind, type CourseSource } from '#app/modules/content/source.server.ts'
import { versionFiles } from '#app/modules/content/version-files.server.ts'
import { lessonKeyOf, parityReport, type ParityIssue } from './parity.ts'

// A course's draft: the files an author changed in the app, laid over the
// published version. Saving writes the draft; publishing (publish.server.ts)
// turns the whole working copy into a new immutable version.

export interface WorkingFile {
  path: string
  text: string
  hash: string
  changedAt: string
  changedBy: string | null
  /** The draft changed this file (or added it). */
  inDraft: boolean
  /** The published file changed after the author began editing this one. */
  conflict: boolean
}

export interface WorkingCopy {
  courseId: string
  kind: CourseKind
  versionId: string | null
  files: Map<string, WorkingFile>
  /** Published files the draft removes. */
  removed: string[]
  draftCount: number
  languages: ContentLang[]
}

/** Windows browsers post a textarea with CRLF; sources keep LF. */
export function normalizeSource(text: string): string {
  return text.replace(/\r\n?/g, '\n')
}

export async function loadWorkingCopy(work: Work, courseId: string): Promise<WorkingCopy> {
  const { db } = work
  const course = await db.selectFrom('courses').select(['audience', 'current_version_id']).where('id', '=', courseId).executeTakeFirstOrThrow()
  const published = course.current_version_id ? await versionFiles(db, course.current_version_id) : new Map()
  const drafts = await db.selectFrom('draft_files').selectAll().where('course_id', '=', courseId).execute()
  const files = new Map<string, WorkingFile>()
  for (const [path, f] of published)
    files.set(path, { path, text: f.text, hash: f.hash, changedAt: f.changedAt, changedBy: null, inDraft: false, conflict: false })
  const removed: string[] = []
  for (const d of drafts) {
    const conflict = (published.get(d.path)?.hash ?? null) !== d.base_hash
    if (d.text === null) {
      files.delete(d.path)
      removed.push(d.path)
      continue
    }
    files.set(d.path, { path: d.path, text: d.text, hash: sha256(d.text), changedAt: d.changed_at, changedBy: d.changed_by, inDraft: true, conflict })
  }
  return {
    courseId,
    kind: kindOfAudience(course.audience),
    versionId: course.current_version_id,
    files,
    removed,
    draftCount: drafts.length,
    languages: languagesOf(files.get('course.yml')?.text ?? ''),
  }
}

/** The languages course.yml declares, read leniently (the draft may not be valid yet). */
export function languagesOf(yml: string): ContentLang[] {
  try {
    const value = parseDocument(yml).toJS() as { languages?: unknown }
    const langs = Array.isArray(value?.languages) ? value.languages.filter((l): l is ContentLang => CONTENT_LANGS.includes(l as ContentLang)) : []
    return langs.length ? langs : ['kk', 'ru']
  } catch {
    return ['kk', 'ru']
  }
}

export function courseOfWorkingCopy(copy: WorkingCopy): CourseSource {
  return courseFromFiles(copy.kind, copy.courseId, new Map([...copy.files].map(([path, f]) => [path, f.text])))
}

export interface FileChange {
  path: string
  /** Null removes the file. */
  text: string | null
  /** SHA-256 of the text the author started from; null for a new file. */
  expectedHash: string | null
}

export type SaveResult = Result<{ changed: number }, { conflicts: { path: string; changedBy: string | null; changedAt: string }[] }>

/**
 * Saves changes into the draft. A file someone else saved since the author
 * opened it is not overwritten: the author gets a conflict and nothing is saved.
 * `inStep` names lessons whose languages the author says are in step.
 */
export async function saveDraft(work: Work, input: { courseId: string; changes: FileChange[]; inStep?: string[] }): Promise<SaveResult> {
  return write(work, async (tx) => {
    const trx = tx.db
    const copy = await loadWorkingCopy(tx.work, input.courseId)
    const published = copy.versionId ? await versionFiles(trx, copy.versionId) : new Map()
    const conflicts: { path: string; changedBy: string | null; changedAt: string }[] = []
    for (const change of input.changes) {
      const current = copy.files.get(change.path)
      const text = change.text === null ? null : normalizeSource(change.text)
      if ((current?.hash ?? null) !== change.expectedHash && (current?.text ?? null) !== text) {
        conflicts.push({ path: change.path, changedBy: current?.changedBy ?? null, changedAt: current?.changedAt ?? '' })
      }
    }
    if (conflicts.length) return fail({ conflicts })
    const stamp = work.now().toISOString()
    const author = work.actorId
    let changed = 0
    for (const change of input.changes) {
      const text = change.text === null ? null : normalizeSource(change.text)
      const current = copy.files.get(change.path)
      if ((current?.text ?? null) === text) continue
      changed++
      const base = published.get(change.path)
      if (base && base.text === text) {
        // Back to the published text: no longer a change.
        await trx.deleteFrom('draft_files').where('course_id', '=', input.courseId).where('path', '=', change.path).execute()
        continue
      }
      if (!base && text === null) {
        await trx.deleteFrom('draft_files').where('course_id', '=', input.courseId).where('path', '=', change.path).execute()
        continue
      }
      await trx
        .insertInto('draft_files')
        .values({ course_id: input.courseId, path: change.path, text, base_hash: base?.hash ?? null, changed_at: stamp, changed_by: author })
        .onConflict((oc) => oc.columns(['course_id', 'path']).doUpdateSet({ text, changed_at: stamp, changed_by: author }))
        .execute()
    }
    for (const lessonKey of input.inStep ?? []) {
      await trx
        .insertInto('parity_acks')
        .values({ course_id: input.courseId, lesson_key: lessonKey, acked_at: stamp, acked_by: author })
        .onConflict((oc) => oc.columns(['course_id', 'lesson_key']).doUpdateSet({ acked_at: stamp, acked_by: author }))
        .execute()
    }
    return ok({ changed })
  })
}

/** Empties the course's draft, audited as 'course.draft_discard'; returns how many files it held. */
export async function discardDraft(work: Work, courseId: string): Promise<number> {
  return write(work, async (tx) => {
    const result = await tx.db.deleteFrom('draft_files').where('course_id', '=', courseId).executeTakeFirst()
    const files = Number(result.numDeletedRows)
    tx.audit({ action: 'course.draft_discard', targetType: 'course', targetId: courseId, details: { files } })
    return files
  })
}

/** A lesson's file in each language of the working copy, with the path it has or would have. */
export function lessonFiles(copy: WorkingCopy, moduleId: string, lessonId: string): { lang: ContentLang; path: string; file: WorkingFile | null }[] {
  const found = [...copy.files.values()].filter((f) => {
    const at = lessonKeyOf(f.path)
    return at && at.moduleId === moduleId && at.lessonId === lessonId
  })
  if (!found.length) return []
  // Every language uses the same folder and file names.
  const [, moduleDir, lessonFile] = found[0]!.path.split('/')
  return copy.languages.map((lang) => {
    const path = `${lang}/${moduleDir}/${lessonFile}`
    return { lang, path, file: copy.files.get(path) ?? null }
  })
}

export async function parityOf(work: Work, copy: WorkingCopy): Promise<ParityIssue[]> {
  const acks = await work.db.selectFrom('parity_acks').select(['lesson_key', 'acked_at']).where('course_id', '=', copy.courseId).execute()
  return parityReport(
    [...copy.files.values()].map((f) => ({ path: f.path, changedAt: f.changedAt })),
    copy.languages,
    new Map(acks.map((a) => [a.lesson_key, a.acked_at])),
  )
}

export type NewLessonError =
  | 'authoring.lesson.error.id'
  | 'authoring.lesson.error.exists'
  | 'authoring.lesson.error.module'
  | 'authoring.lesson.error.title'
  | 'authoring.lesson.error.minutes'

/** Modules in course.yml order, each with its folder name (existing, or the one a first lesson will create). */
export function modulesOf(copy: WorkingCopy): { id: string; dir: string }[] {
  let ids: string[] = []
  try {
    const value = parseDocument(copy.files.get('course.yml')?.text ?? '').toJS() as { modules?: { id?: unknown }[] }
    ids = (value?.modules ?? []).map((m) => String(m?.id ?? '')).filter((id) => slugPattern.test(id))
  } catch {
    ids = []
  }
  const dirs = new Map<string, string>()
  for (const path of copy.files.keys()) {
    const dir = path.split('/')[1]
    const m = dir ? NUMBERED.exec(dir) : null
    if (m && !dirs.has(m[2]!)) dirs.set(m[2]!, dir!)
  }
  return ids.map((id, i) => ({ id, dir: dirs.get(id) ?? `${String(i + 1).padStart(2, '0')}-${id}` }))
}

/** Adds a lesson to the draft in every language, numbered after the module's last lesson. */
export async function addLesson(
  work: Work,
  input: { courseId: string; moduleId: string; lessonId: string; titles: Partial<Record<ContentLang, string>>; minutes: number },
): Promise<Result<{ path: string }, NewLessonError>> {
  const copy = await loadWorkingCopy(work, input.courseId)
  const module = modulesOf(copy).find((m) => m.id === input.moduleId)
  if (!module) return fail('authoring.lesson.error.module')
  if (!slugPattern.test(input.lessonId) || input.lessonId.length > 60) return fail('authoring.lesson.error.id')
  if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 600) return fail('authoring.lesson.error.minutes')
  if (copy.languages.some((l) => !input.titles[l]?.trim())) return fail('authoring.lesson.error.title')
  const inModule = [...copy.files.keys()].map(lessonKeyOf).filter((k) => k && k.moduleId === input.moduleId)
  if (inModule.some((k) => k!.lessonId === input.lessonId)) return fail('authoring.lesson.error.exists')
  const orders = [...copy.files.keys()]
    .filter((p) => p.split('/')[1] === module.dir)
    .map((p) => Number(NUMBERED.exec((p.split('/')[2] ?? '').replace(/\.mdx$/, ''))?.[1] ?? 0))
  const file = `${String(Math.max(0, ...orders) + 1).padStart(2, '0')}-${input.lessonId}.mdx`
  const changes = copy.languages.map((lang) => ({
    path: `${lang}/${module.dir}/${file}`,
    text: `---\ntitle: ${yamlString(input.titles[lang]!.trim())}\nminutes: ${input.minutes}\n---\n\n`,
    expectedHash: null,
  }))
  const saved = await saveDraft(work, { courseId: input.courseId, changes, inStep: [`${input.moduleId}/${input.lessonId}`] })
  if (!saved.ok) return fail('authoring.lesson.error.exists')
  return ok({ path: changes[0]!.path })
}

export async function removeLesson(work: Work, input: { courseId: string; moduleId: string; lessonId: string }): Promise<boolean> {
  const copy = await loadWorkingCopy(work, input.courseId)
  const files = lessonFiles(copy, input.moduleId, input.lessonId).filter((f) => f.file)
  if (!files.length) return false
  const saved = await saveDraft(work, { courseId: input.courseId, changes: files.map((f) => ({ path: f.path, text: null, expectedHash: f.file!.hash })) })
  return saved.ok
}

function yamlString(text: string): string {
  return JSON.stringify(text)
}

export interface OutlineLesson {
  id: string
  file: string
  order: number
  titles: Partial<Record<ContentLang, string>>
  /** From the first language's frontmatter; 0 when it cannot be read yet. */
  minutes: number
  langs: ContentLang[]
  inDraft: boolean
  conflict: boolean
}

export interface Outline {
  title: Partial<Record<ContentLang, string>>
  approvedHours: number
  languages: ContentLang[]
  modules: { id: string; dir: string; title: Partial<Record<ContentLang, string>>; lessons: OutlineLesson[] }[]
  /** The plan's activities as course.yml declares them now (read leniently; the check reports bad ones). */
  activities: { id: string; kind: string; title: Partial<Record<ContentLang, string>>; hours: number; module: string | null }[]
}

function frontmatterOf(source: string): { title?: string; minutes?: number } {
  const match = /^---\n([\s\S]*?)\n---/.exec(source)
  if (!match) return {}
  try {
    const value = parseDocument(match[1]!).toJS() as { title?: unknown; minutes?: unknown }
    return { title: typeof value?.title === 'string' ? value.title : undefined, minutes: typeof value?.minutes === 'number' ? value.minutes : undefined }
  } catch {
    return {}
  }
}

/** The course as the author sees it now, read leniently: a draft may not be valid yet. */
export function outlineOf(copy: WorkingCopy): Outline {
  let yml: { title?: Record<string, string>; hours?: unknown; modules?: { id?: string; title?: Record<string, string> }[]; activities?: unknown } = {}
  try {
    yml = (parseDocument(copy.files.get('course.yml')?.text ?? '').toJS() ?? {}) as typeof yml
  } catch {
    yml = {}
  }
  const modules = modulesOf(copy).map((m) => {
    const byLesson = new Map<string, OutlineLesson>()
    for (const file of copy.files.values()) {
      const at = lessonKeyOf(file.path)
      if (!at || at.moduleId !== m.id || !copy.languages.includes(at.lang as ContentLang)) continue
      const name = file.path.split('/')[2]!
      const lesson = byLesson.get(at.lessonId) ?? {
        id: at.lessonId,
        file: name,
        order: Number(name.slice(0, 2)),
        titles: {},
        minutes: 0,
        langs: [],
        inDraft: false,
        conflict: false,
      }
      const front = frontmatterOf(file.text)
      lesson.titles[at.lang as ContentLang] = front.title ?? name
      if (at.lang === copy.languages[0] || !lesson.minutes) lesson.minutes = front.minutes ?? lesson.minutes
      lesson.langs.push(at.lang as ContentLang)
      lesson.inDraft ||= file.inDraft
      lesson.conflict ||= file.conflict
      byLesson.set(at.lessonId, lesson)
    }
    const title = yml.modules?.find((x) => x?.id === m.id)?.title ?? {}
    return { ...m, title, lessons: [...byLesson.values()].sort((a, b) => a.order - b.order) }
  })
  const activities = (Array.isArray(yml.activities) ? yml.activities : []).flatMap((a: unknown) => {
    const x = (a ?? {}) as { id?: unknown; kind?: unknown; title?: unknown; hours?: unknown; module?: unknown }
    if (typeof x.hours !== 'number' || !(x.hours > 0)) return []
    const title = x.title && typeof x.title === 'object' ? (x.title as Partial<Record<ContentLang, string>>) : {}
    return [{ id: String(x.id ?? ''), kind: String(x.kind ?? ''), title, hours: x.hours, module: typeof x.module === 'string' ? x.module : null }]
  })
  return { title: yml.title ?? {}, approvedHours: typeof yml.hours === 'number' ? yml.hours : 0, languages: copy.languages, modules, activities }
}
