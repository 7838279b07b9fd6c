import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { z } from 'zod'
import { notFound } from '#app/http/errors.ts'
import { localName } from '#app/i18n/local-name.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { flatLessons, pickLocalized } from '#app/modules/content/manifest.ts'
import { getPublishedCourse } from '#app/modules/courses/catalogue.server.ts'
import type { CheckinLimit } from '#app/modules/parents/checkin-limits.server.ts'
import { CheckinInputSchema, type CheckinError, type CheckinSession } from '#app/modules/parents/checkins.server.ts'
import { parentFeedbackSurvey, recordParentFeedback } from '#app/modules/parents/feedback.server.ts'
import { parseAnswers, type AnswerErrors } from '#app/modules/surveys/answer-check.server.ts'
import { surveyFormView } from '#app/modules/surveys/form-view.ts'
import type { ActionData } from './route.tsx'

// The check-in page's server parts: the answers' headers and statuses, the
// session as the page shows it, and the feedback form's post.

export const NO_STORE = { 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex' }
export const CheckinActionSchema = z.discriminatedUnion('intent', [
  CheckinInputSchema.extend({ intent: z.literal('checkin') }),
  z.object({ intent: z.literal('feedback'), ticket: z.string().regex(/^[A-Za-z0-9_-]{32}$/) }),
])

export const errorStatus: Record<CheckinError, number> = {
  'parents.checkin.error.unknown': 404,
  'parents.checkin.error.expired': 410,
  'parents.checkin.error.full': 409,
  'parents.checkin.error.already': 409,
  'parents.checkin.error.alreadyName': 409,
}

export const ALREADY: CheckinError[] = ['parents.checkin.error.already', 'parents.checkin.error.alreadyName']

/** The 429 answer's headers: no caching, and when to come back. */
export function limitedHeaders(limit: NonNullable<CheckinLimit>) {
  return { ...NO_STORE, 'Retry-After': String(limit.retryAfterMinutes * 60) }
}

export async function describeSession(context: LoaderFunctionArgs['context'], session: CheckinSession, locale: Locale) {
  const course = await getPublishedCourse(context.work, session.course_id)
  const found = course ? flatLessons(course.manifest).find((l) => l.module.id === session.module_id && l.lesson.id === session.lesson_id) : undefined
  const lang: Locale = course && !course.manifest.languages.includes(locale) ? course.manifest.languages[0]! : locale
  return {
    code: session.code,
    school: localName(session, locale),
    series: course ? pickLocalized(course.manifest.title, locale) : '',
    lesson: found ? { text: pickLocalized(found.lesson.title, lang), lang } : null,
    lessonHref: found ? `/parents/${session.course_id}/${session.module_id}/${session.lesson_id}` : null,
    heldOn: session.held_on,
  }
}

export async function feedback(context: ActionFunctionArgs['context'], sessionId: string, ticket: string, form: FormData, locale: Locale) {
  const survey = await parentFeedbackSurvey(context.work)
  if (!survey) notFound()
  const again = (values: Record<string, string[]>, errors: AnswerErrors) =>
    data<ActionData>({ step: 'thanks', ticket, survey: surveyFormView(survey.definition, locale), values, errors }, { status: 400, headers: NO_STORE })
  const parsed = parseAnswers(survey.definition, form, { final: true })
  if (parsed.errors) return again(parsed.values, parsed.errors)
  const result = await recordParentFeedback(context.work, { sessionId, ticket, answers: parsed.answers })
  if (result.ok) return data<ActionData>({ step: 'feedback', error: null }, { headers: NO_STORE })
  if (typeof result.error === 'object') return again(parsed.values, result.error.invalid)
  if (result.error === 'noSurvey') notFound()
  const expired = result.error === 'expired'
  return data<ActionData>(
    { step: 'feedback', error: expired ? 'checkin.feedback.expired' : 'checkin.feedback.already' },
    { status: expired ? 410 : 409, headers: NO_STORE },
  )
}
