import { data, redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { normalizeCode } from '#app/modules/parents/sessions.server.ts'
import parentStyles from '#app/styles/parents.css?url'

export const handle: PageHandle = { title: 'checkin.title' }
export const links = () => [{ rel: 'stylesheet', href: parentStyles }]

// A form to type a session's check-in code (a GET form, so it works without
// JavaScript): a code goes to its page, /c/<CODE>, which says whether it is known.
export function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('code')
  if (typed === null) return { typed: '', empty: false }
  const code = normalizeCode(typed.slice(0, 64))
  if (code) return redirect(`/c/${code}`)
  return data({ typed: typed.slice(0, 64), empty: true }, { status: 400 })
}

export default function CheckinCodePage() {
  const { typed, empty } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section className="page narrow" aria-labelledby="checkin-title">
      <h1 id="checkin-title">{t('checkin.title')}</h1>
      <p>{t('checkin.enterCode')}</p>
      <CodeForm typed={typed} empty={empty} />
    </section>
  )
}

/** The code form, also shown under an unknown code. */
export function CodeForm({ typed = '', empty = false }: { typed?: string; empty?: boolean }) {
  const t = useT()
  return (
    <Form method="get" action="/c" className="stack checkin-code">
      <div className="field">
        <label htmlFor="checkin-code">{t('checkin.code')}</label>
        <p id="checkin-code-hint" className="field-description">{t('checkin.codeHint')}</p>
        <input
          id="checkin-code"
          name="code"
          defaultValue={typed}
          maxLength={64}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          aria-invalid={empty || undefined}
          aria-describedby={empty ? 'checkin-code-hint checkin-code-error' : 'checkin-code-hint'}
        />
        {empty ? <p id="checkin-code-error" className="field-errors">{t('checkin.codeEmpty')}</p> : null}
      </div>
      <button type="submit" className="button">{t('checkin.go')}</button>
    </Form>
  )
}
