import { z } from 'zod'
import { DEFAULT_DATABASE_URL } from '#db/client.server.ts'
import { DEFAULT_DEMO_PASSWORD } from '#app/modules/demo/seed.server.ts'
import { originFromSettings } from '#app/http/public-origin.server.ts'

const flag = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback)
    .transform((v) => v === 'true' || v === '1')

const EnvSchema = z.object({
  // Unset means a local run: the built app is served and demo data is seeded.
  NODE_ENV: z.enum(['development', 'production', 'test']).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().min(1).default(DEFAULT_DATABASE_URL),
  CONTENT_DIR: z.string().default('content'),
  // Uploaded media, outside public/: files/<sha256> and incoming/ for uploads in progress.
  UPLOADS_DIR: z.string().min(1).default('data/uploads'),
  // Certificate archives; unset: exports/ beside the SQLite file (or data/exports on PostgreSQL).
  EXPORTS_DIR: z.string().min(1).optional(),
  DEMO_PASSWORD: z.string().min(10, 'DEMO_PASSWORD must be at least 10 characters').default(DEFAULT_DEMO_PASSWORD),
  SMTP_URL: z.string().url('SMTP_URL must be a URL such as smtp://user:pass@host:587').optional(),
  MAIL_FROM: z.string().default('Өркен Academy <no-reply@orken.kz>'),
  MAIL_INTERVAL_MS: z.coerce.number().int().min(200).default(15_000),
  JOBS_INTERVAL_MS: z.coerce.number().int().min(1000).default(5 * 60_000),
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
  // when the run began (app/modules/clock/clock.server.ts).
  TEST_CLOCK_START: z.string().datetime({ message: 'TEST_CLOCK_START must be an ISO instant such as 2026-10-05T05:00:00Z' }).optional(),
  TEST_CLOCK_ANCHOR_MS: z.coerce.number().int().positive().optional(),
  // The site's public address, the origin of every absolute link (app/http/public-origin.server.ts):
  // required in production, http://localhost:$PORT otherwise.
  PUBLIC_ORIGIN: z.string().optional(),
}).transform((env, ctx) => {
  const origin = originFromSettings(env)
  if (!origin.ok) {
    ctx.addIssue({ code: 'custom', path: ['PUBLIC_ORIGIN'], message: origin.message })
    return z.NEVER
  }
  return { ...env, PUBLIC_ORIGIN: origin.origin }
})

export type Env = z.infer<typeof EnvSchema>

/** Reads the environment once; a bad value stops start-up with a clear message. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    console.error(`Invalid environment:\n${lines.join('\n')}`)
    process.exit(1)
  }
  return parsed.data
}
