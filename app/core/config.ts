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
  /** A PKCS#8 PEM with the institute's certificate signing key; null: a key kept in the database. */
  certSigningKeyFile: string | null
}
