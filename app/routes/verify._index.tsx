import { redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CodeEntryForm, VERIFY_CODE_WORDS } from '#app/components/code-entry-form.tsx'
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
      <CodeEntryForm action="/verify" id="verify-code" words={VERIFY_CODE_WORDS} typed={typed} invalid={malformed} />
    </section>
  )
}
