import type { LoaderFunctionArgs } from '@remix-run/node'
import { databaseHealth } from '#app/modules/health/health.server.ts'

// For load balancers and monitors: 200 only when the database answers.
export async function loader({ context }: LoaderFunctionArgs) {
  const health = await databaseHealth(context.work)
  const headers = { 'Cache-Control': 'no-store' }
  if (!health.ok) return Response.json({ status: 'error', database: 'unavailable' }, { status: 503, headers })
  return Response.json({ status: 'ok', database: 'ok', dbLatencyMs: health.latencyMs }, { headers })
}
