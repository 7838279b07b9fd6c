// Kysely table types. Columns are portable between SQLite and PostgreSQL:
// ids and timestamps are text (timestamps as ISO-8601 UTC, which sort as they
// compare), flags are integers 0/1. See docs/decisions/003-portable-schema.md.
import type { Insertable, Selectable, Updateable } from 'kysely'

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
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  next_attempt_at: string
  last_error: string | null
  created_at: string
  sent_at: string | null
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

export interface DB {
  regions: RegionsTable
  schools: SchoolsTable
  users: UsersTable
  user_roles: UserRolesTable
  sessions: SessionsTable
  password_reset_tokens: PasswordResetTokensTable
  rate_limit_events: RateLimitEventsTable
  mail_outbox: MailOutboxTable
  audit_log: AuditLogTable
  app_settings: AppSettingsTable
}

export type User = Selectable<UsersTable>
export type NewUser = Insertable<UsersTable>
export type UserUpdate = Updateable<UsersTable>
export type Region = Selectable<RegionsTable>
export type School = Selectable<SchoolsTable>
export type MailMessage = Selectable<MailOutboxTable>
