import { getCollectionProps, getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseSubmission } from '#app/http/submission.server.ts'
import {
  data,
  MaxPartSizeExceededError,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
} from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { ErrorList, Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { readSmallForm } from '#app/http/multipart.server.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { listTrainers } from '#app/modules/courses/roster.server.ts'
import {
  CHECKLIST_ANSWERS,
  CHECKLIST_ITEMS,
  completedTeachers,
  MAX_IIN_FILE_BYTES,
  readIinFile,
  recordableCohorts,
  recordActivity,
  SUPPORT_KINDS,
  SupportActivitySchema,
  type SupportActivityInput,
  type SupportMessage,
} from '#app/modules/support/activities.server.ts'

export const handle: PageHandle = { title: 'support.new.title' }

// Two steps that work without JavaScript, as on the registration page: choose
// the kind and the cohort (a GET form), then fill in the rest with that
// cohort's teachers to tick and, for an observation, the checklist. The
// server checks everything again; nothing is written unless all of it is good.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { db } = args.context
  const regions = adminRegions(user)
  const params = new URL(args.request.url).searchParams
  const kind = SUPPORT_KINDS.find((k) => k === params.get('kind')) ?? 'mentoring'
  const cohorts = await recordableCohorts(db, { userId: user.id, regions })
  const cohort = cohorts.find((c) => c.id === params.get('cohort')) ?? null
  // Trainers record their own activities; admins say whose it was.
  const namesTrainer = !(regions !== null && regions.length === 0)
  const [teachers, trainers] = await Promise.all([cohort ? completedTeachers(db, cohort.id) : [], namesTrainer ? listTrainers(args.context.work) : null])
  return {
    kinds: SUPPORT_KINDS,
    kind,
    cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })),
    cohort: cohort ? { id: cohort.id, title: cohort.title } : null,
    teachers: teachers.map((t) => ({ id: t.id, fullName: t.full_name, iin: t.iin })),
    trainers,
    defaultTrainerId: cohort?.trainer_id ?? (hasRole(user, 'trainer') ? user.id : undefined),
    today: localIsoDate(now()),
    checklistItems: CHECKLIST_ITEMS,
    answers: CHECKLIST_ANSWERS,
  }
}


export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { context, request } = args
  const locale = resolveLocale(request, context)
  const say = (m: SupportMessage) => translate(locale, m.key, m.params)
  const fileError = (m: SupportMessage) => data({ status: 'error' as const, error: { iinFile: [say(m)] } }, { status: 400 })
  if (Number(request.headers.get('content-length') ?? 0) > MAX_IIN_FILE_BYTES + 256 * 1024) return fileError({ key: 'support.file.tooLarge' })
  let formData: FormData
  try {
    formData = await readSmallForm(request, MAX_IIN_FILE_BYTES)
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return fileError({ key: 'support.file.tooLarge' })
    throw error
  }
  const submission = parseSubmission(formData, { schema: SupportActivitySchema })
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const file = formData.get('iinFile')
  let iinFile: string | undefined
  if (file instanceof File && file.size > 0) {
    const read = readIinFile(new Uint8Array(await file.arrayBuffer()))
    if (!read.ok) return data(submission.reply({ fieldErrors: { iinFile: [say(read.error)] } }), { status: 400 })
    iinFile = read.text
  }
  const result = await recordActivity(context.db, { userId: user.id, regions: adminRegions(user) }, { ...submission.value, iinFile }, context.clientIp)
  if (!result.ok) {
    const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([field, messages]) => [field, messages.map(say)]))
    return data(submission.reply({ fieldErrors, formErrors: result.formErrors.map(say) }), { status: 400 })
  }
  return redirect(`/trainer/support/${result.value.activityId}?recorded=1`)
}

