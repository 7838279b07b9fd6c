import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormErrors, SelectField, TextareaField } from '#app/components/forms.tsx'
import { IinListFields } from '#app/components/iin-list-fields.tsx'
import { readIinListForm, uploadedIinList } from '#app/http/iin-list-form.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { staffMessagesFor, translate } from '#app/i18n/catalog.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { canRecordIn, EVENT_KINDS, EventInputSchema, recordEvent, type EventInput, type EventMessage } from '#app/modules/events/events.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: staffTitle('events.new.title') }

// One plain multipart form that works without JavaScript: the event, then its
// participants as a pasted list of IINs and/or an uploaded file. The server
// checks everything; nothing is written unless all of it is good, and every
// bad line comes back beside its field with its line number.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const allowed = adminRegions(user)
  const regions = await listRegions(args.context.work)
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['events.']),
    kinds: EVENT_KINDS,
    regions: regions
      .filter((r) => allowed === null || allowed.includes(r.code))
      .map((r) => ({ code: r.code, name_kk: r.name_kk, name_ru: r.name_ru, name_en: r.name_en })),
    // Admins may record a national event (no region); regional admins always name theirs.
    national: allowed === null,
    today: localIsoDate(args.context.work.now()),
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const locale = resolveLocale(request, context)
  const say = (m: EventMessage) => translate(locale, m.key, m.params)
  const form = await readIinListForm(request)
  if (!form.ok) return data({ status: 'error' as const, error: { iinFile: [say(form.error)] } }, { status: 400 })
  const submission = await parseForm(form.value, EventInputSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const regions = adminRegions(user)
  // The form offers only the actor's regions: naming another is not a mistake to correct.
  const regionCode = submission.value.regionCode || null
  invariantResponse(regionCode === null || canRecordIn(regions, regionCode), 'error.forbidden.text', { status: 403 })
  const iinFile = await uploadedIinList(form.value)
  if (!iinFile.ok) return data(submission.reply({ fieldErrors: { iinFile: [say(iinFile.error)] } }), { status: 400 })
  const result = await recordEvent(context.work, regions, { ...submission.value, iinFile: iinFile.value })
  if (!result.ok) {
    const fieldErrors = Object.fromEntries(Object.entries(result.error.fieldErrors).map(([field, messages]) => [field, messages.map(say)]))
    return data(submission.reply({ fieldErrors, formErrors: result.error.formErrors.map(say) }), { status: 400 })
  }
  return redirect(`/admin/events/${result.value.eventId}?recorded=1`)
}

export default withStaffMessages(NewEventPage)

function NewEventPage() {
  const { kinds, regions, national, today } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm<EventInput & { iinFile?: File }>({
    id: 'new-event',
    lastResult,
    defaultValue: { heldOn: today, regionCode: !national && regions.length === 1 ? regions[0]!.code : undefined },
  })
  return (
    <section className="page narrow" aria-labelledby="new-event-heading">
      <h1 id="new-event-heading">{t('events.new.title')}</h1>
      <p>{t('events.new.intro')}</p>

      <Form method="post" encType="multipart/form-data" {...getFormProps(form)} className="stack">
        <FormErrors id={form.errorId} errors={form.errors} />
        <fieldset className="question stack">
          <legend className="step__title">{t('events.new.details')}</legend>
          <Field
            label={t('events.field.title')}
            errors={fields.title.errors}
            errorId={fields.title.errorId}
            inputProps={{ ...getInputProps(fields.title, { type: 'text' }), required: true, maxLength: 200 }}
          />
          <SelectField
            label={t('events.field.kind')}
            errors={fields.kind.errors}
            errorId={fields.kind.errorId}
            selectProps={{ ...getSelectProps(fields.kind), required: true }}
          >
            <option value="">{t('events.field.chooseKind')}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`events.kind.${k}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('events.field.heldOn')}
            errors={fields.heldOn.errors}
            errorId={fields.heldOn.errorId}
            inputProps={{ ...getInputProps(fields.heldOn, { type: 'date' }), required: true, max: today }}
          />
          <SelectField
            label={t('events.field.region')}
            errors={fields.regionCode.errors}
            errorId={fields.regionCode.errorId}
            selectProps={{ ...getSelectProps(fields.regionCode), required: !national }}
          >
            <option value="">{t(national ? 'events.field.nationalOption' : 'events.field.chooseRegion')}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localName(r, locale)}
              </option>
            ))}
          </SelectField>
          <TextareaField
            label={t('events.field.notes')}
            errors={fields.notes.errors}
            errorId={fields.notes.errorId}
            textareaProps={{ ...getTextareaProps(fields.notes), rows: 3, maxLength: 4000 }}
          />
        </fieldset>

        <fieldset className="question stack">
          <legend className="step__title">{t('events.new.participants')}</legend>
          <IinListFields
            iins={fields.iins}
            iinFile={fields.iinFile}
            label={t('events.field.iins')}
            description={national ? t('events.field.iinsHelp') : `${t('events.field.iinsHelp')} ${t('events.field.iinsRegionHelp')}`}
            fileLabel={t('events.field.iinFile')}
            fileDescription={t('events.field.iinFileHelp')}
          />
        </fieldset>

        <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
          {t('events.new.submit')}
        </button>
      </Form>
    </section>
  )
}
