import { z } from 'zod'
import { DEFAULT_DATABASE_URL } from '#db/client.server.ts'
import { DEFAULT_DEMO_PASSWORD } from '#app/modules/demo/seed.server.ts'

const EnvSchema = z.object({
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
  JOBS_INTERVAL_MS: z.coerce.number().int().min(1000).default(5 * 60_000),
  TRUST_PROXY: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
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
