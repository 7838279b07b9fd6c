import { trilingualPage } from './plain-page.ts'

// Same-origin check for mutating requests, as in Lucia's CSRF advice: the
// Origin header (which browsers send with every POST) must name this host.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export function isSameOrigin(method: string, origin: string | undefined, host: string | undefined, fetchSite?: string): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return true
  if (fetchSite === 'cross-site') return false
  if (!origin || !host) return false
  try {
    return new URL(origin).host === host
  } catch {
    return false
  }
}

export const forbiddenCrossOrigin = trilingualPage(403, {
  kk: 'Сұрау басқа сайттан жіберілген, сондықтан қабылданбады. Бетті қайта ашып, әрекетті қайталаңыз.',
  ru: 'Запрос отправлен с другого сайта и поэтому отклонён. Откройте страницу заново и повторите действие.',
  en: 'The request came from another site and was refused. Open the page again and retry.',
})
