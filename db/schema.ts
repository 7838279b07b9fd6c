// Kysely table types. Columns are portable between SQLite and PostgreSQL:
// ids and timestamps are text (timestamps as ISO-8601 UTC, which sort as they
// compare), flags are integers 0/1. See docs/decisions/003-portable-schema.md.
import type { ColumnType, Insertable, Selectable, Updateable } from 'kysely'

export type Role = 'teacher' | 'trainer' | 'parent' | 'coordinator' | 'regional_admin' | 'admin'
export type Locale = 'kk' | 'ru' | 'en'

export interface RegionsTable {
  code: string
  name_kk: string
  name_ru: string
  name_en: string
  kind: 'oblast' | 'city'
  sort: number
}

export interface SchoolsTable {
  id: string
  region_code: string
  district: string | null
  name_kk: string
  name_ru: string
  name_en: string
  is_demo: number
  created_at: string
  /** Business identification number from the national registry; null for schools entered before it (the demo ones). */
  bin: string | null
  district_id: string | null
  settlement: string | null
  kind: SchoolKind | null
  language: SchoolLanguage | null
  closed_at: string | null
  updated_at: string | null
}

export type SchoolKind = 'general' | 'gymnasium' | 'lyceum' | 'specialised' | 'small' | 'boarding' | 'other'
export type SchoolLanguage = 'kk' | 'ru' | 'mixed' | 'other'

export interface DistrictsTable {
  id: string
  region_code: string
  kind: 'district' | 'city'
  name_kk: string
  name_ru: string
  name_en: string
  sort: number
}

/** A registry import's checked change to one school, waiting to be applied (ADR 026). */
export interface RegistryStageTable {
  job_id: string
  school_id: string
  action: 'create' | 'update' | 'reopen' | 'close'
  line: number
  bin: string
  region_code: string
  district_id: string | null
  district: string | null
  settlement: string | null
  name_kk: string
  name_ru: string
  name_en: string
  kind: SchoolKind | null
  language: SchoolLanguage | null
  /** 1: the school is closed once applied (listed as closed, or absent from a full list). */
  closed: number
}

export interface UsersTable {
  id: string
  email: string
  iin: string | null
  full_name: string
  /** Name, email and IIN in lower case (Unicode-aware), for search: SQLite's lower() knows only ASCII. */
  search_text: string
  phone: string | null
  region_code: string | null
  school_id: string | null
  password_hash: string
  locale: Locale
  is_active: number
  is_demo: number
  created_at: string
  updated_at: string
  deactivated_at: string | null
}

export interface UserRolesTable {
  id: string
  user_id: string
  role: Role
  /** '' for an unscoped role, 'region:KZ-75' or 'school:<id>' for a scoped one. */
  scope: string
  region_code: string | null
  school_id: string | null
  granted_by: string | null
  granted_at: string
}

export interface SessionsTable {
  /** SHA-256 of the session token, hex: the token itself is never stored. */
  id: string
  user_id: string
  expires_at: string
  created_at: string
}

/** A registration waiting for its email address to be confirmed (migration 0013). */
export interface RegistrationRequestsTable {
  /** SHA-256 of the token sent by mail, hex. */
  id: string
  /** Lower-cased. */
  email: string
  iin: string
  full_name: string
  phone: string | null
  region_code: string
  school_id: string
  password_hash: string
  locale: Locale
  expires_at: string
  created_at: string
}

export interface PasswordResetTokensTable {
  /** SHA-256 of the token sent by mail, hex. */
  id: string
  user_id: string
  expires_at: string
  used_at: string | null
  created_at: string
}

export interface RateLimitEventsTable {
  id: string
  bucket: string
  key: string
  at: string
}

export interface MailOutboxTable {
  id: string
  kind: string
  user_id: string | null
  to_address: string
  subject: string
  text_body: string
  /** 'sending': claimed by a delivery loop at claimed_at (mail/delivery.server.ts). */
  status: 'pending' | 'sending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  sent_at: string | null
  /** When the latest attempt was claimed; null before the first. */
  claimed_at: string | null
}

export interface AuditLogTable {
  id: string
  actor_user_id: string | null
  action: string
  target_type: string
  target_id: string | null
  details: string
  ip: string | null
  created_at: string
}

export interface AppSettingsTable {
  key: string
  value: string
}

