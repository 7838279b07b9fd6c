import type express from 'express'
import type { Database } from '#db/client.server.ts'
import { allowVerification, verificationView } from '#app/modules/certificates/verify.server.ts'

// GET /verify/:code.json — the public verification as JSON, for other systems.
// Served here rather than by a Remix route because a route path cannot end in
// a literal suffix after a parameter.
export function verifyJsonHandler(db: Database): express.RequestHandler {
  return async (req, res, next) => {
    const file = String(req.params.file ?? '')
    if (!file.endsWith('.json')) return next()
    try {
      res.setHeader('Cache-Control', 'no-store')
      if (!(await allowVerification({ db }, req.ip ?? 'unknown'))) {
        res.status(429).json({ state: 'rateLimited' })
        return
      }
      const view = await verificationView({ db }, file.slice(0, -'.json'.length))
      const status = view.state === 'malformed' ? 400 : view.state === 'notFound' ? 404 : 200
      res.status(status).json(view)
    } catch (error) {
      next(error)
    }
  }
}
