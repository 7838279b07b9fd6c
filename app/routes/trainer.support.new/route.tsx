import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { IinListFields } from '#app/components/iin-list-fields.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, hasRole, requireRole } from '#app/http/auth.server.ts'
import { readIinListForm, uploadedIinList } from '#app/http/iin-list-form.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { listTrainers } from '#app/modules/courses/roster.server.ts'
import {
  CHECKLIST_ANSWERS,
  CHECKLIST_ITEMS,
  SUPPORT_KINDS,
  SupportActivitySchema,
  type SupportActivityInput,
  type SupportMessage,
} from '#app/modules/support/activity-form.ts'
import { completedTeachers, recordableCohorts, recordActivity } from '#app/modules/support/recording.server.ts'
import { ChecklistFields } from './checklist-fields.tsx'
import { CohortTeachers } from './cohort-teachers.tsx'
import { StepChoice } from './step-choice.tsx'

export const handle: PageHandle = { title: 'support.new.title' }

// Two steps that work without JavaScript, as on the registration page: choose
// the kind and the cohort (a GET form), then fill in the rest with that
// cohort's teachers to tick and, for an observation, the checklist. The
// server checks everything again; nothing is written unless all of it is good.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { work } = args.context
  const regions = adminRegions(user)
  const params = new URL(args.request.url).searchParams
  const kind = SUPPORT_KINDS.find((k) => k === params.get('kind')) ?? 'mentoring'
  const cohorts = await recordableCohorts(work, regions)
  const cohort = cohorts.find((c) => c.id === params.get('cohort')) ?? null
  // Trainers record their own activities; admins say whose it was.
  const namesTrainer = !(regions !== null && regions.length === 0)
  const [teachers, trainers] = await Promise.all([cohort ? completedTeachers(work, cohort.id) : [], namesTrainer ? listTrainers(work) : null])
  return {
    kinds: SUPPORT_KINDS,
    kind,
    cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })),
    cohort: cohort ? { id: cohort.id, title: cohort.title } : null,
    teachers: teachers.map((t) => ({ id: t.id, fullName: t.full_name, iin: t.iin })),
    trainers,
    defaultTrainerId: cohort?.trainer_id ?? (hasRole(user, 'trainer') ? user.id : undefined),
    today: localIsoDate(work.now()),
    checklistItems: CHECKLIST_ITEMS,
    answers: CHECKLIST_ANSWERS,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { context, request } = args
  const locale = resolveLocale(request, context)
  const say = (m: SupportMessage) => translate(locale, m.key, m.params)
  const form = await readIinListForm(request)
  if (!form.ok) return data({ status: 'error' as const, error: { iinFile: [say(form.error)] } }, { status: 400 })
  const submission = await parseForm(form.value, SupportActivitySchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const iinFile = await uploadedIinList(form.value)
  if (!iinFile.ok) return data(submission.reply({ fieldErrors: { iinFile: [say(iinFile.error)] } }), { status: 400 })
  const result = await recordActivity(context.work, adminRegions(user), { ...submission.value, iinFile: iinFile.value })
  if (!result.ok) {
    const fieldErrors = Object.fromEntries(Object.entries(result.error.fieldErrors).map(([field, messages]) => [field, messages.map(say)]))
    return data(submission.reply({ fieldErrors, formErrors: result.error.formErrors.map(say) }), { status: 400 })
  }
  return redirect(`/trainer/support/${result.value.activityId}?recorded=1`)
}

export default function NewSupportActivity() {
  const { kinds, kind, cohorts, cohort, teachers, trainers, defaultTrainerId, today, checklistItems, answers } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const [form, fields] = useForm<SupportActivityInput & { iinFile?: File }>({
    id: `support-${kind}-${cohort?.id ?? 'none'}`,
    lastResult,
    defaultValue: { kind, cohortId: cohort?.id, heldOn: today, trainerId: defaultTrainerId },
  })
  const step = new URLSearchParams({ kind, ...(cohort ? { cohort: cohort.id } : {}) })
  return (
    <section className="page narrow" aria-labelledby="support-new-title">
      <h1 id="support-new-title">{t('support.new.title')}</h1>

      <StepChoice kinds={kinds} kind={kind} cohorts={cohorts} cohortId={cohort?.id ?? null} />

      <Form
        method="post"
        encType="multipart/form-data"
        action={`/trainer/support/new?${step}`}
        {...getFormProps(form)}
        className="stack step"
        aria-labelledby="step-details"
      >
        <h2 id="step-details" className="step__title">
          {t('support.new.step2')}
        </h2>
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

        {cohort ? <CohortTeachers participantIds={fields.participantIds} cohortTitle={cohort.title} teachers={teachers} /> : null}

        <IinListFields
          iins={fields.iins}
          iinFile={fields.iinFile}
          label={t('support.field.iins')}
          description={t('support.field.iinsHelp')}
          fileLabel={t('support.field.iinFile')}
          fileDescription={t('support.field.iinFileHelp')}
        />

        {kind === 'observation' ? <ChecklistFields checklist={fields.checklist} items={checklistItems} answers={answers} /> : null}

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
