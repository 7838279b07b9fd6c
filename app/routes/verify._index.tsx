import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'
import { normaliseCode } from '#app/modules/certificates/facts.ts'

export const handle: PageHandle = { title: 'verify.title' }

// A form to type a code. A well-formed code goes to its page; anything else
// stays here with the reason.
export function loader({ request }: LoaderFunctionArgs) {
  const typed = new URL(request.url).searchParams.get('code')
  if (typed === null) return { typed: '', malformed: false }
  const code = normaliseCode(typed)
  if (code) return redirect(`/verify/${code}`)
  return { typed: typed.slice(0, 64), malformed: true }
}

export default function VerifyFormPage() {
  const { typed, malformed } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section className="page narrow" aria-labelledby="verify-title">
      <h1 id="verify-title">{t('verify.title')}</h1>
      <p>{t('verify.intro')}</p>
      <VerifyForm typed={typed} malformed={malformed} />
    </section>
  )
}

export function VerifyForm({ typed = '', malformed = false }: { typed?: string; malformed?: boolean }) {
  const t = useT()
  return (
    <Form method="get" action="/verify" className="stack">
      <div className="field">
        <label htmlFor="verify-code">{t('verify.code')}</label>
        <p id="verify-code-hint" className="field-description">{t('verify.codeHint')}</p>
        <input
          id="verify-code"
          name="code"
          defaultValue={typed}
          maxLength={64}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          required
          aria-invalid={malformed || undefined}
          aria-describedby={malformed ? 'verify-code-hint verify-code-error' : 'verify-code-hint'}
        />
        {malformed ? <p id="verify-code-error" className="field-errors">{t('verify.malformed')}</p> : null}
      </div>
      <button type="submit" className="button">{t('verify.submit')}</button>
    </Form>
  )
}
