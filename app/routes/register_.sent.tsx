import { Link } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { useT } from '#app/i18n/i18n.tsx'

export const handle: PageHandle = { title: 'auth.register.sentTitle' }

// Where every well-formed registration lands, whatever became of it: the page
// names no address and no outcome, so it is the same for all.
export default function RegisterSentPage() {
  const t = useT()
  return (
    <section className="page narrow" aria-labelledby="sent-title">
      <h1 id="sent-title">{t('auth.register.sentTitle')}</h1>
      <p role="status" className="notice notice--success">
        {t('auth.register.sentText')}
      </p>
      <p>{t('auth.register.sentHint')}</p>
      <p>
        <Link to="/login">{t('nav.login')}</Link>
      </p>
    </section>
  )
}
