import type { Insertable } from 'kysely'
import { z } from 'zod'
import type { SurveyAnswersTable } from '#db/schema.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { isRequired, surveyItems, type SurveyDefinition, type SurveyItem } from './definition.ts'
import { FIELD_PREFIX, TEXT_MAX } from './form-view.ts'

// Answers to a survey as values: a form's `item.<id>` fields read into typed
// answers (the one way both survey forms are read), checked against the
// survey's items, a stored draft read back, and the rows a response is stored
// as. No database here: answers.server.ts and the parent feedback write them.

/**
 * Answers by item id (a question, or a matrix row): Likert and scale10 as
 * numbers, a single choice as its option id, a multiple choice as option ids,
 * free text as text.
 */
export type AnswerValue = number | string | string[]
export type SurveyAnswers = Record<string, AnswerValue>

export type AnswerErrorKey = Extract<MessageKey, `survey.error.${string}`>

export interface AnswerErrors {
  /** Problems of the form as a whole: an answer to an item the survey does not have. */
  form: AnswerErrorKey[]
  /** At most one problem per item id. */
  items: Record<string, AnswerErrorKey>
}

export interface ParsedAnswers {
  answers: SurveyAnswers
  /** What the form sent for each known item, to show again beside the errors. */
  values: Record<string, string[]>
  errors: AnswerErrors | null
}

/**
 * Reads `item.<itemId>` fields into typed answers. Unanswered items are left
 * out; they are an error only when `final` (the answers are being sent), never
 * for a draft.
 */
export function parseAnswers(def: SurveyDefinition, formData: FormData, { final = false }: { final?: boolean } = {}): ParsedAnswers {
  const items = itemsById(def)
  const values: Record<string, string[]> = {}
  const errors: AnswerErrors = { form: [], items: {} }
  for (const [name, value] of formData.entries()) {
    if (!name.startsWith(FIELD_PREFIX)) continue
    const id = name.slice(FIELD_PREFIX.length)
    if (!items.has(id) || typeof value !== 'string') {
      addFormError(errors, 'survey.error.tampered')
      continue
    }
    ;(values[id] ??= []).push(value)
  }
  const answers: SurveyAnswers = {}
  for (const [id, raw] of Object.entries(values)) {
    const read = readItem(items.get(id)!, raw)
    if ('error' in read) errors.items[id] = read.error
    else if (read.value !== undefined) answers[id] = read.value
  }
  const checked = checkAnswers(def, answers, { final })
  if (checked) {
    for (const e of checked.form) addFormError(errors, e)
    for (const [id, e] of Object.entries(checked.items)) errors.items[id] ??= e
  }
  return { answers, values, errors: errors.form.length || Object.keys(errors.items).length ? errors : null }
}

function readItem(item: SurveyItem, raw: string[]): { value?: AnswerValue } | { error: AnswerErrorKey } {
  // Browsers send a textarea's line breaks as CRLF, but count them as one
  // character against maxlength.
  const given = item.type === 'text' ? raw.map((v) => v.replace(/\r\n?/g, '\n').trim()).filter(Boolean) : raw.map((v) => v.trim()).filter(Boolean)
  if (!given.length) return {}
  if (item.type === 'multiple') return { value: [...new Set(given)] }
  if (given.length > 1) return { error: 'survey.error.oneOnly' }
  const [one] = given as [string]
  if (item.type === 'likert' || item.type === 'scale10') return /^[+-]?\d+(\.\d+)?$/.test(one) ? { value: Number(one) } : { error: 'survey.error.notNumber' }
  return { value: one }
}

