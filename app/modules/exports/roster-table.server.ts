import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { Roster } from '#app/modules/courses/roster.server.ts'
import type { CsvCell } from '#app/modules/csv/csv-write.server.ts'
import { yieldToServer } from '#app/modules/jobs/jobs.server.ts'
import type { ExportTable } from './download.server.ts'

const ROWS_PER_STEP = 2_000

/**
 * A cohort's roster as a table in the reader's language: progress, lesson
 * counts and best scores as numbers, the last activity as a moment (the
 * writers turn it into a date cell or local ISO text). Built in steps with
 * the event loop free between them.
 */
export async function rosterTable({ quizzes, rows }: Roster, locale: Locale): Promise<ExportTable> {
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
  const row = (r: Roster['rows'][number]): CsvCell[] => [
    r.fullName,
    r.iin ?? '',
    r.email,
    status(r.status),
    r.percent,
    r.lessonsDone,
    r.lessonsTotal,
    ...quizzes.map((q) => r.bestScores[q.id] ?? null),
    r.lastActivityAt ? new Date(r.lastActivityAt) : null,
  ]
  const body: CsvCell[][] = []
  for (let from = 0; from < rows.length; from += ROWS_PER_STEP) {
    if (from) await yieldToServer()
    for (const r of rows.slice(from, from + ROWS_PER_STEP)) body.push(row(r))
  }
  return { header, rows: body }
}
