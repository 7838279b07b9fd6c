import fs from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument, isNode, type Document } from 'yaml'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import type { CompiledLesson, FailedLesson } from './compile-mdx.server.ts'
import { hoursSummary } from '#app/modules/content/hours.ts'
import { CourseYamlSchema, type CourseManifest, type ManifestModule, type QuizKey } from './manifest.ts'
import type { CourseSource, LessonSource } from './source.server.ts'

export interface FileProblem {
  file: string
  line: number
  column: number
  message: string
  /** As in ContentProblem: the problem in the catalogue, for an author's language. */
  key?: MessageKey
  params?: Record<string, string | number>
}

export interface CheckedLesson {
  lesson: LessonSource
  compiled: CompiledLesson
}

export interface CourseCheck {
  slug: string
  kind: CourseSource['kind']
  problems: FileProblem[]
  manifest: CourseManifest | null
  lessons: CheckedLesson[]
  quizzes: { key: QuizKey; moduleId: string; lessonId: string }[]
}

export type Compile = (source: string) => Promise<CompiledLesson | FailedLesson>

export interface CheckOptions {
  contentRoot: string
  compile: Compile
  /** Surveys a course may name; by default the files under content/surveys. */
  surveyExists?: (slug: string) => boolean
  /**
   * The ids of the course's uploaded media (links /files/<id>/<name>). Without
   * it (content:check has no database) a well-formed upload link is accepted.
   */
  uploadedMedia?: Set<string>
}

