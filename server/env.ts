import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_DATABASE_URL, isPostgresUrl } from '#db/client.server.ts'
import type { AppConfig } from '#app/core/config.ts'
import { DEFAULT_DEMO_PASSWORD } from '#tools/demo/seed.server.ts'
import { originFromSettings, setPublicOrigin } from '#app/core/public-origin.server.ts'
import { pinClock } from '#app/modules/clock/clock.server.ts'
import { setContentRoot } from '#app/modules/content/content-root.server.ts'
import { checkProductionSettings, formatProblem } from './env-production.ts'

// Every environment variable the app, the server, db/ and scripts/ read is
// declared here, once: the server validates them at start-up and hands the app
// its settings as AppConfig (app/core/config.ts); nothing under app/ reads
// process.env. Scripts that read a variable directly see it typed through the
// ProcessEnv declaration at the end of this file.

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1')

export const EnvSchema = z
  .object({
    // Unset means a local run: the built app is served and demo data is seeded.
    NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
    CONTENT_DIR: z.string().default('content'),
    // Uploaded media, outside public/: files/<sha256> and incoming/ for uploads in progress.
    UPLOADS_DIR: z.string().min(1).default('data/uploads'),
    DEMO_PASSWORD: z.string().min(10, 'DEMO_PASSWORD must be at least 10 characters').default(DEFAULT_DEMO_PASSWORD),
    SMTP_URL: z.string().url('SMTP_URL must be a URL such as smtp://user:pass@host:587').optional(),
    MAIL_FROM: z.string().default('Өркен Academy <no-reply@orken.kz>'),
    MAIL_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
    // Delivery attempts in any minute (the SMTP provider's limit) and messages per claimed batch.
    MAIL_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(600),
    MAIL_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(50),
    // Days after an invitation during which a teacher gets no survey reminder.
    REMINDER_QUIET_DAYS: z.coerce.number().int().min(0).max(365).default(7),
    JOBS_INTERVAL_MS: z.coerce
      .number()
      .int()
      .min(1000)
      .default(5 * 60_000),
    // Unset: 'info', or 'warn' under NODE_ENV=test so that test output stays quiet.
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    // Unset: JSON lines, or readable ones when NODE_ENV is unset or development (server/log.ts).
    LOG_FORMAT: z.enum(['json', 'readable']).optional(),
    // Lets a Prometheus scraper read /metrics with `Authorization: Bearer <token>`; admins can without it.
    METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
    TRUST_PROXY: flag('false'),
    // Set by server/cluster.ts for its workers: the primary prepares the database
    // once, and only one worker runs the background jobs.
    SKIP_PREPARE: flag('false'),
    RUN_JOBS: flag('true'),
    // Worker processes of `npm run serve:cluster`; unset: one per core.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
    // Read only under NODE_ENV=test: the instant the tests' clock starts at, and
    // when the run began; they pin the app's clock (applyProcessSettings below).
    TEST_CLOCK_START: z.string().datetime({ message: 'TEST_CLOCK_START must be an ISO instant such as 2026-10-05T05:00:00Z' }).optional(),
    TEST_CLOCK_ANCHOR_MS: z.coerce.number().int().positive().optional(),
    // The site's public address, the origin of every absolute link (app/core/public-origin.server.ts):
    // required in production, http://localhost:$PORT otherwise.
    PUBLIC_ORIGIN: z.string().optional(),
    // Production only (server/env-production.ts): a plain-HTTP PUBLIC_ORIGIN on
    // a real host name, for a lab nobody outside can reach; and starting
    // without mail on purpose, when SMTP_URL is not set yet.
    ALLOW_INSECURE_ORIGIN: flag('false'),
    MAIL_DISABLED: flag('false'),
    // Connections in each process's PostgreSQL pool; several app processes share one server.
    PG_POOL_MAX: z.coerce.number().int().min(1).max(1000).default(10),
    // Where certificate archives are written: shared storage when several app
    // processes serve one PostgreSQL. Unset: exports/ beside the SQLite file, else data/exports.
    EXPORTS_DIR: z.string().min(1).optional(),
    // The institute's Ed25519 signing key, a PKCS#8 PEM kept outside the database.
    // Unset: a key made on first use and kept in app_settings.
    CERT_SIGNING_KEY_FILE: z.string().min(1).optional(),
    // `rr` brings back Node's round-robin in `npm run serve:cluster` (server/cluster.ts).
    NODE_CLUSTER_SCHED_POLICY: z.enum(['rr', 'none']).optional(),
    // Read by scripts only: the public key `npm run certificate:verify` checks
    // against, and the port, length and video size of the benchmarks in scripts/bench/.
    ORKEN_PUBLIC_KEY: z.string().optional(),
    BENCH_PORT: z.coerce.number().int().min(1).max(65535).optional(),
    BENCH_SECONDS: z.coerce.number().positive().optional(),
    BENCH_VIDEO_MB: z.coerce.number().positive().optional(),
  })
  .transform((env, ctx) => {
    const origin = originFromSettings(env)
    if (!origin.ok) {
      ctx.addIssue({ code: 'custom', path: ['PUBLIC_ORIGIN'], message: origin.message })
      return z.NEVER
    }
    return { ...env, PUBLIC_ORIGIN: origin.origin }
  })

