import type { LoaderFunctionArgs } from '@remix-run/node'
import { sql } from 'kysely'

// For load balancers and monitors: 200 only when the database answers.
export async function loader({ context }: LoaderFunctionArgs) {
  const started = performance.now()
  try {
    await sql`select 1`.execute(context.db)
    return Response.json({ status: 'ok', database: 'ok', dbLatencyMs: Math.round((performance.now() - started) * 100) / 100 }, { headers: { 'Cache-Control': 'no-store' } })
  } catch {
    return Response.json({ status: 'error', database: 'unavailable' }, { status: 503, headers: { 'Cache-Control': 'no-store' } })
  }
}
