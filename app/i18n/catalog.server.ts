import { createHash } from 'node:crypto'
import { locales, renderMessage, type Locale, type MessageText } from './locales.ts'
import { adminMessages } from './messages/admin.server.ts'
import { authMessages } from './messages/auth.server.ts'
import { certificatesMessages } from './messages/certificates.server.ts'
import { certificatesAdminMessages } from './messages/certificates-admin.server.ts'
import { cohortsMessages } from './messages/cohorts.server.ts'
import { commonMessages } from './messages/common.server.ts'
import { coursesMessages } from './messages/courses.server.ts'
import { importMessages } from './messages/import.server.ts'
import { monitoringMessages } from './messages/monitoring.server.ts'
import { supportMessages } from './messages/support.server.ts'
import { surveyReportsMessages } from './messages/survey-reports.server.ts'
import { surveysMessages } from './messages/surveys.server.ts'
import { authoringMessages } from './messages/authoring.server.ts'
import { mediaMessages } from './messages/media.server.ts'
import { editorMessages } from './messages/editor.server.ts'
import { historyMessages } from './messages/history.server.ts'
import { parentsMessages } from './messages/parents.server.ts'
import { parentsUiMessages } from './messages/parents-ui.server.ts'
import { parentReportsMessages } from './messages/parent-reports.server.ts'
import { parentLessonsMessages } from './messages/parent-lessons.server.ts'
import { targetsMessages } from './messages/targets.server.ts'
import { eventsMessages } from './messages/events.server.ts'
import { dashboardMessages } from './messages/dashboard.server.ts'
import { dashboardExportMessages } from './messages/dashboard-export.server.ts'
import { accreditationMessages } from './messages/accreditation.server.ts'
import { planMessages } from './messages/plan.server.ts'
import { spreadsheetMessages } from './messages/spreadsheet.server.ts'
import { placesMessages } from './messages/places.server.ts'
import { registryMessages } from './messages/registry.server.ts'
import { rosterMessages } from './messages/roster.server.ts'
import { deliveryMessages } from './messages/delivery.server.ts'
import { setupMessages } from './messages/setup.server.ts'
import { exportFormatMessages } from './messages/export-format.server.ts'
import { auditMessages } from './messages/audit.server.ts'
import { languagesMessages } from './messages/languages.server.ts'
import { navigationMessages } from './messages/navigation.server.ts'
import { nextStepsMessages } from './messages/next-steps.server.ts'

// Every message the app shows, by key. The catalogue stays on the server: a
// browser receives one language's dictionary (see routes/i18n.$locale.ts).
const catalog = {
  ...commonMessages,
  ...authMessages,
  ...adminMessages,
  ...coursesMessages,
  ...cohortsMessages,
  ...importMessages,
  ...certificatesMessages,
  ...certificatesAdminMessages,
  ...surveysMessages,
  ...surveyReportsMessages,
  ...supportMessages,
  ...monitoringMessages,
  ...authoringMessages,
  ...mediaMessages,
  ...editorMessages,
  ...historyMessages,
  ...parentsMessages,
  ...parentsUiMessages,
  ...parentReportsMessages,
  ...parentLessonsMessages,
  ...targetsMessages,
  ...eventsMessages,
  ...dashboardMessages,
  ...dashboardExportMessages,
  ...accreditationMessages,
  ...planMessages,
  ...spreadsheetMessages,
  ...placesMessages,
  ...registryMessages,
  ...rosterMessages,
  ...deliveryMessages,
  ...setupMessages,
  ...exportFormatMessages,
  ...auditMessages,
  ...languagesMessages,
  ...navigationMessages,
  ...nextStepsMessages,
}

export type MessageKey = keyof typeof catalog
export type Dictionary = Record<MessageKey, MessageText>
export type MessageParams = Record<string, string | number>

/** The parameter a counted message's noun agrees with, or never for a plain message. */
type CountParam<K extends MessageKey> = (typeof catalog)[K]['ru'] extends { by: infer B extends string } ? B : never

/** A message's parameters: a counted message needs its count (a number, or one written by format.ts) to choose the noun's form. */
export type MessageArgs<K extends MessageKey> = [CountParam<K>] extends [never]
  ? [params?: MessageParams]
  : [params: MessageParams & Record<CountParam<K>, number | string>]

