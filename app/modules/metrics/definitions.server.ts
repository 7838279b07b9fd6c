import { sql, type RawBuilder } from 'kysely'
import { dialectOf, type Database } from '#db/client.server.ts'
import { z } from 'zod'
import type { MetricKey } from '#app/modules/metrics/keys.ts'

// Each metric's one definition: which things it counts (its subjects) and
// where each is counted (day, region, school, course, cohort, value), as one
// query over the raw tables. The same query serves an event's transaction
// (for the few subjects the event touched) and the reconciliation check (for
// every subject at once), so the two can only disagree when an event forgot
// to report itself.

/** Where one subject is counted, and how much it adds. */
export interface Attribution {
  subject_id: string
  /** YYYY-MM-DD in Kazakhstan's time. */
  day: string
  /** '' for a national figure. */
  region_code: string
  school_id: string
  course_id: string
  cohort_id: string
  value: number
}

// The one part of a course version's manifest a metric reads: its approval (absent or null when it has none).
const ManifestApprovalSchema = z.object({ approval: z.object({ number: z.string(), date: z.string() }).nullish() })

export interface MetricDefinition {
  key: MetricKey
  /** What one subject is: the dashboard says "distinct teachers" or "attendances". */
  subject: 'teacher' | 'user' | 'enrolment' | 'session' | 'course'
  /** The attributions of the given subjects (all subjects when omitted); subjects the metric does not count are absent. */
  attributions(db: Database, subjectIds?: readonly string[]): Promise<Attribution[]>
}

/**
 * Kazakhstan's calendar day of a stored UTC instant. The country has kept one
 * time zone, UTC+5, without summer time since 1 March 2024; the strategy's
 * data start in 2025.
 */
function localDay(db: Database, column: string): RawBuilder<string> {
  return dialectOf(db) === 'postgres'
    ? sql<string>`to_char((${sql.ref(column)})::timestamptz at time zone 'Asia/Almaty', 'YYYY-MM-DD')`
    : sql<string>`date(${sql.ref(column)}, '+5 hours')`
}

/** `and <column> in (...)` when subjects are given. */
function onlySubjects(column: string, ids: readonly string[] | undefined): RawBuilder<unknown> {
  if (!ids) return sql``
  return sql` and ${sql.ref(column)} in (${sql.join(ids.length ? ids : [''])})`
}

const CHUNK = 500

/** Runs a per-subject query in chunks of ids (bound parameters are limited), or once for everything. */
async function inChunks(ids: readonly string[] | undefined, run: (chunk: readonly string[] | undefined) => Promise<Attribution[]>): Promise<Attribution[]> {
  if (!ids) return run(undefined)
  const out: Attribution[] = []
  for (let i = 0; i < ids.length; i += CHUNK) out.push(...(await run(ids.slice(i, i + CHUNK))))
  return out
}

async function rows(db: Database, query: RawBuilder<Attribution>): Promise<Attribution[]> {
  const result = await query.execute(db)
  return result.rows.map((r) => ({ ...r, value: Number(r.value) }))
}

/**
 * A teacher counted once, at their first qualifying event: `events` lists
 * (user_id, at, tiebreak, day, course_id, cohort_id, event_region) and the
 * teacher is counted in their own region and school (the event's region when
 * the account has none).
 */
function firstPerTeacher(db: Database, events: RawBuilder<unknown>, ids: readonly string[] | undefined): Promise<Attribution[]> {
  return inChunks(ids, (chunk) =>
    rows(
      db,
      sql<Attribution>`
        select user_id as subject_id, day, region_code, school_id, course_id, cohort_id, 1 as value from (
          select ev.user_id, ev.day, coalesce(u.region_code, ev.event_region, '') as region_code, coalesce(u.school_id, '') as school_id,
                 ev.course_id, ev.cohort_id, row_number() over (partition by ev.user_id order by ev.at, ev.tiebreak) as n
          from (${events}) ev join users u on u.id = ev.user_id
          where 1 = 1${onlySubjects('ev.user_id', chunk)}
        ) first where n = 1`,
    ),
  )
}

