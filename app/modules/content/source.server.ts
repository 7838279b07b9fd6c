import fs from 'node:fs'
import path from 'node:path'

// Reads the authored sources under content/: teacher courses and parent lesson
// series, each a course.yml and lessons as <lang>/<NN-module>/<NN-lesson>.mdx.

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

export interface CourseSource {
  slug: string
  kind: 'courses' | 'parent-lessons'
  /** Relative to the content root. */
  dir: string
  ymlPath: string
  ymlText: string | null
  lessons: LessonSource[]
  /** Files and folders that do not follow the naming rules. */
  strays: string[]
}

const NUMBERED = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)$/

function listDirs(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort() : []
}

export function readContent(root: string): CourseSource[] {
  const courses: CourseSource[] = []
  for (const kind of ['courses', 'parent-lessons'] as const) {
    for (const slug of listDirs(path.join(root, kind))) {
      const dir = path.join(kind, slug)
      const ymlPath = path.join(dir, 'course.yml')
      const absolute = path.join(root, dir)
      const course: CourseSource = {
        slug, kind, dir, ymlPath,
        ymlText: fs.existsSync(path.join(root, ymlPath)) ? fs.readFileSync(path.join(root, ymlPath), 'utf8') : null,
        lessons: [], strays: [],
      }
      for (const lang of listDirs(absolute)) {
        if (lang === 'media') continue
        for (const moduleDir of listDirs(path.join(absolute, lang))) {
          const m = NUMBERED.exec(moduleDir)
          if (!m) {
            course.strays.push(path.join(dir, lang, moduleDir))
            continue
          }
          const files = fs.readdirSync(path.join(absolute, lang, moduleDir)).sort()
          for (const file of files) {
            const l = NUMBERED.exec(file.replace(/\.mdx$/, ''))
            if (!file.endsWith('.mdx') || !l) {
              course.strays.push(path.join(dir, lang, moduleDir, file))
              continue
            }
            const rel = path.join(dir, lang, moduleDir, file)
            course.lessons.push({
              lang, moduleDir, moduleId: m[2]!, moduleOrder: Number(m[1]), lessonFile: file, lessonId: l[2]!, lessonOrder: Number(l[1]),
              path: rel, source: fs.readFileSync(path.join(root, rel), 'utf8'),
            })
          }
        }
      }
      courses.push(course)
    }
  }
  return courses
}
