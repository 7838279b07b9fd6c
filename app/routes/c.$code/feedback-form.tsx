import { Link } from '@remix-run/react'
import { SurveyForm, SurveyText, useSubmitting, type AnswerErrorsView } from '#app/components/survey-form.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { SurveyFormView } from '#app/modules/surveys/form-view.ts'
import type { ActionData } from './route.tsx'

// The optional, anonymous feedback right after a check-in: the parent-feedback
// survey in the one survey form, with the single-use ticket the check-in gave.

interface FeedbackProps {
  ticket: string
  survey: SurveyFormView
  values: Record<string, string[]>
  errors: AnswerErrorsView | null
}

export function FeedbackForm({ ticket, survey, values, errors }: FeedbackProps) {
  const t = useT()
  const busy = useSubmitting()
  return (
    <section className="checkin-feedback" aria-labelledby="feedback-title">
      <SurveyText as="h2" id="feedback-title" value={survey.title} />
      <p>{t('checkin.feedback.optional')}</p>
      <p className="field-description">{t('survey.anonymousNote')}</p>
      {survey.intro ? <SurveyText as="p" value={survey.intro} /> : null}
      <SurveyForm
        survey={survey}
        values={values}
        errors={errors}
        hidden={
          <>
            <input type="hidden" name="intent" value="feedback" />
            <input type="hidden" name="ticket" value={ticket} />
          </>
        }
        actions={
          <button type="submit" className="button" disabled={busy}>
            {t('survey.submit')}
          </button>
        }
      />
    </section>
  )
}

/** After the check-in: thanks, the feedback form (or how the feedback went), and where to go next. */
export function Thanks({ after, lessonHref }: { after: Extract<ActionData, { step: 'thanks' | 'feedback' }>; lessonHref: string | null }) {
  const t = useT()
  return (
    <section className="page narrow checkin" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{t('checkin.thanks.title')}</h1>
      <p className="notice notice--success" role="status">
        {t('checkin.thanks.text')}
      </p>
      {after.step === 'thanks' && after.survey ? (
        <FeedbackForm ticket={after.ticket} survey={after.survey} values={after.values} errors={after.errors} />
      ) : null}
      {after.step === 'feedback' ? (
        after.error ? (
          <p className="form-errors" role="alert">
            {t(after.error)}
          </p>
        ) : (
          <p className="notice notice--success" role="status">
            {t('checkin.feedback.thanks')}
          </p>
        )
      ) : null}
      <p className="checkin__next">
        {lessonHref ? <Link to={lessonHref}>{t('checkin.readLesson')}</Link> : null}
        <Link to="/parents">{t('parentLessons.title')}</Link>
      </p>
    </section>
  )
}
