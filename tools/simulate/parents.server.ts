import { flatLessons } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { codeExpiry } from '#app/modules/parents/sessions.server.ts'
import { DEFAULT_CAPACITY } from '#app/modules/parents/centres.server.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import { DayPicker, PARENT_SEASON, dayNumber, isoDay, seasonal, stampAt } from './calendar.ts'
import { personName } from './people.ts'
import { WeightedPicker, type Random } from './random.ts'
import { yearlyIncrements } from './scale.ts'
import type { SimRegion, SimSchool } from './schools.server.ts'
// Check-in codes from newCheckinCode's alphabet, drawn from the seeded generator.
import { CODE_ALPHABET } from '#app/modules/parents/sessions.server.ts'

// Parent lessons held at the schools' centres, on school days, with head
// counts that sum each year to exactly that year's share of the attendances
// (never above a centre's capacity). One session per centre a day, so none is
// a flagged repeat; all are counted. The source says 'simulated'; client_key null.

const MIN_HEADS = 5

interface Session {
  school: SimSchool
  lang: 'kk' | 'ru'
  day: number
  courseId: string
  moduleId: string
  lessonId: string
  heads: number
}

async function parentLessons(ctx: SimContext) {
  const series = await ctx.db
    .selectFrom('courses')
    .select(['id', 'current_version_id'])
    .where('audience', '=', 'parents')
    .where('current_version_id', 'is not', null)
    .orderBy('id')
    .execute()
  const lessons: { courseId: string; moduleId: string; lessonId: string }[] = []
  for (const s of series) {
    const manifest = await versionManifest(ctx.db, s.current_version_id!)
    for (const { module, lesson } of manifest ? flatLessons(manifest) : []) lessons.push({ courseId: s.id, moduleId: module.id, lessonId: lesson.id })
  }
  return lessons
}

/** Head counts around `total / count`, adjusted one by one until they sum to `total` exactly. */
function headCounts(rng: Random, count: number, total: number, capacity: number): number[] {
  const mean = total / count
  const heads = Array.from({ length: count }, () => Math.min(capacity, Math.max(MIN_HEADS, Math.round(mean * (0.35 + 1.3 * rng.next())))))
  let diff = total - heads.reduce((s, h) => s + h, 0)
  const order = rng.shuffle(Array.from({ length: count }, (_, i) => i))
  while (diff !== 0) {
    let moved = false
    for (const i of order) {
      if (diff === 0) break
      const h = heads[i]!
      if (diff > 0 && h < capacity) {
        heads[i] = h + 1
        diff--
        moved = true
      } else if (diff < 0 && h > MIN_HEADS) {
        heads[i] = h - 1
        diff++
        moved = true
      }
    }
    if (!moved) throw new Error(`Cannot fit ${total} attendances into ${count} sessions of ${MIN_HEADS} to ${capacity}.`)
  }
  return heads
}

function planSessions(ctx: SimContext, rng: Random, regions: SimRegion[], lessons: { courseId: string; moduleId: string; lessonId: string }[]): Session[] {
  const schools = new WeightedPicker(
    regions.flatMap((r) => r.schools),
    (s) => s.weight,
  )
  const kk = new Map(regions.map((r) => [r.code, r.profile.kk]))
  const counts = yearlyIncrements('parent_attendances', ctx.spec.parentSessions)
  const sessions: Session[] = []
  const busy = new Set<string>()
  for (const [i, { year, value: heads }] of yearlyIncrements('parent_attendances', ctx.spec.attendances).entries()) {
    const count = counts[i]!.value
    const days = new DayPicker(dayNumber(`${year}-01-01`), Math.min(ctx.lastDay, dayNumber(`${year}-12-31`)), seasonal(PARENT_SEASON))
    const perSession = headCounts(rng, count, heads, DEFAULT_CAPACITY)
    for (const h of perSession) {
      const school = schools.pick(rng)
      let day = days.pick(rng)
      for (let tries = 0; busy.has(`${school.id}|${day}`) && tries < 20; tries++) day = days.pick(rng)
      busy.add(`${school.id}|${day}`)
      sessions.push({ school, lang: rng.chance(kk.get(school.regionCode) ?? 0.7) ? 'kk' : 'ru', day, ...rng.pick(lessons), heads: h })
    }
  }
  return sessions.sort((a, b) => a.day - b.day)
}

export async function writeParentSessions(ctx: SimContext, rng: Random, regions: SimRegion[]): Promise<number> {
  const lessons = await parentLessons(ctx)
  if (!lessons.length) return 0
  const sessions = planSessions(ctx, rng, regions, lessons).filter((s) => s.day <= ctx.untilDay)
  const codes = new Set((await ctx.db.selectFrom('parent_sessions').select('code').execute()).map((s) => s.code))
  await inBatches(ctx, 'parent sessions', sessions, 2_500, async (trx, batch) => {
    const rows = batch.map((s) => {
      let code = rng.text(6, CODE_ALPHABET)
      while (codes.has(code)) code = rng.text(6, CODE_ALPHABET)
      codes.add(code)
      const heldOn = isoDay(s.day)
      return {
        id: rng.id(),
        centre_id: s.school.centreId,
        school_id: s.school.id,
        region_code: s.school.regionCode,
        course_id: s.courseId,
        module_id: s.moduleId,
        lesson_id: s.lessonId,
        held_on: heldOn,
        facilitator: personName(rng, s.lang, rng.chance(0.85) ? 'f' : 'm'),
        head_count: s.heads,
        notes: null,
        code,
        code_expires_at: codeExpiry(heldOn),
        client_key: null,
        duplicate_of: null,
        counted: 1,
        source: 'simulated' as const,
        recorded_by: null,
        created_at: stampAt(s.day, rng.int(17 * 60, 21 * 60)),
      }
    })
    await insertRows(trx, 'parent_sessions', rows)
    await refresh(
      ctx,
      trx,
      ['parent_attendances'],
      rows.map((r) => r.id),
    )
  })
  return sessions.length
}