/** An enrolment counted at a step, in its teacher's region and school (the cohort's region when the account has none). */
function enrolmentStep(
  db: Database,
  step: { join?: RawBuilder<unknown>; where: RawBuilder<unknown>; day: RawBuilder<string> },
  ids: readonly string[] | undefined,
) {
  return inChunks(ids, (chunk) =>
    rows(
      db,
      sql<Attribution>`
        select e.id as subject_id, ${step.day} as day, coalesce(u.region_code, co.region_code) as region_code, coalesce(u.school_id, '') as school_id,
               e.course_id, e.cohort_id, 1 as value
        from enrolments e join users u on u.id = e.user_id join cohorts co on co.id = e.cohort_id ${step.join ?? sql``}
        where e.status != 'withdrawn' and ${step.where}${onlySubjects('e.id', chunk)}`,
    ),
  )
}

/** The first of several rows per enrolment (its earliest follow-up response, its first support activity). */
function firstPerEnrolment(db: Database, events: RawBuilder<unknown>, ids: readonly string[] | undefined) {
  return inChunks(ids, (chunk) =>
    rows(
      db,
      sql<Attribution>`
        select subject_id, day, region_code, school_id, course_id, cohort_id, 1 as value from (
          select e.id as subject_id, ev.day, coalesce(u.region_code, co.region_code) as region_code, coalesce(u.school_id, '') as school_id,
                 e.course_id, e.cohort_id, row_number() over (partition by e.id order by ev.at, ev.tiebreak) as n
          from enrolments e join users u on u.id = e.user_id join cohorts co on co.id = e.cohort_id
          join (${events}) ev on ev.enrolment_id = e.id
          where e.status != 'withdrawn'${onlySubjects('e.id', chunk)}
        ) first where n = 1`,
    ),
  )
}

const followupResponses = (db: Database) => sql`
  select r.user_id, r.enrolment_id, r.submitted_at as at, r.id as tiebreak, ${localDay(db, 'r.submitted_at')} as day,
         coalesce(r.course_id, '') as course_id, coalesce(r.cohort_id, '') as cohort_id, r.region_code as event_region
  from survey_responses r
  where r.purpose = 'followup' and r.user_id is not null and r.submitted_at is not null`

const supportParticipations = sql`
  select p.user_id, a.held_on as at, a.created_at || a.id as tiebreak, a.held_on as day, coalesce(co.course_id, '') as course_id,
         coalesce(a.cohort_id, '') as cohort_id, a.region_code as event_region, a.cohort_id as activity_cohort
  from support_participants p join support_activities a on a.id = p.activity_id left join cohorts co on co.id = a.cohort_id`

