import { useMemo } from 'react'
import { useFormat, useT, type MessageKey } from '#app/i18n/i18n.tsx'

// How the dashboard writes its figures: whole numbers, percentages that stay
// readable when a value is a tiny share of a national target, short numbers
// where space is scarce (a map tile, a chart's axis), and month names.

export function useFigures() {
  const f = useFormat()
  const t = useT()
  return useMemo(() => {
    const number = (value: number) => f.number(value, 0)
    // Early in the strategy a value can be a few hundredths of a percent of its target.
    const percent = (ratio: number) => f.percent(ratio, ratio > 0 && ratio < 0.001 ? 3 : ratio < 0.1 ? 2 : 1)
    const share = (part: number, whole: number) => (whole > 0 ? percent(part / whole) : '—')
    const compact = (value: number) => {
      const abs = Math.abs(value)
      if (abs >= 1_000_000) return t('dashboard.compact.million', { n: f.number(value / 1_000_000, abs >= 10_000_000 ? 0 : 1) })
      if (abs >= 10_000) return t('dashboard.compact.thousand', { n: f.number(value / 1000, abs >= 100_000 ? 0 : 1) })
      return f.number(value, 0)
    }
    const monthName = (month: string) => t(`dashboard.month.${month.slice(5, 7)}` as MessageKey)
    const monthYear = (month: string) => t('dashboard.monthYear', { month: monthName(month), year: month.slice(0, 4) })
    return { number, percent, share, compact, monthName, monthYear }
  }, [f, t])
}

export type Figures = ReturnType<typeof useFigures>
