import { getCollectionProps, getInputProps, type FieldMetadata } from '@conform-to/react'
import { ErrorList, Field } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { ChecklistAnswer, ChecklistItem, SupportActivityInput } from '#app/modules/support/activity-form.ts'

/** The lesson observation checklist: each item answered yes, partly or no, with a comment. */
export function ChecklistFields({
  checklist,
  items,
  answers,
}: {
  checklist: FieldMetadata<SupportActivityInput['checklist']>
  items: readonly ChecklistItem[]
  answers: readonly ChecklistAnswer[]
}) {
  const t = useT()
  const fieldset = checklist.getFieldset()
  return (
    <fieldset className="quiz__questions">
      <legend className="step__title">{t('support.checklist.title')}</legend>
      {items.map((item) => {
        const { answer, comment } = fieldset[item].getFieldset()
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
  )
}
