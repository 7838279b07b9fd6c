import { sql } from 'kysely'
import { z } from 'zod'
import type { Work } from '#app/core/work.server.ts'
import { containsPattern } from '#app/utils/like-pattern.ts'
import { normaliseCode } from './facts.ts'
import { earnedKind, getCertificate, issueCertificate, type IssueError } from './issue.server.ts'

// The certificate registry as admins see it: search, one certificate with its
// history, and issuing by hand. `regions` is adminRegions(user) throughout:
// null for an admin (every region), the granted regions for a regional admin.

const PAGE_SIZE = 25

/** Who may see or change a certificate: an admin, or a regional admin of its region. */
export function canAdministerCertificate(cert: { region_code: string | null }, regions: string[] | null): boolean {
  return regions === null || (cert.region_code !== null && regions.includes(cert.region_code))
}

// Only what the registry table shows is read back from the stored facts.
const ListedFactsSchema = z.object({
  holder: z.string(),
  course: z.object({ kk: z.string().optional(), ru: z.string().optional(), en: z.string().optional() }),
  issued: z.string(),
})

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function listedFacts(json: string) {
  const parsed = ListedFactsSchema.safeParse(parseJson(json))
  return parsed.success ? parsed.data : { holder: '', course: {}, issued: '' }
}

export interface CertificateSearch {
  /** A registry number (or part of one), a holder's name, IIN or email, or a verification code. */
  q?: string
  courseId?: string
  cohortId?: string
  regionCode?: string
  year?: number
  regions: string[] | null
  page?: number
  pageSize?: number
}

export async function searchCertificates(work: Work, search: CertificateSearch) {
  const { db } = work
  const pageSize = search.pageSize ?? PAGE_SIZE
  const page = Math.max(1, search.page ?? 1)
  let q = db.selectFrom('certificates').innerJoin('users', 'users.id', 'certificates.user_id').leftJoin('regions', 'regions.code', 'certificates.region_code')
  if (search.regions) q = q.where('certificates.region_code', 'in', search.regions.length ? search.regions : [''])
  if (search.regionCode) q = q.where('certificates.region_code', '=', search.regionCode)
  if (search.courseId) q = q.where('certificates.course_id', '=', search.courseId)
  if (search.cohortId) q = q.where('certificates.cohort_id', '=', search.cohortId)
  if (search.year) q = q.where('certificates.year', '=', search.year)
  const text = search.q?.trim()
  if (text) {
    const code = normaliseCode(text)
    q = q.where((eb) =>
      eb.or([
        sql<boolean>`certificates.number like ${containsPattern(text.toUpperCase())} escape '\\'`,
        // users.search_text holds the name, email and IIN in Kazakh lower case (see userSearchText).
        sql<boolean>`users.search_text like ${containsPattern(text.toLocaleLowerCase('kk'))} escape '\\'`,
        ...(/^\d{12}$/.test(text) ? [eb('users.iin', '=', text)] : []),
        ...(code ? [eb('certificates.code', '=', code)] : []),
      ]),
    )
  }
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
  const rows = await q
    .select([
      'certificates.id',
      'certificates.number',
      'certificates.kind',
      'certificates.status',
      'certificates.issued_at',
      'certificates.facts',
      'certificates.revision',
      'users.iin',
      'regions.name_kk as region_kk',
      'regions.name_ru as region_ru',
      'regions.name_en as region_en',
    ])
    .orderBy('certificates.issued_at', 'desc')
    .orderBy('certificates.number', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return {
    total: Number(total.n),
    page,
    pageSize,
    rows: rows.map(({ facts, region_kk, region_ru, region_en, ...row }) => {
      const f = listedFacts(facts)
      return {
        ...row,
        holder: f.holder,
        course: f.course,
        issued: f.issued,
        region: region_kk !== null ? { name_kk: region_kk, name_ru: region_ru ?? '', name_en: region_en ?? '' } : null,
      }
    }),
  }
}

/**
 * Cohorts in `regions` that have certificates, newest first, with how many
 * valid certificates, valid attendance statements and revoked documents each has.
 */
export async function cohortsWithCertificates(work: Work, regions: string[] | null) {
  let q = work.db
    .selectFrom('cohorts')
    .innerJoin('regions', 'regions.code', 'cohorts.region_code')
    .select([
      'cohorts.id',
      'cohorts.title',
      'cohorts.course_id',
      'cohorts.region_code',
      'cohorts.starts_on',
      'regions.name_kk',
      'regions.name_ru',
      'regions.name_en',
      (eb) =>
        eb
          .selectFrom('certificates')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('certificates.cohort_id', '=', 'cohorts.id')
          .where('certificates.status', '=', 'valid')
          .where('certificates.kind', '=', 'certificate')
          .as('certificates'),
      (eb) =>
        eb
          .selectFrom('certificates')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('certificates.cohort_id', '=', 'cohorts.id')
          .where('certificates.status', '=', 'valid')
          .where('certificates.kind', '=', 'attendance')
          .as('attendance'),
      (eb) =>
        eb
          .selectFrom('certificates')
          .select((c) => c.fn.countAll<number>().as('n'))
          .whereRef('certificates.cohort_id', '=', 'cohorts.id')
          .where('certificates.status', '=', 'revoked')
          .as('revoked'),
    ])
    .where((eb) => eb.exists(eb.selectFrom('certificates').select('certificates.id').whereRef('certificates.cohort_id', '=', 'cohorts.id')))
  if (regions) q = q.where('cohorts.region_code', 'in', regions.length ? regions : [''])
  const rows = await q.orderBy('cohorts.starts_on', 'desc').orderBy('cohorts.title').execute()
  return rows.map((r) => {
    const [certificates, attendance, revoked] = [r.certificates, r.attendance, r.revoked].map((n) => Number(n ?? 0)) as [number, number, number]
    return { ...r, certificates, attendance, revoked, valid: certificates + attendance }
  })
}

/** The years in which certificates visible in `regions` were issued, newest first. */
export async function certificateYears(work: Work, regions: string[] | null): Promise<number[]> {
  let q = work.db.selectFrom('certificates').select('year').distinct()
  if (regions) q = q.where('region_code', 'in', regions.length ? regions : [''])
  const rows = await q.orderBy('year', 'desc').execute()
  return rows.map((r) => r.year)
}

const HistoryDetailsSchema = z
  .object({
    revision: z.number().optional(),
    holder: z.string().optional(),
    previousHolder: z.string().optional(),
    reason: z.string().optional(),
  })
  .catch({})

/** The audit records of one certificate, oldest first. */
export async function certificateHistory(work: Work, certificateId: string) {
  const rows = await work.db
    .selectFrom('audit_log')
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_user_id')
    .select(['audit_log.id', 'audit_log.action', 'audit_log.details', 'audit_log.created_at', 'actor.full_name as actor_name'])
    .where('audit_log.target_type', '=', 'certificate')
    .where('audit_log.target_id', '=', certificateId)
    .orderBy('audit_log.created_at')
    .orderBy('audit_log.id')
    .execute()
  return rows.map(({ details, ...row }) => ({ ...row, details: HistoryDetailsSchema.parse(parseJson(details)) }))
}

/** One certificate with its holder, cohort, region, issuer and history; null when there is none. */
export async function getCertificateForAdmin(work: Work, id: string) {
  const { db } = work
  const cert = await getCertificate(work, id)
  if (!cert) return null
  const [holder, cohort, region, issuer, history] = await Promise.all([
    db.selectFrom('users').select(['id', 'full_name', 'iin', 'email']).where('id', '=', cert.user_id).executeTakeFirstOrThrow(),
    db.selectFrom('cohorts').select(['id', 'title', 'lang', 'starts_on', 'ends_on']).where('id', '=', cert.cohort_id).executeTakeFirstOrThrow(),
    cert.region_code
      ? db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).where('code', '=', cert.region_code).executeTakeFirst()
      : null,
    cert.issued_by ? db.selectFrom('users').select(['id', 'full_name']).where('id', '=', cert.issued_by).executeTakeFirst() : null,
    certificateHistory(work, id),
  ])
  return { ...cert, holder, cohort, region: region ?? null, issuer: issuer ?? null, history }
}

