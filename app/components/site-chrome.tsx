import { Form, NavLink, useLocation } from '@remix-run/react'
import { useEffect, useRef, useState } from 'react'
import type { Role } from '#db/schema.ts'
import { useLocale, useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { localeNames, locales } from '#app/i18n/locales.ts'

interface HeaderUser {
  fullName: string
  roles: Role[]
  home: Role
}

interface NavItem {
  to: string
  label: MessageKey
  roles?: Role[]
  /** Shown only to readers who are not logged in (the footer has it for everyone). */
  guestOnly?: boolean
}

const navItems: NavItem[] = [
  { to: '/', label: 'nav.home' },
  { to: '/courses', label: 'nav.courses' },
  { to: '/parents', label: 'nav.parents' },
  { to: '/certificates', label: 'nav.certificates', roles: ['teacher'] },
  { to: '/surveys', label: 'survey.nav', roles: ['teacher'] },
  { to: '/support', label: 'support.title', roles: ['teacher'] },
  { to: '/verify', label: 'nav.verify', guestOnly: true },
  { to: '/author', label: 'nav.authoring', roles: ['trainer', 'admin'] },
  { to: '/centre', label: 'nav.centre', roles: ['coordinator'] },
  { to: '/admin', label: 'nav.admin', roles: ['admin', 'regional_admin'] },
]

/**
 * The header is one row on a phone: the brand and a menu button. The button is
 * a <details> disclosure, so it opens without JavaScript (a lesson page has
 * none); the menu is its next sibling, shown by CSS while it is open and always
 * on wide screens, where the links stand inline and the button is hidden. The
 * language and log-out come first: on a wide screen they share the brand's row,
 * the links the row below, so the focus moves in the order the eye does.
 */
export function SiteHeader({ user }: { user: HeaderUser | null }) {
  const t = useT()
  const menu = useMenuDisclosure()
  const visible = navItems.filter((item) => (item.guestOnly ? !user : !item.roles || (user && item.roles.some((r) => user.roles.includes(r)))))
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href="/">
          <span className="brand__mark" aria-hidden="true">
            Ө
          </span>
          <span className="brand__name">Өркен Academy</span>
        </a>
        <details className="menu-toggle" ref={menu.ref} onToggle={menu.onToggle}>
          <summary aria-controls="site-menu" aria-expanded={menu.expanded}>
            <span className="menu-toggle__icon" aria-hidden="true" />
            {t('nav.menu')}
          </summary>
        </details>
        <div className="site-menu" id="site-menu">
          <div className="site-header__tools">
            <LanguageSwitcher />
            {user ? (
              <Form method="post" action="/logout" className="inline-form">
                <span className="user-name">{user.fullName}</span>
                <button type="submit" className="button button--quiet">
                  {t('nav.logout')}
                </button>
              </Form>
            ) : (
              <span className="auth-links">
                <a href="/login">{t('nav.login')}</a>
                <a href="/register" className="button button--small">
                  {t('nav.register')}
                </a>
              </span>
            )}
          </div>
          <nav aria-label={t('nav.main')} className="main-nav">
            <ul>
              {visible.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/'}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
              {user ? (
                <li>
                  <NavLink to="/account">{t('nav.account')}</NavLink>
                </li>
              ) : null}
            </ul>
          </nav>
        </div>
      </div>
    </header>
  )
}

/**
 * With JavaScript the menu button also says whether it is open (aria-expanded),
 * Escape closes it and gives the focus back to it, and following a link closes
 * it (a client-side navigation keeps the header).
 */
function useMenuDisclosure() {
  const ref = useRef<HTMLDetailsElement>(null)
  const [open, setOpen] = useState(false)
  const [hydrated, setHydrated] = useState(false)
  const location = useLocation()
  useEffect(() => setHydrated(true), [])
  useEffect(() => {
    if (ref.current) ref.current.open = false
  }, [location.key])
  useEffect(() => {
    if (!open) return
    const onKeyDown = (event: KeyboardEvent) => {
      const details = ref.current
      if (event.key !== 'Escape' || !details) return
      details.open = false
      details.querySelector('summary')?.focus()
    }
    document.addEventListener('keydown', onKeyDown)
    return () => document.removeEventListener('keydown', onKeyDown)
  }, [open])
  return {
    ref,
    onToggle: () => setOpen(ref.current?.open ?? false),
    // Rendered on the server without it: the browser's own state of <summary> stands until the app runs.
    expanded: hydrated ? open : undefined,
  }
}

/** A plain form: works without JavaScript and reloads the page in the new language. */
export function LanguageSwitcher() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  return (
    <form method="post" action="/set-locale" className="lang-switcher" aria-label={t('nav.language')}>
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      {locales.map((l) => (
        <button
          key={l}
          type="submit"
          name="locale"
          value={l}
          lang={l}
          aria-pressed={l === locale}
          className={l === locale ? 'lang-switcher__current' : undefined}
        >
          <span aria-hidden="true">{l.toUpperCase()}</span>
          <span className="visually-hidden">{localeNames[l]}</span>
        </button>
      ))}
    </form>
  )
}

export function SiteFooter() {
  const t = useT()
  return (
    <footer className="site-footer">
      <p>{t('footer.institute')}</p>
      <p>{t('footer.tagline')}</p>
      <p>
        <a href="/verify">{t('nav.verify')}</a>
      </p>
    </footer>
  )
}