export type Env = z.infer<typeof EnvSchema>

export type CheckedEnv = { ok: true; env: Env; warnings: string[] } | { ok: false; errors: string[]; warnings: string[] }

/**
 * The environment checked: each value's form, then under NODE_ENV=production
 * what a live site needs (server/env-production.ts). Every problem at once,
 * one line each; a variable whose value is malformed is not also told it is
 * missing.
 */
export function checkEnv(source: Record<string, string | undefined> = process.env): CheckedEnv {
  const parsed = EnvSchema.safeParse(source)
  const production = checkProductionSettings(source)
  const warnings = production.warnings.map(formatProblem)
  const malformed = parsed.success ? [] : parsed.error.issues.map((i) => ({ variable: i.path.join('.'), message: i.message }))
  const named = new Set(malformed.map((p) => p.variable))
  const errors = [...malformed, ...production.errors.filter((p) => !named.has(p.variable))].map(formatProblem)
  if (errors.length || !parsed.success) return { ok: false, errors, warnings }
  return { ok: true, env: parsed.data, warnings }
}

/** Reads the environment once; bad or missing values stop start-up with one line each, saying what to set. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const checked = checkEnv(source)
  if (checked.warnings.length) console.warn(`Settings to look at:\n${checked.warnings.join('\n')}`)
  if (!checked.ok) {
    console.error(`Invalid environment (fix these and start again):\n${checked.errors.join('\n')}`)
    process.exit(1)
  }
  return checked.env
}

/** The settings the app reads at run time (`work.config`), from the validated environment. */
export function appConfigFrom(env: Env): AppConfig {
  const production = env.NODE_ENV === 'production'
  return {
    production,
    demoPassword: production ? null : env.DEMO_PASSWORD,
    smtpConfigured: Boolean(env.SMTP_URL),
    uploadsDir: path.resolve(env.UPLOADS_DIR),
    publicOrigin: env.PUBLIC_ORIGIN,
    exportsDir: exportsDirFor(env),
    certSigningKeyFile: env.CERT_SIGNING_KEY_FILE ? path.resolve(env.CERT_SIGNING_KEY_FILE) : null,
    contentRoot: path.resolve(env.CONTENT_DIR),
    mail: { ratePerMinute: env.MAIL_RATE_PER_MINUTE, batchSize: env.MAIL_BATCH_SIZE, reminderQuietDays: env.REMINDER_QUIET_DAYS },
  }
}

/** EXPORTS_DIR, else exports/ beside the SQLite file, else data/exports (PostgreSQL, or an in-memory database). */
function exportsDirFor(env: Pick<Env, 'EXPORTS_DIR' | 'DATABASE_URL'>): string {
  if (env.EXPORTS_DIR) return path.resolve(env.EXPORTS_DIR)
  const file = isPostgresUrl(env.DATABASE_URL) ? null : env.DATABASE_URL.replace(/^file:/, '')
  const base = file && file !== ':memory:' ? path.dirname(path.resolve(file)) : path.resolve('data')
  return path.join(base, 'exports')
}

/**
 * The process-wide settings, set once at start-up by the server and by the
 * scripts that run app code: the public origin for links written without a
 * unit of work, the content folder, and under NODE_ENV=test the pinned clock.
 */
export function applyProcessSettings(env: Env): void {
  setPublicOrigin(env.PUBLIC_ORIGIN)
  setContentRoot(path.resolve(env.CONTENT_DIR))
  if (env.NODE_ENV === 'test' && env.TEST_CLOCK_START) pinClock(env.TEST_CLOCK_START, env.TEST_CLOCK_ANCHOR_MS)
}

type EnvInput = z.input<typeof EnvSchema>

// process.env typed from the schema, as the Epic Stack does: a raw read of a
// variable outside the schema or of the wrong kind fails to type-check.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace NodeJS {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface ProcessEnv extends ProcessEnvFromSchema {}
  }
}
type ProcessEnvFromSchema = { [K in keyof EnvInput]?: EnvInput[K] extends string | undefined ? EnvInput[K] : string }