export type Audience = 'teachers' | 'parents'
export type QuizKind = 'diagnostic' | 'module' | 'final'
export type EnrolmentStatus = 'active' | 'completed' | 'not_passed' | 'withdrawn'

export interface CoursesTable {
  id: string
  audience: Audience
  current_version_id: string | null
  created_at: string
  updated_at: string
}

export interface CourseVersionsTable {
  id: string
  course_id: string
  content_hash: string
  /** JSON of CourseManifest (app/modules/content/manifest.ts). */
  manifest: string
  source: 'files' | 'app'
  published_by: string | null
  change_note: string | null
  published_at: string
}

export interface MdxBundlesTable {
  /** SHA-256 of the source plus the compiler key. */
  cache_key: string
  code: string
  frontmatter: string
  quizzes: string
  /** JSON: { reflections, links }. */
  facts: string
  created_at: string
}

export interface VersionLessonsTable {
  course_version_id: string
  module_id: string
  lesson_id: string
  lang: Locale
  source_hash: string
  bundle_key: string
}

export interface QuizKeysTable {
  course_version_id: string
  quiz_id: string
  kind: QuizKind
  module_id: string
  lesson_id: string
  /** JSON of QuizKey: the answers. Never sent to a browser. */
  questions: string
}

export interface CohortsTable {
  id: string
  course_id: string
  course_version_id: string
  title: string
  lang: Locale
  starts_on: string
  ends_on: string
  trainer_id: string | null
  capacity: number
  region_code: string
  status: 'open' | 'closed'
  created_by: string | null
  created_at: string
}

export interface EnrolmentsTable {
  id: string
  cohort_id: string
  course_id: string
  user_id: string
  status: EnrolmentStatus
  source: 'self' | 'import' | 'admin'
  lessons_done: number
  lessons_total: number
  last_module_id: string | null
  last_lesson_id: string | null
  final_score: number | null
  enrolled_at: string
  started_at: string | null
  last_activity_at: string | null
  completed_at: string | null
  ended_at: string | null
}

export interface LessonProgressTable {
  enrolment_id: string
  module_id: string
  lesson_id: string
  done_at: string
}

/** Seconds a learner spent on a lesson, credited by the server (time on task). */
export interface LessonTimeTable {
  enrolment_id: string
  module_id: string
  lesson_id: string
  seconds: number
  updated_at: string
}

/** The lesson of a learner's last lesson request, and when. */
export interface LessonOpensTable {
  enrolment_id: string
  module_id: string
  lesson_id: string
  opened_at: string
}

/** A course plan activity as the cohort's trainer recorded it for one teacher. */
export interface ActivityRecordsTable {
  enrolment_id: string
  activity_id: string
  outcome: 'done' | 'missed'
  held_on: string
  recorded_by: string | null
  recorded_at: string
}

export interface QuizAttemptsTable {
  id: string
  enrolment_id: string
  quiz_id: string
  kind: QuizKind
  attempt_no: number
  score: number
  passed: number
  answers: string
  submitted_at: string
}

/** Extra attempts at one quiz granted to a person in a course (db/migrations/0012-quiz-retakes.ts). */
export interface QuizRetakesTable {
  id: string
  user_id: string
  course_id: string
  quiz_id: string
  extra_attempts: number
  reason: string
  /** The enrolment whose roster it was granted from. */
  enrolment_id: string
  granted_by: string
  granted_at: string
}

export interface ReflectionsTable {
  enrolment_id: string
  reflection_id: string
  text: string
  updated_at: string
}

/** A background job (app/modules/jobs): an import or an archive, its progress and its outcome. */
export interface JobsTable {
  id: string
  kind: string
  status: 'running' | 'failed' | 'done'
  file_name: string
  total: number
  processed: number
  /** JSON, read through the kind's result schema. */
  result: string | null
  /** JSON, read through the kind's params schema. */
  params: string
  created_by: string | null
  created_at: string
  started_at: string | null
  /** Refreshed by the runner while it works: older than the stale limit, the job was cut short. */
  heartbeat_at: string
  /** hostname:pid of the process running it. */
  runner: string | null
  finished_at: string | null
  /** What a job of several phases is doing now (a roster: reading, checking, staging, saving, inviting). */
  phase: ColumnType<string | null, string | null | undefined, string | null>
  /** How far a job that works through lines in steps has got (a roster: the last staged line applied or invited). */
  cursor: ColumnType<number | null, number | null | undefined, number | null>
}

