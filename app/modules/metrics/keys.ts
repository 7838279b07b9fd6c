// The names of the metrics, client-safe: the dashboard's pages and the
// rollups share them, and nothing here imports a server module.

/** The seven indicators the strategy sets targets for; db/reference/strategy-targets.json must name exactly these. */
export const INDICATOR_KEYS = [
  'teachers_trained',
  'teachers_in_course_monitoring',
  'teachers_post_course_support',
  'approved_programs',
  'parent_attendances',
  'teachers_in_events',
  'registered_site_users',
] as const

export type IndicatorKey = (typeof INDICATOR_KEYS)[number]

/** The steps of the completion funnel, one metric each; their subjects are enrolments. */
export const FUNNEL_KEYS = ['funnel_enrolled', 'funnel_started', 'funnel_completed', 'funnel_certified', 'funnel_monitored', 'funnel_supported'] as const
export type FunnelKey = (typeof FUNNEL_KEYS)[number]

export type MetricKey = IndicatorKey | FunnelKey
