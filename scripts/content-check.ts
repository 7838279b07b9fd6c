// npm run content:check — validates every course and parent lesson series under
// content/ and prints each problem as file:line:column. Exits 1 on any problem.
import path from 'node:path'
import { checkCourse } from '#app/modules/content/check.server.ts'
import { compileLesson } from '#app/modules/content/compile-mdx.server.ts'
import { readContent } from '#app/modules/content/source.server.ts'
import { formatProblems } from '#app/modules/content/sync.server.ts'
import { checkSurvey, readSurveys } from '#app/modules/surveys/source.server.ts'

const root = path.resolve(process.argv[2] ?? 'content')
const started = performance.now()
let problems = 0
let lessons = 0
const courses = readContent(root)
const surveys = readSurveys(root)
for (const survey of surveys) {
  const check = checkSurvey(survey)
  if (check.problems.length) {
    problems += check.problems.length
    console.error(formatProblems(check.problems))
  } else {
    console.log(`ok  surveys/${survey.slug}: ${check.definition!.questions.length} questions${check.definition!.anonymous ? ', anonymous' : ''}`)
  }
}
for (const course of courses) {
  const check = await checkCourse(course, { contentRoot: root, compile: compileLesson })
  lessons += check.lessons.length
  if (check.problems.length) {
    problems += check.problems.length
    console.error(formatProblems(check.problems))
  } else {
    console.log(`ok  ${course.kind}/${course.slug}: ${check.lessons.length} lessons, ${check.quizzes.length} quizzes`)
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1)
if (problems) {
  console.error(`\ncontent:check found ${problems} problem(s) in ${courses.length} course(s) (${seconds} s)`)
  process.exit(1)
}
console.log(`\ncontent:check: ${courses.length} course(s), ${lessons} lesson file(s), ${surveys.length} survey(s), no problems (${seconds} s)`)
