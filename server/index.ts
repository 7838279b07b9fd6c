// The HTTP server: Express in front of Remix. It checks the Origin of every
// mutating request, validates the session once per request, and hands loaders
// the database through the load context. See docs/decisions/002-express-server.md.
import cluster from 'node:cluster'
import fs from 'node:fs'
import path from 'node:path'
import { createRequestHandler } from '@remix-run/express'
import type { AppLoadContext, ServerBuild } from '@remix-run/node'
import compression from 'compression'
import express from 'express'
import { sql } from 'kysely'
import { startCheckpointer } from '#db/checkpointer.server.ts'
import { isPostgresUrl, openDatabase } from '#db/client.server.ts'
import type { Logger } from '#app/core/log.ts'
import { systemWork, type Work } from '#app/core/work.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { blankSessionCookie, readSessionToken, sessionCookie } from '#app/http/session-cookie.server.ts'
import { validateSessionToken } from '#app/modules/auth/session.server.ts'
import { outboxBacklog } from '#app/modules/mail/outbox.server.ts'
import { deliverDueMail } from '#app/modules/mail/delivery.server.ts'
import { drainAllPendingMetrics, DRAIN_INTERVAL_MS, pendingMetricCount } from '#app/modules/metrics/pending.server.ts'
import { createSmtpTransport } from '#app/modules/mail/transport.server.ts'
import { pruneExpired } from '#app/modules/security/housekeeping.server.ts'
import { appConfigFrom, applyProcessSettings, readEnv } from './env.ts'
import { logger, requestLog } from './log.ts'
import { clusterMetricsWorker } from './cluster-metrics.ts'
import { bearerMatches, createMetrics, knownRouteClasses, METRICS_CONTENT_TYPE, renderMetrics, routeClass } from './metrics.ts'
import { forbiddenCrossOrigin, isSafeMethod, isSameOrigin, localOrigins, misdirectedRequest, thisSiteCheck } from './origin.ts'
import { oneClickUnsubscribe } from './one-click-unsubscribe.ts'
import { prepareDatabase } from './startup.ts'
import { verifyJsonHandler } from './verify-json.ts'
import { limitRequestBodies, limitRequestPaths } from './request-limits.ts'
import { securityHeaders } from './security-headers.ts'
import { testHooks } from './test-hooks.ts'
import { TUS_PATH, tusUploads } from './tus.ts'
import { ensureUploadsDir } from './uploads-dir.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'

const env = readEnv()
applyProcessSettings(env)
const config = appConfigFrom(env)
const { production, uploadsDir } = config
const development = env.NODE_ENV === 'development'
// On SQLite no commit copies the log back into the database file: a thread of its own does (db/checkpointer.server.ts).
const sqliteFile = isPostgresUrl(env.DATABASE_URL) || env.DATABASE_URL === ':memory:' ? null : env.DATABASE_URL.replace(/^file:/, '')
const db = openDatabase(env.DATABASE_URL, { poolMax: env.PG_POOL_MAX, checkpointOnCommit: sqliteFile === null })
const checkpointer = sqliteFile
  ? startCheckpointer(sqliteFile, {
      onFailure: (error) => {
        logger.error({ err: error }, 'the checkpoint thread stopped: commits checkpoint again')
        void sql`pragma wal_autocheckpoint = 1000`.execute(db)
      },
    })
  : null
ensureUploadsDir(uploadsDir)
// A worker of server/cluster.ts: its primary prepared the database once, before forking.
if (!env.SKIP_PREPARE) await prepareDatabase(db, { config, demoPassword: env.DEMO_PASSWORD, log: (l) => logger.info(l) })

const viteDevServer = !development ? undefined : await import('vite').then((vite) => vite.createServer({ server: { middlewareMode: true } }))

const app = express()
app.disable('x-powered-by')
app.set('trust proxy', env.TRUST_PROXY)
const metrics = createMetrics()
// A worker of serve:cluster answers a scrape with every worker's figures (ADR 036).
const clusterFigures = cluster.isWorker ? clusterMetricsWorker(metrics.snapshot) : null
// First, so that static files and refused requests are logged and counted too.
// routeClasses is set once the build is loaded, before the server listens.
app.use(requestLog((r) => metrics.observeRequest({ ...r, route: routeClass(r.path, routeClasses) })))
// A body under 1 KiB is sent as it is: gzip would save a few bytes at the cost
// of a compression stream. Remix's responses reach compression with their
// length when they end within one batch (patches/@remix-run+express*.patch).
app.use(compression({ threshold: 1024 }))
app.use(securityHeaders({ development }))
// In production the server answers for its public host only: a request naming
// another (a forged Host, a stray DNS name) gets 421 before anything reads it.
if (production) {
  const forThisSite = thisSiteCheck({ trustProxy: env.TRUST_PROXY, publicOrigin: env.PUBLIC_ORIGIN })
  app.use((req, res, next) => {
    if (forThisSite(req)) return next()
    res.status(421).type('html').send(misdirectedRequest)
  })
}
// Before any routing: a crafted path must not cost Remix's route matching seconds.
app.use(limitRequestPaths())
// Before any action reads a body into memory; tus uploads arrive in checked chunks of their own.
app.use(limitRequestBodies({ except: TUS_PATH }))

