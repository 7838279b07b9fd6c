import express from 'express'
import type { Work } from '#app/core/work.server.ts'
import { DAY, MINUTE, setClockOffset, clockOffset } from '#app/modules/clock/clock.server.ts'
import { runSurveyJobs } from '#app/modules/surveys/scheduler.server.ts'

// Only when NODE_ENV=test: the browser tests move the server's clock (a test
// clock, never sleeping; by days and/or minutes) and run the background jobs on
// demand; the metrics test holds the event loop on purpose, to see it measured.
export function testHooks(work: Work, jobs: { runMail: () => Promise<void>; runHousekeeping: () => Promise<void> }): express.Router {
  const router = express.Router()
  router.post('/__test/clock', express.json(), (req, res) => {
    const body = req.body as { days?: unknown; minutes?: unknown }
    const days = Number(body.days ?? 0)
    const minutes = Number(body.minutes ?? 0)
    setClockOffset(clockOffset() + days * DAY + minutes * MINUTE)
    res.json({ offsetDays: clockOffset() / DAY })
  })
  router.post('/__test/jobs', async (_req, res, next) => {
    try {
      const run = await runSurveyJobs(work)
      await jobs.runHousekeeping()
      await jobs.runMail()
      res.json(run)
    } catch (error) {
      next(error)
    }
  })
  router.post('/__test/hold-event-loop', express.json(), (req, res) => {
    const ms = Math.min(2_000, Math.max(0, Number((req.body as { ms?: unknown }).ms ?? 0)))
    const until = performance.now() + ms
    while (performance.now() < until) {
      // Held on purpose: nothing else runs meanwhile.
    }
    res.json({ heldMs: ms })
  })
  return router
}
