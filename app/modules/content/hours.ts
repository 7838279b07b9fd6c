// Academic hours: in Kazakhstan's further-education courses an academic hour
// is 45 minutes. Each lesson declares its minutes; they add up per module and
// per course. With the activities course.yml declares beside the lessons
// (webinars, practice, assignments, consultations, in academic hours) they make
// the course plan, which must account for the course's approved hours.

export const ACADEMIC_HOUR_MINUTES = 45

export interface HoursModule {
  id: string
  minutes: number
  hours: number
  lessons: { id: string; minutes: number }[]
}

export interface HoursSummary {
  modules: HoursModule[]
  /** The lessons' minutes. */
  minutes: number
  /** The lessons' minutes in academic hours, to one decimal. */
  lessonHours: number
  /** The declared activities' academic hours. */
  activityHours: number
  /** The whole plan (lessons and activities) in academic hours, to one decimal. */
  hours: number
  approvedHours: number
  /** Positive: the plan holds more than approved; negative: fewer; 0: it adds up. */
  difference: number
}

const tenth = (n: number) => Math.round(n * 10) / 10

export function academicHours(minutes: number): number {
  return tenth(minutes / ACADEMIC_HOUR_MINUTES)
}

export function hoursSummary(
  modules: { id: string; lessons: { id: string; minutes: number }[] }[],
  approvedHours: number,
  activities: { hours: number }[] = [],
): HoursSummary {
  const rows = modules.map((m) => {
    const minutes = m.lessons.reduce((sum, l) => sum + l.minutes, 0)
    return { id: m.id, minutes, hours: academicHours(minutes), lessons: m.lessons.map((l) => ({ id: l.id, minutes: l.minutes })) }
  })
  const minutes = rows.reduce((sum, m) => sum + m.minutes, 0)
  const activityHours = activities.reduce((sum, a) => sum + a.hours, 0)
  const hours = academicHours(minutes + activityHours * ACADEMIC_HOUR_MINUTES)
  return { modules: rows, minutes, lessonHours: academicHours(minutes), activityHours, hours, approvedHours, difference: tenth(hours - approvedHours) }
}
