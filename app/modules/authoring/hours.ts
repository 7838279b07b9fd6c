// Academic hours: in Kazakhstan's further-education courses an academic hour
// is 45 minutes. Each lesson declares its minutes; they add up per module and
// per course, shown against the course's approved hours.

export const ACADEMIC_HOUR_MINUTES = 45

export interface HoursModule {
  id: string
  minutes: number
  hours: number
  lessons: { id: string; minutes: number }[]
}

export interface HoursSummary {
  modules: HoursModule[]
  minutes: number
  /** The lessons' minutes in academic hours, to one decimal. */
  hours: number
  approvedHours: number
  /** Positive: the lessons hold more than approved; negative: fewer. */
  difference: number
}

export function academicHours(minutes: number): number {
  return Math.round((minutes / ACADEMIC_HOUR_MINUTES) * 10) / 10
}

export function hoursSummary(modules: { id: string; lessons: { id: string; minutes: number }[] }[], approvedHours: number): HoursSummary {
  const rows = modules.map((m) => {
    const minutes = m.lessons.reduce((sum, l) => sum + l.minutes, 0)
    return { id: m.id, minutes, hours: academicHours(minutes), lessons: m.lessons.map((l) => ({ id: l.id, minutes: l.minutes })) }
  })
  const minutes = rows.reduce((sum, m) => sum + m.minutes, 0)
  const hours = academicHours(minutes)
  return { modules: rows, minutes, hours, approvedHours, difference: Math.round((hours - approvedHours) * 10) / 10 }
}