export type ManualIssueError = 'noTeacher' | 'noEnrolment' | 'notYourRegion' | IssueError

export interface ManualIssue {
  iin: string
  courseId: string
  regions: string[] | null
}

/**
 * Issues, by hand, the document a teacher's enrolment in a course has earned
 * (issueCertificate audits it). The enrolment that earned one is preferred;
 * otherwise the latest is tried, so the refusal says why ('notComplete').
 */
export async function issueForTeacher(
  work: Work,
  input: ManualIssue,
): Promise<{ ok: true; certificateId: string; created: boolean } | { ok: false; error: ManualIssueError }> {
  const { db } = work
  const teacher = await db.selectFrom('users').select('id').where('iin', '=', input.iin).executeTakeFirst()
  if (!teacher) return { ok: false, error: 'noTeacher' }
  const enrolments = await db
    .selectFrom('enrolments')
    .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
    .select(['enrolments.id', 'enrolments.status', 'enrolments.lessons_done', 'enrolments.lessons_total', 'cohorts.region_code'])
    .where('enrolments.user_id', '=', teacher.id)
    .where('enrolments.course_id', '=', input.courseId)
    .orderBy('enrolments.enrolled_at', 'desc')
    .execute()
  if (enrolments.length === 0) return { ok: false, error: 'noEnrolment' }
  const mine = enrolments.filter((e) => input.regions === null || input.regions.includes(e.region_code))
  const chosen = mine.find((e) => earnedKind(e) !== null) ?? mine[0]
  if (!chosen) return { ok: false, error: 'notYourRegion' }
  return issueCertificate(work, chosen.id)
}
