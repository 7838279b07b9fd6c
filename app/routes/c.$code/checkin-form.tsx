import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { Form, Link, useNavigation } from '@remix-run/react'
import { CHECKIN_CODE_WORDS, CodeEntryForm } from '#app/components/code-entry-form.tsx'
import { Field } from '#app/components/forms.tsx'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import type { Text } from '#app/modules/surveys/form-view.ts'

// What a parent sees of a session before checking in, and the check-in form:
// a name and a phone, both optional.

export function SessionFacts({ session }: { session: { school: string; series: string; lesson: Text | null; heldOn: string } }) {
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <dl className="details checkin__facts">
      <dt>{t('checkin.school')}</dt>
      <dd>{session.school}</dd>
      <dt>{t('checkin.lesson')}</dt>
      <dd>
        {session.lesson ? <span lang={session.lesson.lang === locale ? undefined : session.lesson.lang}>{session.lesson.text}</span> : null}
        {session.series ? <span className="checkin__series"> {session.series}</span> : null}
      </dd>
      <dt>{t('checkin.date')}</dt>
      <dd>{f.date(`${session.heldOn}T12:00:00Z`)}</dd>
    </dl>
  )
}

export function CheckinForm({ code, user, lastResult }: { code: string; user: { name: string } | null; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm<{ name: string; phone: string }>({ id: 'checkin', lastResult, defaultValue: { name: user?.name ?? '' } })
  return (
    <>
      <p>{t('checkin.intro')}</p>
      {user ? (
        <p className="notice">{t('checkin.linked', { name: user.name })}</p>
      ) : (
        <p>
          <Link to={`/login?redirectTo=${encodeURIComponent(`/c/${code}`)}`}>{t('checkin.loginHint')}</Link>
        </p>
      )}
      <Form method="post" {...getFormProps(form)} className="stack">
        <input type="hidden" name="intent" value="checkin" />
        <Field
          label={t('checkin.name')}
          errors={fields.name.errors}
          errorId={fields.name.errorId}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name', maxLength: 120 }}
        />
        <Field
          label={t('checkin.phone')}
          description={t('checkin.phoneHint')}
          errors={fields.phone.errors}
          errorId={fields.phone.errorId}
          inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'tel', maxLength: 30 }}
        />
        <button type="submit" className="button checkin__submit" disabled={navigation.state === 'submitting'}>
          {t('checkin.submit')}
        </button>
      </Form>
    </>
  )
}

/** Too many codes tried from this address (or, under attack, the whole site): when to come back. */
export function Limited({ reason, minutes }: { reason: 'address' | 'site'; minutes: number }) {
  const t = useT()
  return (
    <section className="page narrow checkin" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{t('checkin.limited.title')}</h1>
      <p className="form-errors" role="alert">
        {t(reason === 'site' ? 'checkin.limited.site' : 'checkin.limited.address', { minutes })}
      </p>
      <p>{t('checkin.limited.note')}</p>
      <p>
        <Link to="/parents">{t('parentLessons.title')}</Link>
      </p>
    </section>
  )
}

/** No session has this code: say so, and offer the code form again. */
export function UnknownCode({ code }: { code: string }) {
  const t = useT()
  return (
    <section className="page narrow checkin" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{t('checkin.unknown.title')}</h1>
      <p className="form-errors" role="alert">
        {t('parents.checkin.error.unknown')}
      </p>
      <h2>{t('checkin.tryAgain')}</h2>
      <CodeEntryForm action="/c" id="checkin-code" words={CHECKIN_CODE_WORDS} typed={code} className="checkin-code" />
    </section>
  )
}
