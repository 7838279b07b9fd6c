import { getCollectionProps, type FieldMetadata } from '@conform-to/react'
import { ErrorList } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'

/** The teachers who completed the course in the chosen cohort, to tick as participants. */
export function CohortTeachers({
  participantIds,
  cohortTitle,
  teachers,
}: {
  participantIds: FieldMetadata<string[] | undefined>
  cohortTitle: string
  teachers: { id: string; fullName: string; iin: string | null }[]
}) {
  const t = useT()
  if (!teachers.length) return <p className="notice">{t('support.field.noCompleted')}</p>
  return (
    <fieldset className="question" aria-describedby={participantIds.errors?.length ? participantIds.errorId : undefined}>
      <legend>{t('support.field.cohortTeachers', { cohort: cohortTitle })}</legend>
      {getCollectionProps(participantIds, { type: 'checkbox', options: teachers.map((p) => p.id) }).map(({ key, ...props }, i) => (
        <div className="option" key={key}>
          <input {...props} />
          <label htmlFor={props.id}>
            {teachers[i]!.fullName}
            {teachers[i]!.iin ? <span className="muted"> · {teachers[i]!.iin}</span> : null}
          </label>
        </div>
      ))}
      <ErrorList id={participantIds.errorId} errors={participantIds.errors} />
    </fieldset>
  )
}
