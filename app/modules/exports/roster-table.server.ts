import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { Roster } from '#app/modules/courses/roster.server.ts'
import type { ExportTable } from './download.server.ts'

/**
 * A cohort's roster as a table in the reader's language: progress, lesson
 * counts and best scores as numbers, the last activity as a moment (the
 * writers turn it into a date cell or local ISO text).
 */
export function rosterTable({ quizzes, rows }: Roster, locale: Locale): ExportTable {
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values)
  const header = [
    t('auth.field.fullName'),
    t('auth.field.iin'),
    t('auth.field.email'),
    t('cohort.roster.status'),
    t('cohort.csv.progress'),
    t('cohort.csv.lessonsDone'),
    t('cohort.csv.lessonsTotal'),
    ...quizzes.map((q) =>
      t('cohort.csv.score', {
        quiz: q.kind === 'final' ? t('cohort.roster.finalExam') : t('cohort.roster.moduleQuiz', { module: pickLocalized(q.moduleTitle, locale) }),
      }),
    ),
    t('cohort.roster.lastActivity'),
  ]
  const statuses = new Map<string, string>()
  const status = (value: Roster['rows'][number]['status']) => {
    let text = statuses.get(value)
    if (text === undefined) statuses.set(value, (text = t(`cohort.enrolment.${value}`)))
    return text
  }
  return {
    header,
    rows: rows.map((r) => [
      r.fullName,
      r.iin ?? '',
      r.email,
      status(r.status),
      r.percent,
      r.lessonsDone,
      r.lessonsTotal,
      ...quizzes.map((q) => r.bestScores[q.id] ?? null),
      r.lastActivityAt ? new Date(r.lastActivityAt) : null,
    ]),
  }
}
