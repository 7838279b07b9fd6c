import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getFormProps, getInputProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseSubmission } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Field, FormErrors } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import {
  addYear,
  AddYearInputSchema,
  listTargets,
  MAX_VALUE,
  MAX_YEAR,
  MIN_YEAR,
  nextYear,
  setTarget,
  TargetInputSchema,
} from '#app/modules/metrics/targets.server.ts'

// The strategy's national targets, indicators × years, for admins only: each
// cell is its own small form and "add a year" another, all plain posts that
// work without JavaScript. A saved change comes back to the page with a notice;
// a refused one comes back with the reason beside its cell. The rules (and
// their translated messages) live in the module, so there is no client schema.

export const handle: PageHandle = { title: staffTitle('targets.title') }

const NoticeSchema = z.object({
  saved: z.string().regex(/^[a-z_]+:\d{4}$/).optional().catch(undefined),
  added: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const { years, rows } = await listTargets(args.context.db)
  const notice = NoticeSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const [savedMetric, savedYear] = notice.saved?.split(':') ?? []
  const savedRow = rows.find((r) => r.indicator.key === savedMetric)
  const savedCell = savedRow?.cells.find((c) => String(c.year) === savedYear)
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['targets.']),
    years,
    nextYear: nextYear(years, now()),
    limits: { minYear: MIN_YEAR, maxYear: MAX_YEAR, maxValue: MAX_VALUE },
    rows: rows.map((r) => ({ key: r.indicator.key, unit: r.indicator.unit, direction: r.indicator.direction, cumulative: r.indicator.cumulative, cells: r.cells })),
    saved: savedRow && savedCell?.value != null ? { metric: savedRow.indicator.key, year: savedCell.year, value: savedCell.value } : null,
    added: notice.added !== undefined && years.includes(notice.added) ? notice.added : null,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin')
  const { context, request } = args
  const formData = await request.formData()
  const intent = formData.get('intent')
  invariantResponse(intent === 'set' || intent === 'add-year', 'error.badRequest.text', { status: 400 })
  if (intent === 'add-year') {
    const submission = parseSubmission(formData, { schema: AddYearInputSchema, disableAutoCoercion: true })
    if (submission.status !== 'success') return data({ form: 'add-year', result: submission.reply() }, { status: 400 })
    const result = await addYear(context.db, { actorUserId: user.id, year: submission.value.year, ip: context.clientIp })
    if (!result.ok) return data({ form: 'add-year', result: submission.reply({ fieldErrors: result.fieldErrors }) }, { status: 400 })
    return redirect(`/admin/targets?added=${result.value.year}`)
  }
  // The cell the answer belongs to, as the form named it (it may be the thing refused).
  const cell = `${String(formData.get('metric') ?? '')}:${String(formData.get('year') ?? '')}`
  const submission = parseSubmission(formData, { schema: TargetInputSchema, disableAutoCoercion: true })
  if (submission.status !== 'success') return data({ form: cell, result: submission.reply() }, { status: 400 })
  const result = await setTarget(context.db, { actorUserId: user.id, ...submission.value, ip: context.clientIp })
  if (!result.ok) return data({ form: cell, result: submission.reply({ fieldErrors: result.fieldErrors }) }, { status: 400 })
  const { metric, year } = result.value
  return redirect(`/admin/targets?saved=${metric}:${year}#target-${metric}-${year}`)
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number]

type Limits = ReturnType<typeof useLoaderData<typeof loader>>['limits']