const dictionaries = Object.fromEntries(
  locales.map((locale) => [locale, Object.fromEntries(Object.entries(catalog).map(([key, value]) => [key, value[locale]]))]),
) as Record<Locale, Dictionary>

/** Changes whenever any message changes, so browsers may cache a dictionary forever. */
export const catalogVersion = createHash('sha256').update(JSON.stringify(catalog)).digest('hex').slice(0, 12)

export function dictionaryFor(locale: Locale): Dictionary {
  return dictionaries[locale]
}

// The words of staff pages (authoring, the parent centres' pages and reports)
// are sent with those pages (MoreMessages), not in the dictionary every browser
// downloads: a learner's or parent's phone never needs them.
const STAFF_ONLY = [
  'authoring.',
  'editor.',
  'media.',
  'history.',
  'centre.',
  'parentReports.',
  'parentImport.',
  'targets.',
  'events.',
  'dashboard.',
  'dashboardExport.',
  'accreditation.',
  'registry.',
  'roster.',
  'delivery.',
  'audit.',
] as const
type StaffPrefix = (typeof STAFF_ONLY)[number]
const isStaffOnly = (key: string) => STAFF_ONLY.some((prefix) => key.startsWith(prefix))
const browserDictionaries = Object.fromEntries(
  locales.map((locale) => [locale, Object.fromEntries(Object.entries(dictionaries[locale]).filter(([key]) => !isStaffOnly(key)))]),
) as Record<Locale, Partial<Dictionary>>
const staffDictionaries = Object.fromEntries(
  locales.map((locale) => [locale, Object.fromEntries(Object.entries(dictionaries[locale]).filter(([key]) => isStaffOnly(key)))]),
) as Record<Locale, Partial<Dictionary>>

/** The dictionary a browser downloads for every page. */
export function browserDictionaryFor(locale: Locale): Partial<Dictionary> {
  return browserDictionaries[locale]
}

/** The staff pages' messages, sent in those pages' loader data. */
/** The staff pages' words, or only those under the given prefixes (a page sends what it uses). */
export function staffMessagesFor(locale: Locale, prefixes?: readonly StaffPrefix[]): Partial<Dictionary> {
  if (!prefixes) return staffDictionaries[locale]
  // Filtering the whole dictionary took a dashboard request ~1 ms: a page's selection is made once per language.
  const key = `${locale}|${prefixes.join('|')}`
  let selection = staffSelections.get(key)
  if (!selection) {
    selection = Object.freeze(
      Object.fromEntries(Object.entries(staffDictionaries[locale]).filter(([entry]) => prefixes.some((prefix) => entry.startsWith(prefix)))),
    )
    staffSelections.set(key, selection)
  }
  return selection
}

const staffSelections = new Map<string, Partial<Dictionary>>()

export function allMessageKeys(): MessageKey[] {
  return Object.keys(catalog) as MessageKey[]
}

/** Translates on the server, for mail and other text made outside React. */
export function translate<K extends MessageKey>(locale: Locale, key: K, ...[params]: MessageArgs<K>): string {
  return renderMessage(dictionaries[locale][key], locale, params)
}

/** Translates a key that arrived as data; a string that is no key is returned as it is. */
export function translateKey(locale: Locale, value: string, params?: MessageParams): string {
  const text = (dictionaries[locale] as Record<string, MessageText>)[value]
  return text === undefined ? value : renderMessage(text, locale, params)
}

/** Every form of a message in one language (one string, or each plural form). */
export function messageForms(locale: Locale, key: MessageKey): string[] {
  const text = dictionaries[locale][key]
  return typeof text === 'string' ? [text] : Object.entries(text).flatMap(([name, form]) => (name === 'by' ? [] : [form]))
}

/** The keys of counted messages. */
export function pluralKeys(): MessageKey[] {
  return allMessageKeys().filter((key) => typeof dictionaries.ru[key] !== 'string')
}

/** For tests: each locale's key list, straight from the catalogue. */
export function keysByLocale(): Record<Locale, string[]> {
  return Object.fromEntries(
    locales.map((l) => [
      l,
      Object.entries(catalog)
        .filter(([, v]) => {
          const text: MessageText = v[l]
          const forms = typeof text === 'string' ? [text] : Object.values(text as Record<string, string>)
          return forms.every((form) => form.trim() !== '')
        })
        .map(([k]) => k),
    ]),
  ) as Record<Locale, string[]>
}