const UPLOAD_LINK = /^\/files\/([A-Za-z0-9_-]{8,40})\/[^/?#]+$/

function lineOf(doc: Document, counter: LineCounter, pathParts: (string | number)[]): number {
  for (let n = pathParts.length; n > 0; n--) {
    const node = doc.getIn(pathParts.slice(0, n), true)
    if (isNode(node) && node.range) return counter.linePos(node.range[0]).line
  }
  return 1
}

/**
 * Checks one course completely: course.yml against its schema, the folder
 * layout, every lesson compiled, both languages present and in step (the same
 * lessons, the same quizzes with the same answers), links to media that exist.
 */
export async function checkCourse(course: CourseSource, options: CheckOptions): Promise<CourseCheck> {
  const problems: FileProblem[] = []
  const result: CourseCheck = { slug: course.slug, kind: course.kind, problems, manifest: null, lessons: [], quizzes: [] }
  const add = (file: string, line: number, message: string, column = 1) => problems.push({ file, line, column, message })

  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(course.slug)) add(course.dir, 1, 'a course folder name is lower-case latin letters, digits and hyphens')
  for (const stray of course.strays) add(stray, 1, 'not a lesson: folders are <NN-module> and files <NN-lesson>.mdx (two digits, a hyphen, lower-case latin id)')
  if (course.ymlText === null) {
    add(course.ymlPath, 1, 'course.yml is missing')
    return result
  }
  const counter = new LineCounter()
  const doc = parseDocument(course.ymlText, { lineCounter: counter, prettyErrors: true })
  if (doc.errors.length) {
    for (const e of doc.errors) add(course.ymlPath, e.linePos?.[0].line ?? 1, `YAML: ${e.message.split('\n')[0]}`, e.linePos?.[0].col ?? 1)
    return result
  }
  const parsed = CourseYamlSchema.safeParse(doc.toJS())
  if (!parsed.success) {
    for (const issue of parsed.error.issues) add(course.ymlPath, lineOf(doc, counter, issue.path), `${issue.path.join('.') || 'course.yml'}: ${issue.message}`)
    return result
  }
  const yml = parsed.data
  const expectedAudience = course.kind === 'courses' ? 'teachers' : 'parents'
  if (yml.audience !== expectedAudience) add(course.ymlPath, lineOf(doc, counter, ['audience']), `audience must be ${expectedAudience} under content/${course.kind}`)

  // Layout: every declared language has every module and the same lessons.
  const langs = yml.languages
  for (const lang of new Set(course.lessons.map((l) => l.lang))) {
    if (!langs.includes(lang as never)) add(path.join(course.dir, lang), 1, `language folder "${lang}" is not in course.yml languages`)
  }
  const moduleIds = yml.modules.map((m) => m.id)
  for (const l of course.lessons) {
    if (!moduleIds.includes(l.moduleId)) add(path.join(course.dir, l.lang, l.moduleDir), 1, `module "${l.moduleId}" is not listed in course.yml modules`)
  }
  const [primary] = langs
  for (const module of yml.modules) {
    for (const lang of langs) {
      if (!course.lessons.some((l) => l.lang === lang && l.moduleId === module.id)) {
        add(course.ymlPath, lineOf(doc, counter, ['modules', moduleIds.indexOf(module.id), 'id']), `module "${module.id}" has no lessons in ${lang}/ (missing translation or folder)`)
      }
    }
  }
  const key = (l: LessonSource) => `${l.moduleId}/${l.lessonId}`
  for (const l of course.lessons) {
    for (const lang of langs) {
      if (lang !== l.lang && !course.lessons.some((o) => o.lang === lang && key(o) === key(l))) {
        add(l.path, 1, `missing translation: no ${lang}/${l.moduleDir}/${l.lessonFile}`)
      }
    }
  }

  // Compile every lesson.
  const compiled = new Map<string, CompiledLesson>()
  for (const lesson of course.lessons) {
    if (!langs.includes(lesson.lang as never)) continue
    const out = await options.compile(lesson.source)
    if (!out.ok) {
      for (const p of out.problems) problems.push({ file: lesson.path, ...p })
      continue
    }
    compiled.set(`${lesson.lang}/${key(lesson)}`, out)
    result.lessons.push({ lesson, compiled: out })
    for (const link of out.links) {
      if (link.url.startsWith('/media/')) {
        const file = path.join(options.contentRoot, 'media', decodeURIComponent(link.url.slice('/media/'.length).split(/[?#]/)[0]!))
        if (!file.startsWith(path.join(options.contentRoot, 'media')) || !fs.existsSync(file)) add(lesson.path, link.line, `broken link: ${link.url} is not in content/media`)
      } else if (link.url.startsWith('/files/')) {
        const id = UPLOAD_LINK.exec(link.url)?.[1]
        if (!id || (options.uploadedMedia && !options.uploadedMedia.has(id))) add(lesson.path, link.line, `broken link: ${link.url} is not in this course's media library`)
      } else if (!/^\/(courses|parent-lessons|verify)(\/|$)/.test(link.url)) {
        add(lesson.path, link.line, `broken link: ${link.url} is not a page of the site`)
      }
    }
    if (lesson.lang === primary) {
      for (const quiz of out.quizzes) {
        if (result.quizzes.some((q) => q.key.id === quiz.id)) add(lesson.path, 1, `the quiz id "${quiz.id}" is used in another lesson of this course`)
        result.quizzes.push({ key: quiz, moduleId: lesson.moduleId, lessonId: lesson.lessonId })
      }
    }
  }
  if (problems.length) return result

  // The languages must grade the same: same quizzes, questions, options and answers.
  for (const lesson of course.lessons.filter((l) => l.lang === primary)) {
    const base = compiled.get(`${primary}/${key(lesson)}`)!
    for (const lang of langs.slice(1)) {
      const other = compiled.get(`${lang}/${key(lesson)}`)
      const otherPath = course.lessons.find((l) => l.lang === lang && key(l) === key(lesson))?.path ?? lesson.path
      if (!other) continue
      if (JSON.stringify(other.quizzes) !== JSON.stringify(base.quizzes)) {
        add(otherPath, 1, `quizzes differ from ${primary}/${lesson.moduleDir}/${lesson.lessonFile} (ids, options or correct answers): every language must grade the same`)
      }
    }
  }
  for (const slug of [yml.surveys?.pre, yml.surveys?.end?.survey, ...(yml.surveys?.followup ?? []).map((f) => f.survey)]) {
    const exists = options.surveyExists ?? ((s: string) => fs.existsSync(path.join(options.contentRoot, 'surveys', `${s}.yml`)))
    if (slug && !exists(slug)) add(course.ymlPath, lineOf(doc, counter, ['surveys']), `survey "${slug}" is not in content/surveys`)
  }
  if (course.kind === 'courses' && yml.completion.final_exam && !result.quizzes.some((q) => q.key.kind === 'final')) {
    add(course.ymlPath, lineOf(doc, counter, ['completion', 'final_exam']), 'completion needs a final exam, but no lesson has <Quiz kind="final">')
  }
  if (yml.order?.diagnostic_first && !result.quizzes.some((q) => q.key.kind === 'diagnostic')) {
    add(course.ymlPath, lineOf(doc, counter, ['order', 'diagnostic_first']), 'order.diagnostic_first needs a lesson with <Quiz kind="diagnostic">')
  }
  if (yml.order?.final_exam_after.length && !result.quizzes.some((q) => q.key.kind === 'final')) {
    add(course.ymlPath, lineOf(doc, counter, ['order', 'final_exam_after']), 'order.final_exam_after needs a lesson with <Quiz kind="final">')
  }
  if (problems.length) return result

  const modules: ManifestModule[] = yml.modules.map((m) => ({
    id: m.id,
    title: m.title,
    lessons: course.lessons
      .filter((l) => l.lang === primary && l.moduleId === m.id)
      .sort((a, b) => a.lessonOrder - b.lessonOrder)
      .map((l) => {
        const base = compiled.get(`${primary}/${key(l)}`)!
        const title = Object.fromEntries(langs.map((lang) => [lang, compiled.get(`${lang}/${key(l)}`)?.frontmatter.title ?? base.frontmatter.title]))
        return {
          id: l.lessonId,
          title,
          minutes: base.frontmatter.minutes,
          quizzes: base.quizzes.map((q) => ({ id: q.id, kind: q.kind, questions: q.questions.length })),
          reflections: base.reflections,
        }
      }),
  }))
  // The plan must account for the approved hours: a teacher's certificate states them.
  if (yml.audience === 'teachers') {
    const plan = hoursSummary(modules, yml.hours, yml.activities ?? [])
    if (plan.difference !== 0) {
      const tenth = (hours: number) => Math.round(hours * 10) / 10
      const params = { planned: tenth(plan.hours), approved: yml.hours, lessons: tenth(plan.lessonHours), activities: tenth(plan.activityHours), gap: tenth(Math.abs(plan.difference)) }
      problems.push({
        file: course.ymlPath,
        line: lineOf(doc, counter, ['hours']),
        column: 1,
        message: `the plan accounts for ${params.planned} of ${params.approved} academic hours (lessons ${params.lessons}, activities ${params.activities}): ${params.gap} ${plan.difference < 0 ? 'short' : 'over'}; declare the webinars, practice and assignments under activities, or correct the lessons' minutes`,
        key: plan.difference < 0 ? 'authoring.plan.short' : 'authoring.plan.over',
        params,
      })
      return result
    }
  }
  result.manifest = {
    slug: course.slug,
    audience: yml.audience,
    title: yml.title,
    summary: yml.summary,
    hours: yml.hours,
    languages: langs,
    approval: yml.approval ?? null,
    completion: yml.completion,
    assessment: yml.assessment ?? null,
    surveys: yml.surveys ?? null,
    order: yml.order ?? null,
    modules,
    activities: yml.activities ?? [],
  }
  return result
}
