import { Link } from '@remix-run/react'
import { useFormat, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import type { AuditDetail, AuditValue } from '#app/modules/audit/entries.ts'

/** An audit entry's details as labelled values in the reader's language. */
export function AuditDetails({ details }: { details: AuditDetail[] }) {
  const t = useT()
  if (details.length === 0) return <>—</>
  return (
    <dl className="audit-details">
      {details.map((d, i) => (
        <div key={`${d.name}-${i}`}>
          {d.name !== '' ? <dt>{d.label ? t(`audit.detail.${d.label}`) : d.name}</dt> : null}
          <dd>
            <AuditValueText value={d.value} />
          </dd>
        </div>
      ))}
    </dl>
  )
}

function AuditValueText({ value }: { value: AuditValue }) {
  const t = useT()
  const f = useFormat()
  const translateKey = useTranslateKey()
  switch (value.kind) {
    case 'none':
      return <>—</>
    case 'yes':
      return <>{t('audit.value.yes')}</>
    case 'no':
      return <>{t('audit.value.no')}</>
    case 'number':
      return <>{f.number(value.value)}</>
    case 'text':
      return <>{value.text}</>
    case 'role':
      return <>{translateKey(`role.${value.role}`)}</>
    case 'link':
      return <Link to={value.href}>{value.text}</Link>
    case 'list':
      return (
        <>
          {value.items.map((item, i) => (
            <span key={i}>
              {i > 0 ? ', ' : null}
              <AuditValueText value={item} />
            </span>
          ))}
        </>
      )
    case 'record':
      return <AuditDetails details={value.entries} />
  }
}