/** A national roster's checked rows, kept until the import has been applied (ADR 025). */
export interface RosterStagingTable {
  job_id: string
  line: number
  user_id: string
  action: 'create' | 'update' | 'keep'
  iin: string
  full_name: string
  email: string
  region_code: string
  school_id: string
  search_text: string
  /** A new teacher's placeholder that no password verifies against; null for others. */
  password_hash: string | null
  /** A new teacher's role row's id. */
  role_id: string | null
  /** The cohort to enrol in; null when the teacher is in it already. */
  cohort_id: string | null
  enrolment_id: string | null
  lessons_total: number | null
  /** The course's pre-course survey and its current version, given at enrolment. */
  survey_id: string | null
  survey_version_id: string | null
  assignment_id: string | null
}

export interface CertificateCountersTable {
  year: number
  last_seq: number
}

export interface CertificatesTable {
  id: string
  enrolment_id: string
  user_id: string
  course_id: string
  cohort_id: string
  region_code: string | null
  kind: 'certificate' | 'attendance'
  /** ORK-YYYY-NNNNNN, gapless within a year. */
  number: string
  year: number
  seq: number
  /** The random verification code in /verify/:code; not derived from the number. */
  code: string
  /** JSON of CertificateFacts (app/modules/certificates/facts.ts). */
  facts: string
  token: string
  /** The QR code's text, kept so a change of the site's address never changes an issued PDF. */
  qr_text: string
  /** SHA-256 of the PDF as renderer `pdf_version` writes it; '' until it is first rendered (after the issuing commit). */
  pdf_sha256: string
  /** The renderer (CERTIFICATE_PDF_VERSION) whose bytes pdf_sha256 is the hash of; null until rendered. */
  pdf_version: number | null
  revision: number
  status: 'valid' | 'revoked'
  issued_at: string
  issued_by: string | null
  revoked_at: string | null
  revoke_reason: string | null
}

export interface SurveysTable {
  id: string
  current_version_id: string | null
  created_at: string
}

export interface SurveyVersionsTable {
  id: string
  survey_id: string
  content_hash: string
  /** JSON of SurveyDefinition (app/modules/surveys/definition.ts). */
  definition: string
  purpose: 'pre' | 'end' | 'followup' | 'parent-feedback'
  anonymous: number
  published_at: string
}

export interface SurveyAssignmentsTable {
  id: string
  survey_id: string
  survey_version_id: string
  user_id: string
  enrolment_id: string | null
  course_id: string | null
  cohort_id: string | null
  region_code: string | null
  /** pre | end | followup:<days>: one assignment per enrolment and key. */
  schedule_key: string
  status: 'assigned' | 'started' | 'submitted'
  assigned_at: string
  started_at: string | null
  submitted_at: string | null
  reminders_sent: number
  last_reminded_at: string | null
}

export interface SurveyDraftsTable {
  assignment_id: string
  answers: string
  updated_at: string
}

export interface SurveyResponsesTable {
  id: string
  survey_id: string
  survey_version_id: string
  purpose: string
  schedule_key: string
  course_id: string | null
  cohort_id: string | null
  region_code: string | null
  /** Null for an anonymous survey. */
  enrolment_id: string | null
  /** Null for an anonymous survey. */
  user_id: string | null
  /** YYYY-MM: an anonymous response keeps only the month. */
  period: string
  submitted_at: string | null
}

export interface SurveyAnswersTable {
  response_id: string
  item_id: string
  value_num: number | null
  option_id: string | null
  value_text: string | null
}

export interface NotificationsTable {
  id: string
  user_id: string
  kind: string
  message_key: string
  params: string
  link: string | null
  created_at: string
  read_at: string | null
}

export interface MailPreferencesTable {
  user_id: string
  kind: string
  unsubscribed_at: string
}

export interface SupportActivitiesTable {
  id: string
  kind: 'mentoring' | 'webinar' | 'consultation' | 'observation'
  title: string
  held_on: string
  trainer_id: string
  cohort_id: string | null
  region_code: string | null
  notes: string | null
  checklist: string | null
  created_at: string
}

export interface SupportParticipantsTable {
  activity_id: string
  user_id: string
}

export interface ContentBlobsTable {
  hash: string
  text: string
  created_at: string
}