if (viteDevServer) {
  app.use(viteDevServer.middlewares)
} else {
  const client = path.resolve('build/client')
  app.use('/assets', express.static(path.join(client, 'assets'), { immutable: true, maxAge: '1y' }))
  // The other public files sit at the top of build/client; only their
  // addresses reach the file system, so a page request costs no failed stat.
  const publicEntries = new Set(fs.readdirSync(client))
  const publicFiles = express.static(client, { maxAge: '1h' })
  app.use((req, res, next) => (publicEntries.has(req.path.split('/', 2)[1] ?? '') ? publicFiles(req, res, next) : next()))
}

// A cross-site form post must not act on a logged-in teacher's behalf. Outside
// production the address the server was reached on counts as this site too.
// The one exception: a mail client's one-click unsubscribe, still token-checked.
const refuseCrossOrigin: express.RequestHandler = (_req, res) => void res.status(403).type('html').send(forbiddenCrossOrigin)
const oneClick = oneClickUnsubscribe((req) => ({ ...systemWork(db, config, logger), clientIp: req.ip ?? null }), refuseCrossOrigin)
app.use((req, res, next) => {
  if (isSafeMethod(req.method)) return next()
  const accepted = production ? [env.PUBLIC_ORIGIN] : [env.PUBLIC_ORIGIN, ...localOrigins(req)]
  if (isSameOrigin(req.method, req.get('origin'), accepted, req.get('sec-fetch-site'))) return next()
  oneClick(req, res, next)
})

app.get('/verify/:file', verifyJsonHandler(db))
if (env.NODE_ENV === 'test') app.use(testHooks(systemWork(db, config, logger), { runMail: () => deliverMail(), runHousekeeping: () => pruneExpired(db) }))

const secureOf = (req: express.Request) => req.protocol === 'https'

app.use(async (req, res, next) => {
  try {
    const secure = secureOf(req)
    const token = readSessionToken(req.get('cookie'), secure)
    res.locals.auth = null
    if (token) {
      const result = await validateSessionToken(db, token)
      if (!result) {
        res.append('Set-Cookie', blankSessionCookie(secure))
      } else {
        res.locals.auth = { session: result.session, user: result.user }
        if (result.refreshed) res.append('Set-Cookie', sessionCookie(token, result.session.expiresAt, secure))
      }
    }
    next()
  } catch (error) {
    next(error)
  }
})

// After the session: a logged-in admin may read it, as may a scraper with the token.
app.get('/metrics', async (req, res, next) => {
  try {
    res.setHeader('Cache-Control', 'no-store')
    const admin = Boolean(res.locals.auth?.user.roles.some((r: { role: string }) => r.role === 'admin'))
    if (!admin && !bearerMatches(req.get('authorization'), env.METRICS_TOKEN)) {
      res.status(403).type('text').send('Forbidden')
      return
    }
    res.setHeader('Content-Type', METRICS_CONTENT_TYPE)
    const gauges = { outbox: await outboxBacklog(db), metricsPending: await pendingMetricCount(db) }
    if (!clusterFigures) {
      res.send(metrics.render(gauges))
      return
    }
    const { parts, workers, missing } = await clusterFigures()
    res.send(renderMetrics(parts, gauges, { workers, missing }))
  } catch (error) {
    next(error)
  }
})

// After the session, so that each upload knows who sends it.
app.all([TUS_PATH, `${TUS_PATH}/:id`], tusUploads(systemWork(db, config, logger), { publicOrigin: env.PUBLIC_ORIGIN }))

const build = viteDevServer
  ? () => viteDevServer.ssrLoadModule('virtual:remix/server-build') as Promise<ServerBuild>
  : ((await import(path.resolve('build/server/index.js'))) as ServerBuild)
const routeClasses = knownRouteClasses(build, ['assets', 'uploads', 'metrics'])

app.all(
  '*',
  createRequestHandler({
    build,
    mode: development ? 'development' : 'production',
    getLoadContext: (req, res) => {
      const auth = res.locals.auth as AppLoadContext['auth']
      const clientIp = req.ip ?? req.socket.remoteAddress ?? 'unknown'
      const requestId = String(res.locals.requestId)
      // The request's child logger is made when something logs, not for every request.
      let log: Logger | undefined
      const work: Work = {
        db,
        actorId: auth?.user.id ?? null,
        clientIp,
        requestId,
        config,
        get log() {
          return (log ??= logger.child({ requestId }))
        },
        now,
      }
      return {
        work,
        auth,
        cspNonce: typeof res.locals.cspNonce === 'string' ? res.locals.cspNonce : undefined,
        // Read by the patched adapter (patches/@remix-run+express*.patch) for that very response only.
        sendKeptBody: (response: Response, body: Buffer) => void (res.locals.keptBody = { response, body }),
      }
    },
  }),
)

