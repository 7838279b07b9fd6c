import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { surveyItems, type SurveyItem } from './definition.ts'
import type { SurveyReport } from './reports.server.ts'

// A survey report as tables, in the reader's language, for the CSV and XLSX
// exports: results (distributions and means), response rate and change.

/** pre, end, then the follow-ups by their days. */
export function stageOrder(key: string): number {
  if (key === 'pre') return 0
  if (key === 'end') return 1
  const followup = /^followup:(\d+)$/.exec(key)
  return followup ? 2 + Number(followup[1]) / 1e6 : 99
}

export type TableCell = string | number | null

export interface ReportTable {
  name: string
  header: string[]
  rows: TableCell[][]
}

const round = (value: number | null, digits: number) => (value === null ? null : Math.round(value * 10 ** digits) / 10 ** digits)

/** A stage's name in the reader's language: pre, end, followup:<days>. */
export function stageLabel(key: string, locale: Locale): string {
  const followup = /^followup:(\d+)$/.exec(key)
  if (followup) return translate(locale, 'surveyReport.stage.followup', { days: followup[1]! })
  return key === 'pre' || key === 'end' ? translate(locale, `surveyReport.stage.${key}`) : key
}

/** The report as tables: results (distributions and means), response rate and change. */
export function reportTables(report: SurveyReport, locale: Locale): { results: ReportTable; rate: ReportTable; change: ReportTable } {
  const t = (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params)
  const hidden = t('surveyReport.hiddenShort')
  const itemsById = new Map(surveyItems(report.definition).map((i) => [i.id, i]))
  const textOf = (item: SurveyItem) => {
    const row = item.question.type === 'matrix' ? item.question.rows.find((r) => r.id === item.id) : null
    return pickLocalized(row?.text ?? item.question.text, locale)
  }
  const answerLabel = (item: SurveyItem, key: string) => {
    if (item.type === 'likert') return t(`surveyReport.likert.${key}` as MessageKey)
    if (item.question.type === 'single' || item.question.type === 'multiple')
      return pickLocalized(item.question.options.find((o) => o.id === key)?.text ?? {}, locale) || key
    return key
  }

  const results: TableCell[][] = []
  for (const r of report.items) {
    const item = itemsById.get(r.id)!
    const text = textOf(item)
    if (r.result.hidden) {
      results.push([t('surveyReport.section.distribution'), r.id, text, hidden, null, null, null, null, null])
      continue
    }
    const { n, buckets, mean, sd } = r.result
    if (item.type === 'text') results.push([t('surveyReport.section.distribution'), r.id, text, null, n, n, null, null, null])
    for (const b of buckets)
      results.push([t('surveyReport.section.distribution'), r.id, text, answerLabel(item, b.key), n, b.count, round(b.share * 100, 1), null, null])
    if (mean !== null) results.push([t('surveyReport.section.itemMean'), r.id, text, null, n, null, null, round(mean, 2), round(sd, 2)])
  }
  for (const s of report.scales) {
    const title = pickLocalized(s.title, locale)
    results.push(
      s.result.hidden
        ? [t('surveyReport.section.scaleMean'), s.id, title, hidden, null, null, null, null, null]
        : [t('surveyReport.section.scaleMean'), s.id, title, null, s.result.n, null, null, round(s.result.mean, 2), round(s.result.sd, 2)],
    )
  }

  const { invited, started, completed } = report.funnel
  const ofInvited = (k: number) => (invited ? round((k / invited) * 100, 1) : null)
  const scaleTitle = new Map(report.scales.map((s) => [s.id, pickLocalized(s.title, locale)]))
  return {
    results: {
      name: t('surveyReport.sheet.results'),
      header: [
        t('surveyReport.col.section'),
        t('surveyReport.col.itemId'),
        t('surveyReport.col.question'),
        t('surveyReport.col.answer'),
        t('surveyReport.col.n'),
        t('surveyReport.col.count'),
        t('surveyReport.col.sharePercent'),
        t('surveyReport.col.mean'),
        t('surveyReport.col.sd'),
      ],
      rows: results,
    },
    rate: {
      name: t('surveyReport.sheet.rate'),
      header: [t('surveyReport.col.stage'), t('surveyReport.col.count'), t('surveyReport.col.ofInvited')],
      rows: [
        [t('surveyReport.funnel.invited'), invited, ofInvited(invited)],
        [t('surveyReport.funnel.started'), started, ofInvited(started)],
        [t('surveyReport.funnel.completed'), completed, ofInvited(completed)],
        [t('surveyReport.col.responses'), report.responses, null],
      ],
    },
    change: {
      name: t('surveyReport.sheet.change'),
      header: [
        t('surveyReport.col.scale'),
        t('surveyReport.col.from'),
        t('surveyReport.col.to'),
        t('surveyReport.col.method'),
        t('surveyReport.col.nFrom'),
        t('surveyReport.col.nTo'),
        t('surveyReport.col.meanFrom'),
        t('surveyReport.col.meanTo'),
        t('surveyReport.col.diff'),
        t('surveyReport.col.d'),
      ],
      rows: report.changes.map((c) => {
        const head = [scaleTitle.get(c.scaleId) ?? c.scaleId, stageLabel(c.from, locale), stageLabel(c.to, locale), t(`surveyReport.method.${c.method}`)]
        if (c.result.hidden) return [...head, hidden, null, null, null, null, null]
        const r = c.result
        return [...head, r.nFrom, r.nTo, round(r.meanFrom, 2), round(r.meanTo, 2), round(r.diff, 2), round(r.d, 2)]
      }),
    },
  }
}