export interface CourseVersionFilesTable {
  course_version_id: string
  /** Relative to the course folder: course.yml, kk/01-module/01-lesson.mdx. */
  path: string
  blob_hash: string
  /** When this file's text last changed, carried across versions. */
  changed_at: string
}

export interface DraftFilesTable {
  course_id: string
  path: string
  /** Null: the draft removes the file. */
  text: string | null
  /** The published file's blob when editing began; null for a new file. */
  base_hash: string | null
  changed_at: string
  changed_by: string | null
}

/** A course's accreditation facts as last approved (ADR 017). */
export interface CourseAccreditationTable {
  course_id: string
  /** JSON of AccreditationFacts (app/modules/accreditation/facts.ts). */
  facts: string
  approved_at: string
  /** Null: established by the course's first version, from content/ files. */
  approved_by: string | null
  request_id: string | null
}

export type AccreditationRequestStatus = 'pending' | 'approved' | 'rejected' | 'superseded'

/** A change to a course's accreditation facts, asked by one person, decided by an admin who is another. */
export interface AccreditationRequestsTable {
  id: string
  course_id: string
  requested_by: string
  reason: string
  /** JSON of FactChange[]: [{ fact, from, to }]. */
  changes: string
  status: AccreditationRequestStatus
  created_at: string
  decided_by: string | null
  decided_at: string | null
  decision_comment: string | null
  /** The version an approval published. */
  version_id: string | null
}

export interface ParityAcksTable {
  course_id: string
  /** <module>/<lesson> */
  lesson_key: string
  acked_at: string
  acked_by: string | null
}

export interface CourseEditorsTable {
  course_id: string
  user_id: string
  added_by: string | null
  added_at: string
}

export type MediaKind = 'video' | 'pdf' | 'image' | 'captions'

export interface MediaFilesTable {
  id: string
  course_id: string
  sha256: string
  kind: MediaKind
  mime: string
  size: number
  /** The uploader's file name, cleaned; never used as a path. */
  name: string
  uploaded_by: string | null
  created_at: string
  /** Set when a published version first uses the file: from then on it is public. */
  published_at: string | null
  deleted_at: string | null
}

export interface MediaUploadsTable {
  /** The tus upload id. */
  id: string
  course_id: string
  user_id: string
  name: string
  size: number
  created_at: string
  media_id: string | null
  /** Why the upload was refused: an i18n key. */
  error: string | null
}

export interface ParentCentresTable {
  id: string
  school_id: string
  capacity: number
  /** No session may be dated before it. */
  opened_on: string
  created_at: string
  updated_at: string
}

export type ParentSessionSource = 'form' | 'offline' | 'csv' | 'simulated'

export interface ParentSessionsTable {
  id: string
  centre_id: string
  school_id: string
  region_code: string
  /** The parent lesson series (a course with audience 'parents'). */
  course_id: string
  module_id: string
  lesson_id: string
  held_on: string
  facilitator: string
  head_count: number
  notes: string | null
  /** The short check-in code. */
  code: string
  code_expires_at: string
  /** Idempotency: an offline phone's resend or a CSV row. */
  client_key: string | null
  /** Set when the same lesson was already recorded at this centre that day: flagged, not counted. */
  duplicate_of: string | null
  /** 1: its head count is in the attendance metric. */
  counted: number
  source: ParentSessionSource
  recorded_by: string | null
  created_at: string
}

export interface ParentCheckinsTable {
  id: string
  session_id: string
  user_id: string | null
  name: string | null
  phone: string | null
  /** The parent as typed (phone:+7…, else name:…), unique per session; null for an anonymous check-in. See app/modules/parents/parent-key.ts. */
  parent_key: string | null
  created_at: string
}

export interface ParentLessonReadsTable {
  user_id: string
  course_id: string
  module_id: string
  lesson_id: string
  read_at: string
}

export interface FeedbackTicketsTable {
  /** SHA-256 of the session id and the ticket. */
  key: string
  issued_at: string
}

export interface MetricRollupsTable {
  metric: string
  /** YYYY-MM-DD in Kazakhstan's time. */
  day: string
  region_code: string
  /** '' when the metric has no course. */
  course_id: string
  value: number
}

/** A subject whose metric an event's write left for the next refresh (metrics/pending.server.ts). */
export interface MetricPendingTable {
  id: string
  metric: string
  subject_id: string
  queued_at: string
}

