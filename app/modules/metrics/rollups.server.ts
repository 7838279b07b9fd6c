import type { Database } from '#db/client.server.ts'

// The rollups the targets dashboard reads: each event that moves a metric adds
// to its day, region and course inside the event's own transaction, so the
// figures never drift from the records and the dashboard never scans events.

export type MetricKey = 'parent_attendances'

export async function bumpMetric(
  db: Database,
  input: { metric: MetricKey; day: string; regionCode: string; courseId?: string | null; delta: number },
): Promise<void> {
  if (!input.delta) return
  await db
    .insertInto('metric_rollups')
    .values({ metric: input.metric, day: input.day, region_code: input.regionCode, course_id: input.courseId ?? '', value: input.delta })
    .onConflict((oc) => oc.columns(['metric', 'day', 'region_code', 'course_id']).doUpdateSet((eb) => ({ value: eb('metric_rollups.value', '+', input.delta) })))
    .execute()
}

/** A metric's total over days [from, to], optionally for some regions. */
export async function metricTotal(db: Database, metric: MetricKey, range: { from: string; to: string; regionCodes?: string[] | null }): Promise<number> {
  let query = db.selectFrom('metric_rollups').select((eb) => eb.fn.sum<number>('value').as('total')).where('metric', '=', metric).where('day', '>=', range.from).where('day', '<=', range.to)
  if (range.regionCodes) query = query.where('region_code', 'in', range.regionCodes.length ? range.regionCodes : [''])
  return Number((await query.executeTakeFirst())?.total ?? 0)
}
