import express from 'express'
import type { Database } from '#db/client.server.ts'
import { DAY, setClockOffset, clockOffset } from '#app/modules/clock/clock.server.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'

// Only when NODE_ENV=test: the browser tests move the server's clock (a test
// clock, never sleeping) and run the background jobs on demand.
export function testHooks(db: Database, jobs: { runMail: () => Promise<void>; runHousekeeping: () => Promise<void> }): express.Router {
  const router = express.Router()
  router.post('/__test/clock', express.json(), (req, res) => {
    const days = Number((req.body as { days?: unknown }).days ?? 0)
    setClockOffset(clockOffset() + days * DAY)
    res.json({ offsetDays: clockOffset() / DAY })
  })
  router.post('/__test/jobs', async (_req, res, next) => {
    try {
      const run = await runSurveyJobs(db)
      await jobs.runHousekeeping()
      await jobs.runMail()
      res.json(run)
    } catch (error) {
      next(error)
    }
  })
  return router
}
