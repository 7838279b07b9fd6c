import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import type { action, loader } from './route.tsx'

/** A new lesson in every language of the course, numbered after its module's last one. */
export function AddLessonForm() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const t = useT()
  const locale = useLocale()
  const error = result?.intent === 'add-lesson' ? result.error : null
  return (
    <section aria-labelledby="add-lesson-title" className="authoring__block">
      <h2 id="add-lesson-title">{t('authoring.lesson.add')}</h2>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="add-lesson" />
        <FormErrors errors={error ? [error] : null} />
        <SelectField label={t('authoring.lesson.module')} selectProps={{ id: 'new-module', name: 'moduleId', required: true }}>
          {d.outline.modules.map((m) => (
            <option key={m.id} value={m.id}>
              {pickLocalized(m.title, locale) || m.id}
            </option>
          ))}
        </SelectField>
        <Field
          label={t('authoring.lesson.id')}
          description={t('authoring.lesson.idHint')}
          inputProps={{
            id: 'new-lesson-id',
            name: 'lessonId',
            required: true,
            pattern: '[a-z0-9]+(-[a-z0-9]+)*',
            maxLength: 60,
            autoCapitalize: 'none',
            spellCheck: false,
          }}
        />
        {d.outline.languages.map((lang) => (
          <Field
            key={lang}
            label={t('authoring.lesson.titleIn', { lang: t(`authoring.lang.${lang}`) })}
            inputProps={{ id: `new-title-${lang}`, name: `title_${lang}`, required: true, maxLength: 200, lang }}
          />
        ))}
        <Field
          label={t('authoring.lesson.minutes')}
          inputProps={{ id: 'new-minutes', name: 'minutes', type: 'number', inputMode: 'numeric', min: 1, max: 600, required: true, defaultValue: 30 }}
        />
        <div>
          <button type="submit" className="button button--secondary" disabled={busy}>
            {t('authoring.lesson.addButton')}
          </button>
        </div>
      </Form>
    </section>
  )
}
