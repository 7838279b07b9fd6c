import { Form, useLocation } from '@remix-run/react'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import type { IndicatorKey } from '#app/modules/metrics/keys.ts'

// Chooses the indicator a map or a chart shows: a plain GET form that keeps
// the page's other choices in hidden fields and comes back to its own section
// (the address's #fragment), with or without JavaScript.

export function IndicatorPicker({
  name,
  label,
  value,
  options,
  keep,
  section,
}: {
  name: 'map' | 'chart'
  label: MessageKey
  value: IndicatorKey
  options: readonly IndicatorKey[]
  /** The page's other query parameters. */
  keep: Record<string, string | number | null | undefined>
  /** The id of the section to come back to. */
  section: string
}) {
  const t = useT()
  const { pathname } = useLocation()
  const id = `pick-${name}`
  return (
    <Form method="get" action={`${pathname}#${section}`} className="dashboard-picker">
      {Object.entries(keep).map(([key, v]) =>
        v === null || v === undefined || v === '' ? null : <input key={key} type="hidden" name={key} value={String(v)} />,
      )}
      <div className="field">
        <label htmlFor={id}>{t(label)}</label>
        <select id={id} name={name} defaultValue={value} key={value}>
          {options.map((key) => (
            <option key={key} value={key}>
              {t(`dashboard.short.${key}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        {t('dashboard.show')}
      </button>
    </Form>
  )
}
