import type { Locale } from '#app/i18n/locales.ts'
import { isRequired, type SurveyDefinition } from './definition.ts'

// What a survey form shows, in the reader's language: built on the server from
// a survey's definition, rendered by app/components/survey-form.tsx for a
// teacher's assigned survey and a parent's feedback alike. Field names, scales
// and limits are the ones answer-check.server.ts reads the form back with.
// Client-safe: no database, no secrets.

export const TEXT_MAX = 2000
export const LIKERT_VALUES = [1, 2, 3, 4, 5] as const
export const SCALE10_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const

export const FIELD_PREFIX = 'item.'

/** The form field that carries an item's answer. */
export const fieldName = (itemId: string) => `${FIELD_PREFIX}${itemId}`

/** A survey text in the reader's language when the survey has it, else in Kazakh. */
export interface Text {
  text: string
  lang: Locale
}

export function localize(value: SurveyDefinition['title'], locale: Locale): Text {
  const text = value[locale]
  return text ? { text, lang: locale } : { text: value.kk, lang: 'kk' }
}

export interface ItemView {
  id: string
  /** The form field of the item's answer. */
  name: string
  text: Text
}

export type QuestionView =
  | (ItemView & { type: 'likert' | 'scale10'; required: boolean; scale: readonly number[] })
  | (ItemView & { type: 'text'; required: boolean; maxLength: number })
  | (ItemView & { type: 'single' | 'multiple'; required: boolean; options: { id: string; text: Text }[] })
  | (ItemView & { type: 'matrix'; required: boolean; scale: readonly number[]; rows: ItemView[] })

export interface SurveyFormView {
  title: Text
  intro: Text | null
  questions: QuestionView[]
}

export function surveyFormView(def: SurveyDefinition, locale: Locale): SurveyFormView {
  const questions = def.questions.map((q): QuestionView => {
    const base = { id: q.id, name: fieldName(q.id), text: localize(q.text, locale), required: isRequired(q) }
    switch (q.type) {
      case 'likert':
      case 'scale10':
        return { ...base, type: q.type, scale: q.type === 'likert' ? LIKERT_VALUES : SCALE10_VALUES }
      case 'text':
        return { ...base, type: 'text', maxLength: TEXT_MAX }
      case 'single':
      case 'multiple':
        return { ...base, type: q.type, options: q.options.map((o) => ({ id: o.id, text: localize(o.text, locale) })) }
      case 'matrix':
        return { ...base, type: 'matrix', scale: LIKERT_VALUES, rows: q.rows.map((r) => ({ id: r.id, name: fieldName(r.id), text: localize(r.text, locale) })) }
    }
  })
  return { title: localize(def.title, locale), intro: def.intro ? localize(def.intro, locale) : null, questions }
}
