import fs from 'node:fs'
import path from 'node:path'

// Reads the authored sources of a course: teacher courses and parent lesson
// series, each a course.yml and lessons as <lang>/<NN-module>/<NN-lesson>.mdx.
// The same reading serves files under content/ and a draft written in the app,
// which is a map of the same relative paths.

export interface LessonSource {
  lang: string
  moduleDir: string
  moduleId: string
  moduleOrder: number
  lessonFile: string
  lessonId: string
  lessonOrder: number
  /** Path relative to the content root, for messages. */
  path: string
  source: string
}

export type CourseKind = 'courses' | 'parent-lessons'

export interface CourseSource {
  slug: string
  kind: CourseKind
  /** Relative to the content root. */
  dir: string
  ymlPath: string
  ymlText: string | null
  lessons: LessonSource[]
  /** Files and folders that do not follow the naming rules. */
  strays: string[]
}

/** A course's files by path relative to its folder: course.yml, kk/01-module/01-lesson.mdx. */
export type CourseFileMap = Map<string, string>

export const NUMBERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/
export const COURSE_KINDS: CourseKind[] = ['courses', 'parent-lessons']

export function kindOfAudience(audience: 'teachers' | 'parents'): CourseKind {
  return audience === 'teachers' ? 'courses' : 'parent-lessons'
}

function listDirs(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []
}

/** The files of one course folder on disk; a folder is recorded with a trailing slash when it holds nothing readable. */
export function readCourseFiles(absoluteDir: string): CourseFileMap {
  const files: CourseFileMap = new Map()
  const yml = path.join(absoluteDir, 'course.yml')
  if (fs.existsSync(yml)) files.set('course.yml', fs.readFileSync(yml, 'utf8'))
  for (const lang of listDirs(absoluteDir)) {
    if (lang === 'media') continue
    for (const moduleDir of listDirs(path.join(absoluteDir, lang))) {
      const entries = fs.readdirSync(path.join(absoluteDir, lang, moduleDir), { withFileTypes: true })
      if (!entries.length) files.set(`${lang}/${moduleDir}/`, '')
      for (const entry of entries) {
        const rel = `${lang}/${moduleDir}/${entry.name}`
        files.set(entry.isFile() ? rel : `${rel}/`, entry.isFile() ? fs.readFileSync(path.join(absoluteDir, rel), 'utf8') : '')
      }
    }
  }
  return files
}

/** Reads a course from its files, wherever they came from. */
export function courseFromFiles(kind: CourseKind, slug: string, files: CourseFileMap): CourseSource {
  const dir = path.join(kind, slug)
  const course: CourseSource = { slug, kind, dir, ymlPath: path.join(dir, 'course.yml'), ymlText: files.get('course.yml') ?? null, lessons: [], strays: [] }
  for (const [rel, text] of [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (rel === 'course.yml') continue
    const parts = rel.split('/')
    const [lang, moduleDir, file] = parts
    const m = moduleDir === undefined ? null : NUMBERED.exec(moduleDir)
    if (!m) {
      course.strays.push(path.join(dir, lang!, moduleDir ?? ''))
      continue
    }
    if (parts.length !== 3 || !file) {
      if (rel.endsWith('/') && parts.length === 3) continue // an empty module folder
      course.strays.push(path.join(dir, rel))
      continue
    }
    const l = NUMBERED.exec(file.replace(/\.mdx$/, ''))
    if (!file.endsWith('.mdx') || !l) {
      course.strays.push(path.join(dir, rel))
      continue
    }
    course.lessons.push({
      lang: lang!, moduleDir: moduleDir!, moduleId: m[2]!, moduleOrder: Number(m[1]), lessonFile: file, lessonId: l[2]!, lessonOrder: Number(l[1]),
      path: path.join(dir, rel), source: text,
    })
  }
  course.strays = [...new Set(course.strays)]
  return course
}

/** The files of a course source (course.yml and lessons), the inverse of courseFromFiles. */
export function filesOfCourse(course: CourseSource): CourseFileMap {
  const files: CourseFileMap = new Map()
  if (course.ymlText !== null) files.set('course.yml', course.ymlText)
  for (const l of course.lessons) files.set(`${l.lang}/${l.moduleDir}/${l.lessonFile}`, l.source)
  return files
}

export function readContent(root: string): CourseSource[] {
  const courses: CourseSource[] = []
  for (const kind of COURSE_KINDS) {
    for (const slug of listDirs(path.join(root, kind))) {
      courses.push(courseFromFiles(kind, slug, readCourseFiles(path.join(root, kind, slug))))
    }
  }
  return courses
}
