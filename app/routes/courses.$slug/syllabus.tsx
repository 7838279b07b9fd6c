import { useLoaderData } from '@remix-run/react'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { loader } from './route.tsx'

// The course's modules and lessons, with each lesson's quizzes and, for an enrolled teacher, what is still locked.

export function Syllabus() {
  const { course, outlook } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const l = (value: Partial<Record<string, string>>) => pickLocalized(value, locale)
  const quizLabel = (kind: string) => t(kind === 'final' ? 'course.quiz.final' : kind === 'diagnostic' ? 'course.quiz.diagnostic' : 'course.quiz.module')
  return (
    <>
      <h2 id="syllabus-title">{t('course.syllabus')}</h2>
      <ol className="syllabus" aria-labelledby="syllabus-title">
        {course.modules.map((m) => (
          <li key={m.id}>
            <h3>{l(m.title)}</h3>
            <ol>
              {m.lessons.map((lesson) => {
                const lock = outlook?.locks[`${m.id}/${lesson.id}`]
                return (
                  <li key={lesson.id}>
                    {l(lesson.title)} <span className="muted">· {t('course.minutes', { minutes: lesson.minutes })}</span>
                    {lesson.quizzes.map((q) => (
                      <span key={q.id} className="tag">
                        {quizLabel(q.kind)}
                      </span>
                    ))}
                    {lock ? (
                      <span className="muted"> · {t(lock === 'diagnosticFirst' ? 'course.locked.diagnosticFirst' : 'course.locked.finalExamLast')}</span>
                    ) : null}
                  </li>
                )
              })}
            </ol>
          </li>
        ))}
      </ol>
    </>
  )
}
