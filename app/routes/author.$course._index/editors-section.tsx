import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { Field, FormErrors } from '#app/components/forms.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import type { action, loader } from './route.tsx'

/** Who may author the course; admins name and remove them. */
export function EditorsSection() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const error = result?.intent === 'add-editor' ? result.error : null
  return (
    <section aria-labelledby="editors" className="authoring__block">
      <h2 id="editors">{t('authoring.editors.title')}</h2>
      {d.editors.length ? (
        <ul>
          {d.editors.map((e) => (
            <li key={e.id}>
              {e.full_name} ({e.email})
              {d.isAdmin ? (
                <Form method="post" className="inline-form">
                  <input type="hidden" name="intent" value="remove-editor" />
                  <input type="hidden" name="userId" value={e.id} />
                  <button type="submit" className="button button--quiet" aria-label={t('authoring.editors.removeLabel', { name: e.full_name })}>
                    {t('authoring.editors.remove')}
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('authoring.editors.none')}</p>
      )}
      {d.isAdmin ? (
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="add-editor" />
          <FormErrors errors={error ? [error] : null} />
          <Field label={t('authoring.editors.email')} inputProps={{ id: 'editor-email', name: 'email', type: 'email', required: true, autoComplete: 'off' }} />
          <div>
            <button type="submit" className="button button--secondary">
              {t('authoring.editors.add')}
            </button>
          </div>
        </Form>
      ) : null}
    </section>
  )
}