/** What one counted thing (a teacher, an enrolment, a session, a course) adds to a metric, and where it is counted. */
export interface MetricSubjectsTable {
  metric: string
  subject_id: string
  /** YYYY-MM-DD in Kazakhstan's time. */
  day: string
  /** '' for a national figure (approved programs). */
  region_code: string
  school_id: string
  course_id: string
  cohort_id: string
  value: number
}

/** A metric per month, region and course: what the dashboard reads. */
export interface MetricMonthlyRollupsTable {
  metric: string
  /** YYYY-MM */
  month: string
  region_code: string
  course_id: string
  value: number
}

/** How often each source of the dashboard's figures has changed: a cached dashboard is stale once the sum moves (ADR 031). */
export interface MetricVersionsTable {
  /** A metric's key, 'targets' or 'courses'. */
  source: string
  version: number
}

/** A metric per year and school or cohort: the dashboard's drill-downs. */
export interface MetricUnitRollupsTable {
  metric: string
  year: number
  unit: 'school' | 'cohort'
  unit_id: string
  region_code: string
  course_id: string
  value: number
}

export interface WellbeingEventsTable {
  id: string
  title: string
  kind: 'seminar' | 'training' | 'conference' | 'webinar' | 'campaign'
  held_on: string
  region_code: string | null
  organiser_id: string
  notes: string | null
  created_at: string
}

export interface EventParticipantsTable {
  event_id: string
  user_id: string
}

export interface MetricTargetsTable {
  metric: string
  year: number
  value: number
  updated_by: string | null
  updated_at: string
}

export interface DB {
  regions: RegionsTable
  schools: SchoolsTable
  districts: DistrictsTable
  registry_stage: RegistryStageTable
  users: UsersTable
  user_roles: UserRolesTable
  sessions: SessionsTable
  password_reset_tokens: PasswordResetTokensTable
  registration_requests: RegistrationRequestsTable
  rate_limit_events: RateLimitEventsTable
  mail_outbox: MailOutboxTable
  audit_log: AuditLogTable
  quiz_retakes: QuizRetakesTable
  app_settings: AppSettingsTable
  courses: CoursesTable
  course_versions: CourseVersionsTable
  mdx_bundles: MdxBundlesTable
  version_lessons: VersionLessonsTable
  quiz_keys: QuizKeysTable
  cohorts: CohortsTable
  enrolments: EnrolmentsTable
  lesson_progress: LessonProgressTable
  lesson_time: LessonTimeTable
  lesson_opens: LessonOpensTable
  activity_records: ActivityRecordsTable
  quiz_attempts: QuizAttemptsTable
  reflections: ReflectionsTable
  jobs: JobsTable
  roster_staging: RosterStagingTable
  certificate_counters: CertificateCountersTable
  certificates: CertificatesTable
  surveys: SurveysTable
  survey_versions: SurveyVersionsTable
  survey_assignments: SurveyAssignmentsTable
  survey_drafts: SurveyDraftsTable
  survey_responses: SurveyResponsesTable
  survey_answers: SurveyAnswersTable
  notifications: NotificationsTable
  mail_preferences: MailPreferencesTable
  support_activities: SupportActivitiesTable
  support_participants: SupportParticipantsTable
  content_blobs: ContentBlobsTable
  course_version_files: CourseVersionFilesTable
  draft_files: DraftFilesTable
  parity_acks: ParityAcksTable
  course_accreditation: CourseAccreditationTable
  accreditation_requests: AccreditationRequestsTable
  course_editors: CourseEditorsTable
  media_files: MediaFilesTable
  media_uploads: MediaUploadsTable
  parent_centres: ParentCentresTable
  parent_sessions: ParentSessionsTable
  parent_checkins: ParentCheckinsTable
  parent_lesson_reads: ParentLessonReadsTable
  feedback_tickets: FeedbackTicketsTable
  metric_rollups: MetricRollupsTable
  metric_targets: MetricTargetsTable
  metric_pending: MetricPendingTable
  metric_subjects: MetricSubjectsTable
  metric_unit_rollups: MetricUnitRollupsTable
  metric_monthly_rollups: MetricMonthlyRollupsTable
  metric_versions: MetricVersionsTable
  wellbeing_events: WellbeingEventsTable
  event_participants: EventParticipantsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type Region = Selectable<RegionsTable>
export type School = Selectable<SchoolsTable>
export type MailMessage = Selectable<MailOutboxTable>
