// The settings the app reads at run time, taken once from the environment by
// server/env.ts and handed to every unit of work. Nothing under app/ reads
// process.env itself.
export interface AppConfig {
  production: boolean
  /** The demo accounts' password, shown on the login page; null in production. */
  demoPassword: string | null
  smtpConfigured: boolean
  /** Where uploaded media lives (files/<sha256>, incoming/). */
  uploadsDir: string
  /** The site's public address without a trailing slash (PUBLIC_ORIGIN): the origin of every absolute link. */
  publicOrigin: string
  /** Where certificate archives are written (EXPORTS_DIR, else beside the SQLite file). */
  exportsDir: string
  /** The institute's Ed25519 signing key (a PKCS#8 PEM file); null: a key kept in the database. */
  certSigningKeyFile: string | null
  /** The content folder the server syncs courses from (CONTENT_DIR), absolute. */
  contentRoot: string
  /** Mail delivery and reminders (MAIL_RATE_PER_MINUTE, MAIL_BATCH_SIZE, REMINDER_QUIET_DAYS); unset: the defaults in mail/delivery.server.ts. */
  mail?: MailConfig
}

export interface MailConfig {
  /** At most this many delivery attempts in any minute, across every process. */
  ratePerMinute: number
  /** Messages claimed in one statement and sent over one SMTP connection. */
  batchSize: number
  /** No survey reminder to a teacher invited (or asked to activate an account) fewer than this many days ago. */
  reminderQuietDays: number
}
