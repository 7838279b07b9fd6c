import type { Work } from '#app/core/work.server.ts'
import type { AuthUser, Session } from '#app/modules/auth/session.server.ts'

export type { AppConfig } from '#app/core/config.ts'

declare module '@remix-run/node' {
  interface AppLoadContext {
    /** This request's unit of work (app/core/work.server.ts): what loaders read with and actions write through. */
    work: Work
    /** The session and user for this request, validated once by the server. */
    auth: { session: Session; user: AuthUser } | null
    /** The Content-Security-Policy nonce for this response's inline scripts; absent when a loader is called directly. */
    cspNonce?: string
    /**
     * Sends a kept page's compressed bytes as the body of `response` (which has
     * none): the adapter writes them in one piece instead of reading a stream
     * made of them (ADR 038). Absent when a loader or handler is called directly.
     */
    sendKeptBody?: (response: Response, body: Buffer) => void
  }
}

export {}
