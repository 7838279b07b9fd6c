import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import type { FactChange, FactValue } from '#app/modules/accreditation/facts.ts'

// Accreditation facts as a reviewer reads a change: each fact by name, its
// value before and after. Used by the admins' queue, the settings page and a
// refused publish; the words come with the page (staff messages).

export function FactChanges({ changes }: { changes: readonly FactChange[] }) {
  const t = useT()
  const shown = (value: FactValue) =>
    value === null
      ? t('accreditation.value.none')
      : typeof value === 'boolean'
        ? t(value ? 'accreditation.value.yes' : 'accreditation.value.no')
        : String(value)
  return (
    <table className="fact-changes">
      <caption className="visually-hidden">{t('accreditation.changes')}</caption>
      <tbody>
        {changes.map((c) => (
          <tr key={c.fact}>
            <th scope="row">{t(`accreditation.fact.${c.fact}` as MessageKey)}</th>
            <td>
              <del>{shown(c.from)}</del> → <ins>{shown(c.to)}</ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
