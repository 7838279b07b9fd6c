import type { Database } from '#db/client.server.ts'
import type { AuthUser, Session } from '#app/modules/auth/session.server.ts'

export interface AppConfig {
  demoPassword: string | null
  smtpConfigured: boolean
  production: boolean
  /** Where uploaded media lives (files/<sha256>, incoming/). */
  uploadsDir: string
}

declare module '@remix-run/node' {
  interface AppLoadContext {
    db: Database
    /** The session and user for this request, validated once by the server. */
    auth: { session: Session; user: AuthUser } | null
    clientIp: string
    requestId: string
    /** The Content-Security-Policy nonce for this response's inline scripts; absent when a loader is called directly. */
    cspNonce?: string
    config: AppConfig
  }
}

export {}
