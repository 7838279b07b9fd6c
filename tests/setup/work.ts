import path from 'node:path'
import type { AppLoadContext } from '@remix-run/node'
import type { Database } from '#db/client.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import type { AppConfig } from '#app/core/config.ts'
import type { Logger } from '#app/core/log.ts'
import type { Work } from '#app/core/work.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { TMP_DIR } from './paths.ts'

/** The public origin tests write links with, as a server started without PUBLIC_ORIGIN would (tests/setup/app-settings.ts). */
export const TEST_PUBLIC_ORIGIN = 'http://localhost:3000'

export const testConfig: AppConfig = {
  production: false,
  demoPassword: null,
  smtpConfigured: false,
  uploadsDir: `${TMP_DIR}/uploads`,
  publicOrigin: TEST_PUBLIC_ORIGIN,
  exportsDir: `${TMP_DIR}/exports`,
  certSigningKeyFile: null,
  contentRoot: path.resolve('content'),
}

/** What a test's logger was told, for tests that assert a line was logged. */
export interface RecordedLog extends Logger {
  lines: { level: 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string | undefined }[]
}

export function recordingLogger(): RecordedLog {
  const lines: RecordedLog['lines'] = []
  const at =
    (level: 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown> | string, message?: string): void => {
      lines.push(typeof fields === 'string' ? { level, fields: {}, message: fields } : { level, fields, message })
    }
  return { lines, info: at('info'), warn: at('warn'), error: at('error') }
}

/**
 * A unit of work as a request would carry it: `actorId` acts (null: a visitor
 * or the system), from 127.0.0.1 unless told. Errors are logged to a
 * recording logger the test may read as `work.log`.
 */
export function testWork(
  db: Database,
  options: { actorId?: string | null; clientIp?: string | null; config?: Partial<AppConfig> } = {},
): Work & { log: RecordedLog } {
  return {
    db,
    actorId: options.actorId ?? null,
    clientIp: options.clientIp === undefined ? '127.0.0.1' : options.clientIp,
    requestId: null,
    config: { ...testConfig, ...options.config },
    log: recordingLogger(),
    now,
  }
}

/** The load context the server would give a loader or action called directly, signed in as `user` when given. */
export function testLoadContext(db: Database, user: AuthUser | null, config: Partial<AppConfig> = {}): AppLoadContext {
  const work = testWork(db, { actorId: user?.id ?? null, config })
  return {
    work,
    auth: user ? { session: { id: 's', userId: user.id, expiresAt: new Date(now().getTime() + 3_600_000) }, user } : null,
  }
}
