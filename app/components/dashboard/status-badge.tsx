import { useT } from '#app/i18n/i18n.tsx'
import type { PaceStatus } from '#app/modules/dashboard/pace.ts'

// A pace status as words and a shape of its own (a tick in a circle, a
// triangle with "!", a star, a cross in a square, a hollow circle, a dash), so
// that the colour is never the only thing that tells them apart.

function StatusIcon({ status }: { status: PaceStatus }) {
  const common = { width: 16, height: 16, viewBox: '0 0 16 16', 'aria-hidden': true, focusable: false } as const
  switch (status) {
    case 'on_track':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M4.5 8.2l2.3 2.3 4.7-4.9" fill="none" style={{ stroke: 'var(--paper)' }} strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      )
    case 'at_risk':
      return (
        <svg {...common}>
          <path d="M8 1.2L15.2 14.5H0.8z" fill="currentColor" />
          <path d="M8 5.6v4.4" style={{ stroke: 'var(--paper)' }} strokeWidth="1.8" strokeLinecap="round" />
          <circle cx="8" cy="12.3" r="1" style={{ fill: 'var(--paper)' }} />
        </svg>
      )
    case 'achieved':
      return (
        <svg {...common}>
          <path d="M8 0.8l2.2 4.6 5 .6-3.7 3.5.9 5L8 12.1l-4.4 2.4.9-5L.8 6l5-.6z" fill="currentColor" />
        </svg>
      )
    case 'missed':
      return (
        <svg {...common}>
          <rect x="1" y="1" width="14" height="14" rx="2" fill="currentColor" />
          <path d="M5 5l6 6M11 5l-6 6" style={{ stroke: 'var(--paper)' }} strokeWidth="1.8" strokeLinecap="round" />
        </svg>
      )
    case 'not_started':
      return (
        <svg {...common}>
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      )
    case 'no_target':
      return (
        <svg {...common}>
          <path d="M3 8h10" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" />
        </svg>
      )
  }
}

export function StatusBadge({ status }: { status: PaceStatus }) {
  const t = useT()
  return (
    <p className={`status-badge status-badge--${status.replace('_', '-')}`}>
      <StatusIcon status={status} />
      <span className="visually-hidden">{t('dashboard.status.label')} </span>
      <span>{t(`dashboard.status.${status}`)}</span>
    </p>
  )
}
