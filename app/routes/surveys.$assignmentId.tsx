import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { SurveyForm, SurveyText, useSubmitting } from '#app/components/survey-form.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { answersToValues, parseAnswers, type AnswerErrors } from '#app/modules/surveys/answer-check.server.ts'
import { findAssignmentForAnswering, saveDraft, submitResponse } from '#app/modules/surveys/answers.server.ts'
import { surveyFormView } from '#app/modules/surveys/form-view.ts'

export const handle: PageHandle = {
  title: (data) => (data as { title?: string } | undefined)?.title,
}

// A teacher answers a survey assigned to them: save a draft, or send. The
// form itself is components/survey-form.tsx, shared with the parents' feedback.

const IntentSchema = z.object({ intent: z.enum(['draft', 'submit']) })

/** The assignment, when it is the reader's own; anyone else gets a 404. */
async function load(args: LoaderFunctionArgs) {
  requireUser(args)
  const { assignmentId } = parseParams(args.params, { assignmentId: Id })
  const assignment = await findAssignmentForAnswering(args.context.work, assignmentId)
  if (!assignment) notFound()
  return assignment
}

export async function loader(args: LoaderFunctionArgs) {
  const assignment = await load(args)
  const locale = resolveLocale(args.request, args.context)
  return {
    title: pickLocalized(assignment.definition.title, locale),
    course: assignment.course ? pickLocalized(assignment.course, locale) : null,
    anonymous: assignment.anonymous,
    submitted: assignment.status === 'submitted',
    hasDraft: Object.keys(assignment.draft).length > 0,
    survey: surveyFormView(assignment.definition, locale),
    values: answersToValues(assignment.draft),
  }
}

interface ActionResult {
  values: Record<string, string[]>
  errors: AnswerErrors
  submitted: boolean
}

const alreadySubmitted = (values: Record<string, string[]>) =>
  data<ActionResult>({ values, errors: { form: ['survey.error.alreadySubmitted'], items: {} }, submitted: true }, { status: 409 })

export async function action(args: ActionFunctionArgs) {
  const assignment = await load(args)
  const form = await args.request.formData()
  const submission = await parseForm(form, IntentSchema)
  invariantResponse(submission.status === 'success', 'error.badRequest.text', { status: 400 })
  const { intent } = submission.value
  const parsed = parseAnswers(assignment.definition, form, { final: intent === 'submit' })
  if (assignment.status === 'submitted') return alreadySubmitted(parsed.values)
  if (parsed.errors) return data<ActionResult>({ values: parsed.values, errors: parsed.errors, submitted: false }, { status: 400 })
  const save = intent === 'draft' ? saveDraft : submitResponse
  const result = await save(args.context.work, assignment.id, parsed.answers)
  if (result.ok) return redirect(intent === 'draft' ? '/surveys?saved=1' : '/surveys?sent=1')
  if (result.error === 'notFound') notFound()
  if (result.error === 'alreadySubmitted') return alreadySubmitted(parsed.values)
  return data<ActionResult>({ values: parsed.values, errors: result.error.invalid, submitted: false }, { status: 400 })
}

export default function AnswerSurvey() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const busy = useSubmitting()

  if (d.submitted || actionData?.submitted) {
    return (
      <section className="page narrow" aria-labelledby="survey-title">
        <h1 id="survey-title">{d.title}</h1>
        {actionData?.submitted ? (
          <p className="form-errors" role="alert">
            {t('survey.error.alreadySubmitted')}
          </p>
        ) : null}
        <p className="notice notice--success" role="status">
          {t('survey.alreadySubmitted')}
        </p>
        <p>
          <Link to="/surveys">{t('survey.backToList')}</Link>
        </p>
      </section>
    )
  }

  const errors = actionData?.errors ?? null
  return (
    <section className="page narrow" aria-labelledby="survey-title">
      {d.course ? <p className="eyebrow">{d.course}</p> : null}
      <h1 id="survey-title">{d.title}</h1>
      {d.anonymous ? <p className="notice">{t('survey.anonymousNote')}</p> : null}
      {d.survey.intro ? <SurveyText as="p" value={d.survey.intro} /> : null}
      {d.hasDraft && !errors ? (
        <p className="notice notice--success" role="status">
          {t('survey.draftRestored')}
        </p>
      ) : null}
      <SurveyForm
        survey={d.survey}
        values={actionData?.values ?? d.values}
        errors={errors}
        textHint
        actions={
          <>
            <button type="submit" name="intent" value="submit" className="button" disabled={busy}>
              {t('survey.submit')}
            </button>
            <button type="submit" name="intent" value="draft" className="button button--secondary" disabled={busy}>
              {t('survey.save')}
            </button>
          </>
        }
      />
    </section>
  )
}
