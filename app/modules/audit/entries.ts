// What the audit log's entries say, for a person: each action the app writes
// has a label in the catalogue (audit.action.<action>), and the details, stored
// as JSON, become a list of labelled values with links where a page exists.
// Pure data, no database: the page translates the keys it is given.

/** Every action a write records with tx.audit(). A test checks the source for new ones. */
export const AUDIT_ACTIONS = [
  'accreditation.approve',
  'accreditation.reject',
  'accreditation.request',
  'centre.update',
  'certificate.export',
  'certificate.issue',
  'certificate.reissue',
  'certificate.revoke',
  'cohort.attendance',
  'cohort.close',
  'cohort.create',
  'cohort.move_version',
  'cohort.open',
  'course.draft_discard',
  'course.editor_add',
  'course.editor_remove',
  'course.publish',
  'enrolment.create',
  'event.record',
  'import.conflict',
  'import.enrolments',
  'import.run',
  'outbox.retry',
  'parent_session.confirm_distinct',
  'parent_session.import',
  'parent_session.record',
  'quiz.retake.grant',
  'registry.import',
  'support.record',
  'target.add_year',
  'target.set',
  'user.admin_create',
  'user.deactivate',
  'user.mail_unsubscribe',
  'user.password_change',
  'user.password_reset_request',
  'user.reactivate',
  'user.register',
  'user.role_grant',
  'user.role_revoke',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

const actions = new Set<string>(AUDIT_ACTIONS)
export const isAuditAction = (value: string): value is AuditAction => actions.has(value)

/** The kinds of thing an entry is about, each with a label (audit.target.<type>). */
export const AUDIT_TARGETS = [
  'certificate',
  'cohort',
  'course',
  'enrolment',
  'import_job',
  'mail',
  'metric_target',
  'parent_session',
  'school',
  'schools',
  'support_activity',
  'user',
  'wellbeing_event',
] as const
export type AuditTarget = (typeof AUDIT_TARGETS)[number]
const targets = new Set<string>(AUDIT_TARGETS)
export const isAuditTarget = (value: string): value is AuditTarget => targets.has(value)

/** Detail keys with a label (audit.detail.<key>); others are shown as written. */
export const AUDIT_DETAIL_KEYS = [
  'activityId',
  'alreadyEnrolled',
  'already',
  'attendances',
  'capacity',
  'certificates',
  'changed',
  'changes',
  'closed',
  'cohortId',
  'comment',
  'copiedFrom',
  'courseId',
  'created',
  'done',
  'duplicateOf',
  'email',
  'enrolled',
  'enrolmentId',
  'extra',
  'fact',
  'fileName',
  'files',
  'flagged',
  'from',
  'full',
  'headCount',
  'heldOn',
  'holder',
  'jobId',
  'kind',
  'lines',
  'metric',
  'missed',
  'new',
  'note',
  'number',
  'old',
  'openedOn',
  'parityConfirmed',
  'participants',
  'previousHolder',
  'progressCleared',
  'quizId',
  'reason',
  'recorded',
  'regionCode',
  'removed',
  'reopened',
  'requestId',
  'requestedBy',
  'retried',
  'revision',
  'role',
  'rows',
  'schoolId',
  'source',
  'superseded',
  'to',
  'trainerId',
  'unchanged',
  'updated',
  'userId',
  'usersCreated',
  'usersFound',
  'usersUpdated',
  'values',
  'versionId',
  'via',
  'year',
] as const
export type AuditDetailKey = (typeof AUDIT_DETAIL_KEYS)[number]
const detailKeys = new Set<string>(AUDIT_DETAIL_KEYS)
const isDetailKey = (value: string): value is AuditDetailKey => detailKeys.has(value)

export type AuditValue =
  | { kind: 'text'; text: string }
  | { kind: 'number'; value: number }
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'none' }
  | { kind: 'link'; text: string; href: string }
  | { kind: 'role'; role: string }
  | { kind: 'list'; items: AuditValue[] }
  | { kind: 'record'; entries: AuditDetail[] }

export interface AuditDetail {
  /** A label's key, or null when the key is shown as written (`name`). */
  label: AuditDetailKey | null
  name: string
  value: AuditValue
}

// Ids that have a page of their own.
const LINKS: Partial<Record<string, (id: string) => string>> = {
  userId: (id) => `/admin/users/${id}`,
  requestedBy: (id) => `/admin/users/${id}`,
  trainerId: (id) => `/admin/users/${id}`,
  cohortId: (id) => `/cohorts/${id}/roster`,
  requestId: () => '/admin/accreditation',
}

function valueOf(name: string, raw: unknown): AuditValue {
  if (raw === null || raw === undefined || raw === '') return { kind: 'none' }
  if (typeof raw === 'boolean') return { kind: raw ? 'yes' : 'no' }
  if (typeof raw === 'number') return { kind: 'number', value: raw }
  if (typeof raw === 'string') {
    const link = LINKS[name]
    if (link) return { kind: 'link', text: raw, href: link(raw) }
    if (name === 'role') return { kind: 'role', role: raw }
    return { kind: 'text', text: raw }
  }
  if (Array.isArray(raw)) return { kind: 'list', items: raw.map((item) => valueOf(name, item)) }
  if (typeof raw === 'object') return { kind: 'record', entries: detailsOf(raw) }
  return { kind: 'text', text: String(raw) }
}

function detailsOf(object: object): AuditDetail[] {
  return Object.entries(object).map(([name, raw]) => ({ label: isDetailKey(name) ? name : null, name, value: valueOf(name, raw) }))
}

/** An entry's stored details (JSON) as labelled values; text that is no JSON object is kept as one value. */
export function auditDetails(json: string | null): AuditDetail[] {
  if (!json) return []
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return [{ label: null, name: '', value: { kind: 'text', text: json } }]
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return [{ label: null, name: '', value: valueOf('', parsed) }]
  return detailsOf(parsed)
}

/** Where the thing an entry is about can be seen, if it has a page. */
export function auditTargetHref(action: string, targetType: string | null, targetId: string | null): string | null {
  if (!targetId) return null
  switch (targetType) {
    case 'user':
      return `/admin/users/${targetId}`
    case 'cohort':
      return `/cohorts/${targetId}/roster`
    case 'certificate':
      return `/admin/certificates/${targetId}`
    case 'wellbeing_event':
      return `/admin/events/${targetId}`
    case 'parent_session':
      return `/centre/sessions/${targetId}`
    case 'schools':
      return `/admin/schools/import/${targetId}`
    case 'import_job':
      return action === 'parent_session.import' ? `/admin/parents/import/${targetId}` : `/admin/import/${targetId}`
    default:
      return null
  }
}