// Connections (ADR 040). A whole school's teachers may open a test at the
// same moment, each on a new connection: Node's default queue of 511 not yet
// accepted connections drops the rest, and each dropped one waits a second
// or more for TCP to try again. The kernel caps the queue at
// net.core.somaxconn. An idle connection is kept 75 s, longer than a page's
// reading time and than a proxy's usual 60 s, so that the next page on a
// phone skips the handshakes.
const ACCEPT_QUEUE = 4096
const server = app.listen({ port: env.PORT, host: env.HOST, backlog: ACCEPT_QUEUE }, () => {
  logger.info(
    { port: env.PORT, publicOrigin: env.PUBLIC_ORIGIN },
    `Өркен Academy is serving on http://localhost:${env.PORT} (public address ${env.PUBLIC_ORIGIN})`,
  )
})
server.keepAliveTimeout = 75_000

// Background work inside the server: mail delivery, survey schedules and
// reminders, housekeeping. Each is idempotent, so several processes may run it.
const transport = env.SMTP_URL ? createSmtpTransport(env.SMTP_URL, { pool: true }) : null
let mailBusy = false
async function deliverMail() {
  if (!transport || mailBusy) return
  mailBusy = true
  try {
    const rate = { ratePerMinute: env.MAIL_RATE_PER_MINUTE, batchSize: env.MAIL_BATCH_SIZE }
    await metrics.timeJob('mail_delivery', () => deliverDueMail(db, transport, env.MAIL_FROM, rate))
  } catch (error) {
    logger.error({ err: error }, 'mail delivery failed')
  } finally {
    mailBusy = false
  }
}
// RUN_JOBS=false (the cluster's other workers): serve only.
const every = (ms: number, job: () => void) => (env.RUN_JOBS ? setInterval(job, ms) : undefined)
const mailTimer = every(env.MAIL_INTERVAL_MS, () => void deliverMail())
let jobsBusy = false
async function runJobs() {
  if (jobsBusy) return
  jobsBusy = true
  try {
    await metrics.timeJob('survey_jobs', () => runSurveyJobs(systemWork(db, config, logger)))
  } catch (error) {
    logger.error({ err: error }, 'survey jobs failed')
  }
  // Imports and archives whose process died (ADR 013): resumed here, or failed as interrupted.
  // Loaded on first use: every job's module with it, which start-up does not need.
  try {
    const { recoverStaleJobs } = await import('#app/modules/jobs/kinds.server.ts')
    await recoverStaleJobs(systemWork(db, config, logger))
  } catch (error) {
    logger.error({ err: error }, 'recovering stale jobs failed')
  } finally {
    jobsBusy = false
  }
}
const jobsTimer = every(env.JOBS_INTERVAL_MS, () => void runJobs())
// Once at start-up too, so a restart never delays what is due by a whole interval.
if (env.RUN_JOBS) setTimeout(() => void runJobs(), 1_000).unref()
const housekeeping = () =>
  void metrics.timeJob('prune_expired', () => pruneExpired(db)).catch((error: unknown) => logger.error({ err: error }, 'housekeeping failed'))
const pruneTimer = every(3_600_000, housekeeping)
if (env.RUN_JOBS) setTimeout(housekeeping, 1_000).unref()
// Metrics the writes left for a moment later (ADR 042): refreshed in batches, a few times a second.
let drainBusy = false
async function drainMetrics() {
  if (drainBusy) return
  drainBusy = true
  try {
    await drainAllPendingMetrics(systemWork(db, config, logger))
  } catch (error) {
    logger.error({ err: error }, 'refreshing pending metrics failed')
  } finally {
    drainBusy = false
  }
}
const drainTimer = every(DRAIN_INTERVAL_MS, () => void drainMetrics())

function shutdown(signal: string) {
  logger.info(`${signal}: closing`)
  clearInterval(mailTimer)
  clearInterval(jobsTimer)
  clearInterval(pruneTimer)
  clearInterval(drainTimer)
  transport?.close()
  server.close(() => {
    void db
      .destroy()
      .then(() => checkpointer?.stop())
      .then(() => process.exit(0))
  })
  setTimeout(() => process.exit(0), 5_000).unref()
}
process.on('SIGTERM', () => shutdown('SIGTERM'))
process.on('SIGINT', () => shutdown('SIGINT'))
