import { useLocation } from '@remix-run/react'
import { useLocale, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { isLocale, localeNames } from '#app/i18n/locales.ts'

/**
 * Says so when a lesson is shown in another language than the reader's,
 * because the lesson has no text in theirs, and offers the languages it has:
 * the buttons switch the interface (a plain form, so it works without scripts).
 */
export function LanguageFallback({ shown, available }: { shown: string; available: readonly string[] }) {
  const t = useT()
  const translateKey = useTranslateKey()
  const locale = useLocale()
  const location = useLocation()
  if (shown === locale || available.includes(locale)) return null
  const choices = available.filter(isLocale)
  return (
    <aside className="notice language-fallback" aria-label={t('language.fallback.label')}>
      <p>{t('language.fallback.notice', { wanted: translateKey(`language.in.${locale}`), shown: translateKey(`language.in.${shown}`) })}</p>
      {choices.length > 0 ? (
        <form method="post" action="/set-locale">
          <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
          <span>{t('language.fallback.switch')}</span>{' '}
          {choices.map((l) => (
            <button key={l} type="submit" name="locale" value={l} lang={l} className="button button--secondary button--small">
              {localeNames[l]}
            </button>
          ))}
        </form>
      ) : null}
    </aside>
  )
}
