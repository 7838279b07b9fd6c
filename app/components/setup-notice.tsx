import { useT } from '#app/i18n/i18n.tsx'

/** What a production site without an administrator says: the console command for its operator, a word for teachers. */
export function SetupNotice() {
  const t = useT()
  return (
    <aside className="notice" aria-labelledby="setup-notice-title">
      <h2 id="setup-notice-title" className="notice__title">
        {t('setup.notice.title')}
      </h2>
      <p>{t('setup.notice.operator')}</p>
      <pre>
        <code>npm run admin:create</code>
      </pre>
      <p>{t('setup.notice.next')}</p>
      <p>{t('setup.notice.teachers')}</p>
    </aside>
  )
}