export const DEFINITIONS: Record<MetricKey, MetricDefinition> = {
  /** Teachers trained: distinct teachers, counted on the day of their first valid certificate (not an attendance statement). */
  teachers_trained: {
    key: 'teachers_trained',
    subject: 'teacher',
    attributions: (db, ids) =>
      firstPerTeacher(
        db,
        sql`select c.user_id, c.issued_at as at, c.id as tiebreak, ${localDay(db, 'c.issued_at')} as day, c.course_id, c.cohort_id, c.region_code as event_region
            from certificates c where c.status = 'valid' and c.kind = 'certificate'`,
        ids,
      ),
  },
  /** Teachers in course monitoring: distinct teachers, on the day of their first submitted follow-up (post-course monitoring) response. Anonymous responses keep no person and cannot count. */
  teachers_in_course_monitoring: {
    key: 'teachers_in_course_monitoring',
    subject: 'teacher',
    attributions: (db, ids) => firstPerTeacher(db, followupResponses(db), ids),
  },
  /** Teachers in post-course support: distinct teachers, on the day of the first support activity (mentoring, webinar, consultation, observation) that reached them. */
  teachers_post_course_support: {
    key: 'teachers_post_course_support',
    subject: 'teacher',
    attributions: (db, ids) => firstPerTeacher(db, supportParticipations, ids),
  },
  /** Approved programs: teacher courses published with a ministry approval, on the approval's date; a national figure. */
  approved_programs: {
    key: 'approved_programs',
    subject: 'course',
    attributions: async (db, ids) => {
      let query = db
        .selectFrom('courses')
        .innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id')
        .select(['courses.id', 'course_versions.manifest'])
        .where('courses.audience', '=', 'teachers')
      if (ids) query = query.where('courses.id', 'in', ids.length ? [...ids] : [''])
      const found = await query.execute()
      return found.flatMap((c) => {
        const { approval } = ManifestApprovalSchema.parse(JSON.parse(c.manifest))
        if (!approval?.number || !/^\d{4}-\d{2}-\d{2}$/.test(approval.date)) return []
        return [{ subject_id: c.id, day: approval.date, region_code: '', school_id: '', course_id: c.id, cohort_id: '', value: 1 }]
      })
    },
  },
  /** Parent attendances: the head counts of counted parent sessions (a flagged repeat counts once confirmed as a separate group), on the session's day. */
  parent_attendances: {
    key: 'parent_attendances',
    subject: 'session',
    attributions: (db, ids) =>
      inChunks(ids, (chunk) =>
        rows(
          db,
          sql<Attribution>`
            select s.id as subject_id, s.held_on as day, s.region_code, s.school_id, s.course_id, '' as cohort_id, s.head_count as value
            from parent_sessions s where s.counted = 1${onlySubjects('s.id', chunk)}`,
        ),
      ),
  },
  /** Teachers in events: distinct teachers, on the day of the first wellbeing event (children's rights and wellbeing) they took part in. */
  teachers_in_events: {
    key: 'teachers_in_events',
    subject: 'teacher',
    attributions: (db, ids) =>
      firstPerTeacher(
        db,
        sql`select p.user_id, ev.held_on as at, ev.created_at || ev.id as tiebreak, ev.held_on as day, '' as course_id, '' as cohort_id, ev.region_code as event_region
            from event_participants p join wellbeing_events ev on ev.id = p.event_id`,
        ids,
      ),
  },
  /** Registered users: every account (teachers, parents, staff), on the day it was created. */
  registered_site_users: {
    key: 'registered_site_users',
    subject: 'user',
    attributions: (db, ids) =>
      inChunks(ids, (chunk) =>
        rows(
          db,
          sql<Attribution>`
            select u.id as subject_id, ${localDay(db, 'u.created_at')} as day, coalesce(u.region_code, '') as region_code, coalesce(u.school_id, '') as school_id,
                   '' as course_id, '' as cohort_id, 1 as value
            from users u where 1 = 1${onlySubjects('u.id', chunk)}`,
        ),
      ),
  },
  funnel_enrolled: {
    key: 'funnel_enrolled',
    subject: 'enrolment',
    attributions: (db, ids) => enrolmentStep(db, { where: sql`1 = 1`, day: localDay(db, 'e.enrolled_at') }, ids),
  },
  funnel_started: {
    key: 'funnel_started',
    subject: 'enrolment',
    attributions: (db, ids) => enrolmentStep(db, { where: sql`e.started_at is not null`, day: localDay(db, 'e.started_at') }, ids),
  },
  funnel_completed: {
    key: 'funnel_completed',
    subject: 'enrolment',
    attributions: (db, ids) =>
      enrolmentStep(db, { where: sql`e.status = 'completed' and e.completed_at is not null`, day: localDay(db, 'e.completed_at') }, ids),
  },
  funnel_certified: {
    key: 'funnel_certified',
    subject: 'enrolment',
    attributions: (db, ids) =>
      enrolmentStep(
        db,
        {
          join: sql`join certificates c on c.enrolment_id = e.id`,
          where: sql`c.status = 'valid' and c.kind = 'certificate'`,
          day: localDay(db, 'c.issued_at'),
        },
        ids,
      ),
  },
  /** An enrolment in monitoring: its teacher submitted a follow-up response for it. */
  funnel_monitored: {
    key: 'funnel_monitored',
    subject: 'enrolment',
    attributions: (db, ids) => firstPerEnrolment(db, sql`select * from (${followupResponses(db)}) f where f.enrolment_id is not null`, ids),
  },
  /** An enrolment in post-course support: its teacher took part in a support activity of its cohort. */
  funnel_supported: {
    key: 'funnel_supported',
    subject: 'enrolment',
    attributions: (db, ids) =>
      firstPerEnrolment(
        db,
        sql`select ce.id as enrolment_id, s.at, s.tiebreak, s.day from (${supportParticipations}) s
            join enrolments ce on ce.cohort_id = s.activity_cohort and ce.user_id = s.user_id`,
        ids,
      ),
  },
}

export const METRIC_KEYS = Object.keys(DEFINITIONS) as MetricKey[]
