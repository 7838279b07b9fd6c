// npm run jobs:run-once — one pass of the background work the server runs every
// few minutes: due survey assignments, reminders, and mail delivery when
// SMTP_URL is set. Safe to run at any time: every step is idempotent.
import { openDatabase } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { deliverDueMail } from '#app/modules/mail/delivery.server.ts'
import { createSmtpTransport } from '#app/modules/mail/transport.server.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from '#server/env.ts'
import { silentLogger } from '#app/core/log.ts'
import { systemWork } from '#app/core/work.server.ts'

// The server's settings: the same checks, and the public origin the mail links point to.
const env = readEnv()
applyProcessSettings(env)
const db = openDatabase(env.DATABASE_URL, { poolMax: env.PG_POOL_MAX })
await migrateToLatest(db)
const run = await runSurveyJobs(systemWork(db, appConfigFrom(env), silentLogger))
console.log(`surveys assigned: ${run.assigned}; reminders: ${run.reminded} (${run.ms} ms)`)
if (env.SMTP_URL) {
  const transport = createSmtpTransport(env.SMTP_URL, { pool: true })
  const mail = await deliverDueMail(db, transport, env.MAIL_FROM, { ratePerMinute: env.MAIL_RATE_PER_MINUTE, batchSize: env.MAIL_BATCH_SIZE })
  transport.close()
  console.log(`mail sent: ${mail.sent}; failed: ${mail.failed}`)
}
await db.destroy()