function TargetCell({ row, year, value, limits, lastResult }: { row: Row; year: number; value: number | null; limits: Limits; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const navigation = useNavigation()
  const indicator = t(`targets.indicator.${row.key}`)
  const id = `target-${row.key}-${year}`
  const [form, fields] = useForm<{ metric: string; year: string; value: string }>({ id, lastResult, defaultValue: { value: value === null ? '' : String(value) } })
  const busy = navigation.state === 'submitting' && navigation.formData?.get('metric') === row.key && navigation.formData?.get('year') === String(year)
  // Errors about the hidden fields (a tampered indicator or year) belong to the whole cell.
  const cellErrors = [...(form.errors ?? []), ...(fields.metric.errors ?? []), ...(fields.year.errors ?? [])]
  return (
    <td>
      {/* Not a named landmark: the page would have dozens. The field and its button carry the cell's name. */}
      <Form method="post" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="set" />
        <input type="hidden" name="metric" value={row.key} />
        <input type="hidden" name="year" value={year} />
        <FormErrors id={form.errorId} errors={cellErrors} />
        <label htmlFor={fields.value.id} className="visually-hidden">{t('targets.cellLabel', { indicator, year })}</label>
        <input
          {...getInputProps(fields.value, { type: 'number' })}
          key={fields.value.key}
          required
          min={0}
          max={limits.maxValue}
          step={1}
          inputMode="numeric"
          // No stylesheet of its own: wide enough for nine digits, and a fixed
          // width so that a narrow screen scrolls the table rather than squeezing it.
          className="target-input"
          aria-describedby={fields.value.errors ? fields.value.errorId : undefined}
        />
        <ErrorList id={fields.value.errorId} errors={fields.value.errors} />
        <button type="submit" disabled={busy} aria-label={t('targets.saveFor', { indicator, year })} className="button button--secondary target-save">
          {t('targets.save')}
        </button>
      </Form>
    </td>
  )
}

function AddYearForm({ next, latest, limits, lastResult }: { next: number; latest: number | undefined; limits: Limits; lastResult?: SubmissionResult<string[]> }) {
  const t = useT()
  const navigation = useNavigation()
  const [form, fields] = useForm({ id: 'add-year', lastResult, defaultValue: { year: String(next) } })
  return (
    <Form method="post" {...getFormProps(form)} className="stack" aria-labelledby="add-year-title">
      <h2 id="add-year-title">{t('targets.addYear.title')}</h2>
      {latest !== undefined ? <p>{t('targets.addYear.description', { latest })}</p> : null}
      <input type="hidden" name="intent" value="add-year" />
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field
        label={t('targets.addYear.year')}
        errors={fields.year.errors}
        errorId={fields.year.errorId}
        inputProps={{ ...getInputProps(fields.year, { type: 'number' }), required: true, min: limits.minYear, max: limits.maxYear, step: 1, inputMode: 'numeric', style: { maxWidth: '10rem' } }}
      />
      <button type="submit" className="button" disabled={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'add-year'}>
        {t('targets.addYear.submit')}
      </button>
    </Form>
  )
}

export default withStaffMessages(TargetsPage)

function TargetsPage() {
  const { years, nextYear: next, limits, rows, saved, added } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  // A refused post about a cell the table does not show (a tampered indicator or year) is answered at the top.
  const shown = actionData && (actionData.form === 'add-year' || rows.some((r) => r.cells.some((c) => actionData.form === `${r.key}:${c.year}`)))
  const strayErrors = actionData && !shown ? Object.values(actionData.result.error ?? {}).flatMap((e) => e ?? []) : []
  return (
    <section aria-labelledby="targets-title" className="stack">
      <h1 id="targets-title">{t('targets.title')}</h1>
      <p>{t('targets.intro')}</p>
      {saved ? (
        <p role="status" className="notice notice--success">
          {t('targets.saved', { indicator: t(`targets.indicator.${saved.metric}`), year: saved.year, value: f.number(saved.value) })}
        </p>
      ) : null}
      {added !== null ? <p role="status" className="notice notice--success">{t('targets.added', { year: added })}</p> : null}
      <FormErrors errors={strayErrors} />
      {years.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="targets-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('targets.col.indicator')}</th>
                {years.map((y) => (
                  <th key={y} scope="col">{y}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key}>
                  <th scope="row" className="target-indicator">
                    {t(`targets.indicator.${row.key}`)}
                    <br />
                    <span className="muted">
                      {t('targets.direction', { number: row.direction })} · {t('targets.unitLabel', { unit: t(`targets.unit.${row.unit}`) })}
                      <br />
                      {row.cumulative ? t('targets.cumulative') : t('targets.perYear')}
                    </span>
                  </th>
                  {row.cells.map((cell) => (
                    <TargetCell
                      // A saved value remounts its form, so the field shows what is stored.
                      key={`${cell.year}:${cell.value ?? ''}`}
                      row={row}
                      year={cell.year}
                      value={cell.value}
                      limits={limits}
                      lastResult={actionData?.form === `${row.key}:${cell.year}` ? actionData.result : undefined}
                    />
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('targets.noYears')}</p>
      )}
      <AddYearForm next={next} latest={years.at(-1)} limits={limits} lastResult={actionData?.form === 'add-year' ? actionData.result : undefined} />
    </section>
  )
}