/** An answer's problem, if it has one; an empty answer counts as none given. */
function valueError(item: SurveyItem, value: AnswerValue): AnswerErrorKey | null {
  switch (item.type) {
    case 'likert':
    case 'scale10': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return Array.isArray(value) ? 'survey.error.oneOnly' : 'survey.error.notNumber'
      const [min, max] = item.type === 'likert' ? [1, 5] : [0, 10]
      return !Number.isInteger(value) || value < min || value > max ? 'survey.error.outOfRange' : null
    }
    case 'single': {
      if (Array.isArray(value)) return value.length > 1 ? 'survey.error.oneOnly' : valueError(item, value[0] ?? '')
      return optionIds(item).includes(String(value)) ? null : 'survey.error.unknownOption'
    }
    case 'multiple': {
      const chosen = Array.isArray(value) ? value : [value]
      return chosen.every((v) => optionIds(item).includes(String(v))) ? null : 'survey.error.unknownOption'
    }
    case 'text':
      if (typeof value !== 'string') return 'survey.error.tampered'
      return value.length > TEXT_MAX ? 'survey.error.tooLong' : null
  }
}

const optionIds = (item: SurveyItem) => (item.question.type === 'single' || item.question.type === 'multiple' ? item.question.options.map((o) => o.id) : [])

const isEmpty = (value: AnswerValue | undefined) => value === undefined || value === '' || (Array.isArray(value) && value.length === 0)

function itemsById(def: SurveyDefinition): Map<string, SurveyItem> {
  return new Map(surveyItems(def).map((item) => [item.id, item]))
}

function addFormError(errors: AnswerErrors, key: AnswerErrorKey) {
  if (!errors.form.includes(key)) errors.form.push(key)
}

/**
 * Checks typed answers against the survey: every item known, every value of
 * its type and range, and, when `final`, every required item answered.
 */
export function checkAnswers(def: SurveyDefinition, answers: SurveyAnswers, { final }: { final: boolean }): AnswerErrors | null {
  const items = itemsById(def)
  const errors: AnswerErrors = { form: [], items: {} }
  for (const [id, value] of Object.entries(answers)) {
    const item = items.get(id)
    if (!item) addFormError(errors, 'survey.error.tampered')
    else if (!isEmpty(value)) {
      const error = valueError(item, value)
      if (error) errors.items[id] = error
    }
  }
  if (final) {
    for (const item of items.values()) {
      if (isRequired(item.question) && isEmpty(answers[item.id]) && !errors.items[item.id]) errors.items[item.id] = 'survey.error.required'
    }
  }
  return errors.form.length || Object.keys(errors.items).length ? errors : null
}

/** Answers as form values, to fill the form in again (a draft, say). */
export function answersToValues(answers: SurveyAnswers): Record<string, string[]> {
  return Object.fromEntries(Object.entries(answers).map(([id, v]) => [id, Array.isArray(v) ? v : [String(v)]]))
}

const DraftSchema = z.record(z.union([z.number(), z.string(), z.array(z.string())]))

/** A stored draft, parsed and stripped of anything the survey does not accept. */
export function readDraft(def: SurveyDefinition, json: string | undefined): SurveyAnswers {
  if (!json) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(json)
  } catch {
    return {}
  }
  const draft = DraftSchema.safeParse(parsed)
  if (!draft.success) return {}
  const items = itemsById(def)
  return Object.fromEntries(Object.entries(draft.data).filter(([id, v]) => items.has(id) && !isEmpty(v) && !valueError(items.get(id)!, v)))
}

/** Keeps only the answers that were given. */
export const compact = (answers: SurveyAnswers): SurveyAnswers => Object.fromEntries(Object.entries(answers).filter(([, v]) => !isEmpty(v)))

/** One row per number, per chosen option, per text; in the survey's order. */
export function answerRows(def: SurveyDefinition, responseId: string, answers: SurveyAnswers): Insertable<SurveyAnswersTable>[] {
  const empty = { response_id: responseId, value_num: null, option_id: null, value_text: null }
  return surveyItems(def).flatMap((item): Insertable<SurveyAnswersTable>[] => {
    const value = answers[item.id]
    if (value === undefined || isEmpty(value)) return []
    switch (item.type) {
      case 'likert':
      case 'scale10':
        return [{ ...empty, item_id: item.id, value_num: Number(value) }]
      case 'single':
      case 'multiple':
        return [...new Set(Array.isArray(value) ? value : [String(value)])].map((option) => ({ ...empty, item_id: item.id, option_id: option }))
      case 'text':
        return [{ ...empty, item_id: item.id, value_text: String(value) }]
    }
  })
}
