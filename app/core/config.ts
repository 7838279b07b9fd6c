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
  /** Where certificate archives are written: shared storage when several app processes serve one PostgreSQL. */
  exportsDir: string
}