export default function NewSupportActivity() {
  const { kinds, kind, cohorts, cohort, teachers, trainers, defaultTrainerId, today, checklistItems, answers } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const submit = useSubmit()
  const t = useT()
  const [form, fields] = useForm<SupportActivityInput & { iinFile?: File }>({
    id: `support-${kind}-${cohort?.id ?? 'none'}`,
    lastResult,
    defaultValue: { kind, cohortId: cohort?.id, heldOn: today, trainerId: defaultTrainerId },
  })
  const checklist = fields.checklist.getFieldset()
  const step = new URLSearchParams({ kind, ...(cohort ? { cohort: cohort.id } : {}) })
  return (
    <section className="page narrow" aria-labelledby="support-new-title">
      <h1 id="support-new-title">{t('support.new.title')}</h1>

      <Form method="get" className="stack step" aria-labelledby="step-kind">
        <h2 id="step-kind" className="step__title">{t('support.new.step1')}</h2>
        <div className="field">
          <label htmlFor="kind-choice">{t('support.field.kind')}</label>
          <select id="kind-choice" name="kind" defaultValue={kind} onChange={(e) => submit(e.currentTarget.form, { replace: true, preventScrollReset: true })}>
            {kinds.map((k) => (
              <option key={k} value={k}>{t(`support.kind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="cohort-choice">{t('support.field.cohort')}</label>
          <select id="cohort-choice" name="cohort" defaultValue={cohort?.id ?? ''} onChange={(e) => submit(e.currentTarget.form, { replace: true, preventScrollReset: true })}>
            <option value="">{t('support.field.noCohort')}</option>
            {cohorts.map((c) => (
              <option key={c.id} value={c.id}>{c.title}</option>
            ))}
          </select>
        </div>
        <noscript>
          <button type="submit" className="button button--secondary">{t('support.new.continue')}</button>
        </noscript>
      </Form>

      <Form
        method="post"
        encType="multipart/form-data"
        action={`/trainer/support/new?${step}`}
        {...getFormProps(form)}
        className="stack step"
        aria-labelledby="step-details"
      >
        <h2 id="step-details" className="step__title">{t('support.new.step2')}</h2>
        <FormErrors id={form.errorId} errors={form.errors} />
        <input type="hidden" name="kind" value={kind} />
        <FormErrors id={fields.kind.errorId} errors={fields.kind.errors} />
        {cohort ? <input type="hidden" name="cohortId" value={cohort.id} /> : null}
        <FormErrors id={fields.cohortId.errorId} errors={fields.cohortId.errors} />
        <Field
          label={t('support.field.title')}
          errors={fields.title.errors}
          errorId={fields.title.errorId}
          inputProps={{ ...getInputProps(fields.title, { type: 'text' }), required: true, maxLength: 200 }}
        />
        <Field
          label={t('support.field.heldOn')}
          errors={fields.heldOn.errors}
          errorId={fields.heldOn.errorId}
          inputProps={{ ...getInputProps(fields.heldOn, { type: 'date' }), required: true, max: today }}
        />
        {trainers ? (
          <SelectField
            label={t('support.field.trainer')}
            errors={fields.trainerId.errors}
            errorId={fields.trainerId.errorId}
            selectProps={{ ...getSelectProps(fields.trainerId), required: true }}
          >
            <option value="">{t('support.new.chooseTrainer')}</option>
            {trainers.map((u) => (
              <option key={u.id} value={u.id}>{`${u.full_name} · ${u.email}`}</option>
            ))}
          </SelectField>
        ) : null}

        {cohort ? (
          teachers.length ? (
            <fieldset className="question" aria-describedby={fields.participantIds.errors?.length ? fields.participantIds.errorId : undefined}>
              <legend>{t('support.field.cohortTeachers', { cohort: cohort.title })}</legend>
              {getCollectionProps(fields.participantIds, { type: 'checkbox', options: teachers.map((p) => p.id) }).map(({ key, ...props }, i) => (
                <div className="option" key={key}>
                  <input {...props} />
                  <label htmlFor={props.id}>
                    {teachers[i]!.fullName}
                    {teachers[i]!.iin ? <span className="muted"> · {teachers[i]!.iin}</span> : null}
                  </label>
                </div>
              ))}
              <ErrorList id={fields.participantIds.errorId} errors={fields.participantIds.errors} />
            </fieldset>
          ) : (
            <p className="notice">{t('support.field.noCompleted')}</p>
          )
        ) : null}

        <TextareaField
          label={t('support.field.iins')}
          description={t('support.field.iinsHelp')}
          errors={fields.iins.errors}
          errorId={fields.iins.errorId}
          textareaProps={{ ...getTextareaProps(fields.iins), rows: 5 }}
        />
        <Field
          label={t('support.field.iinFile')}
          description={t('support.field.iinFileHelp')}
          errors={fields.iinFile.errors}
          errorId={fields.iinFile.errorId}
          inputProps={{ ...getInputProps(fields.iinFile, { type: 'file' }), accept: '.csv,.txt,text/csv,text/plain' }}
        />

        {kind === 'observation' ? (
          <fieldset className="quiz__questions">
            <legend className="step__title">{t('support.checklist.title')}</legend>
            {checklistItems.map((item) => {
              const { answer, comment } = checklist[item].getFieldset()
              return (
                <fieldset key={item} className="question" aria-describedby={answer.errors?.length ? answer.errorId : undefined}>
                  <legend>{t(`support.checklist.item.${item}`)}</legend>
                  <div className="actions">
                    {getCollectionProps(answer, { type: 'radio', options: [...answers] }).map(({ key, ...props }, i) => (
                      <div className="option" key={key}>
                        <input {...props} required />
                        <label htmlFor={props.id}>{t(`support.checklist.answer.${answers[i]!}`)}</label>
                      </div>
                    ))}
                  </div>
                  <ErrorList id={answer.errorId} errors={answer.errors} />
                  <Field
                    label={t('support.checklist.comment')}
                    errors={comment.errors}
                    errorId={comment.errorId}
                    inputProps={{ ...getInputProps(comment, { type: 'text' }), maxLength: 500 }}
                  />
                </fieldset>
              )
            })}
          </fieldset>
        ) : null}

        <TextareaField
          label={t('support.field.notes')}
          errors={fields.notes.errors}
          errorId={fields.notes.errorId}
          textareaProps={{ ...getTextareaProps(fields.notes), rows: 4, maxLength: 4000 }}
        />
        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('support.new.submit')}
        </button>
      </Form>
    </section>
  )
}
