import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
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
} from '#app/modules/dashboard/targets.server.ts'
import { AddYearForm } from './add-year-form.tsx'
import { TargetCell } from './target-cell.tsx'

// The strategy's national targets, indicators × years, for admins only: each
// cell is its own small form and "add a year" another, all plain posts that
// work without JavaScript. A saved change comes back to the page with a notice;
// a refused one comes back with the reason beside its cell. The rules (and
// their translated messages) live in the module, so there is no client schema.

export const handle: PageHandle = { title: staffTitle('targets.title') }

const NoticeSchema = z.object({
  saved: z
    .string()
    .regex(/^[a-z_]+:\d{4}$/)
    .optional()
    .catch(undefined),
  added: z.coerce.number().int().min(MIN_YEAR).max(MAX_YEAR).optional().catch(undefined),
})

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const { years, rows } = await listTargets(args.context.work)
  const notice = NoticeSchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const [savedMetric, savedYear] = notice.saved?.split(':') ?? []
  const savedRow = rows.find((r) => r.indicator.key === savedMetric)
  const savedCell = savedRow?.cells.find((c) => String(c.year) === savedYear)
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['targets.']),
    years,
    nextYear: nextYear(years, args.context.work.now()),
    limits: { minYear: MIN_YEAR, maxYear: MAX_YEAR, maxValue: MAX_VALUE },
    rows: rows.map((r) => ({
      key: r.indicator.key,
      unit: r.indicator.unit,
      direction: r.indicator.direction,
      cumulative: r.indicator.cumulative,
      cells: r.cells,
    })),
    saved: savedRow && savedCell?.value != null ? { metric: savedRow.indicator.key, year: savedCell.year, value: savedCell.value } : null,
    added: notice.added !== undefined && years.includes(notice.added) ? notice.added : null,
  }
}

const TargetsFormSchema = z.discriminatedUnion('intent', [
  TargetInputSchema.extend({ intent: z.literal('set') }),
  AddYearInputSchema.extend({ intent: z.literal('add-year') }),
])

export async function action(args: ActionFunctionArgs) {
  requireRole(args, 'admin')
  const { work } = args.context
  const submission = await parseForm(args.request, TargetsFormSchema, { disableAutoCoercion: true })
  const { intent, metric, year } = submission.payload
  invariantResponse(intent === 'set' || intent === 'add-year', 'error.badRequest.text', { status: 400 })
  // The form the answer belongs to: add-year, or the cell as the form named it (it may be the thing refused).
  const form = intent === 'add-year' ? 'add-year' : `${String(metric ?? '')}:${String(year ?? '')}`
  if (submission.status !== 'success') return data({ form, result: submission.reply() }, { status: 400 })
  if (submission.value.intent === 'add-year') {
    const result = await addYear(work, { year: submission.value.year })
    if (!result.ok) return data({ form, result: submission.reply({ fieldErrors: result.error }) }, { status: 400 })
    return redirect(`/admin/targets?added=${result.value.year}`)
  }
  const result = await setTarget(work, submission.value)
  if (!result.ok) return data({ form, result: submission.reply({ fieldErrors: result.error }) }, { status: 400 })
  const saved = result.value
  return redirect(`/admin/targets?saved=${saved.metric}:${saved.year}#target-${saved.metric}-${saved.year}`)
}

export type TargetsLoaderData = ReturnType<typeof useLoaderData<typeof loader>>

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
      {added !== null ? (
        <p role="status" className="notice notice--success">
          {t('targets.added', { year: added })}
        </p>
      ) : null}
      <FormErrors errors={strayErrors} />
      {years.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="targets-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('targets.col.indicator')}</th>
                {years.map((y) => (
                  <th key={y} scope="col">
                    {y}
                  </th>
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
