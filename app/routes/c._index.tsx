import { data, redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CHECKIN_CODE_WORDS, CodeEntryForm } from '#app/components/code-entry-form.tsx'
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
      <CodeEntryForm action="/c" id="checkin-code" words={CHECKIN_CODE_WORDS} typed={typed} invalid={empty} className="checkin-code" />
    </section>
  )
}
