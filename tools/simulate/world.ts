import type { CourseManifest } from '#app/modules/content/manifest.ts'
import type { Gender } from './people.ts'

// The simulated world as it is planned in memory before it is written: who
// the people are, which cohorts run when, and each enrolment's whole story
// (as if the simulation ran to the strategy's end; what is written is cut at
// the simulation's "today").

export type Lang = 'kk' | 'ru'

export interface SimCourse {
  id: string
  versionId: string
  manifest: CourseManifest
  lessons: { moduleId: string; lessonId: string }[]
  langs: Lang[]
  /** The first day a cohort may start: a week after the ministry's approval. */
  firstStart: number
  durationDays: number
  /** The final exam's pass mark, or null when the course has no final exam. */
  passMark: number | null
}

export interface SimUser {
  id: string
  kind: 'teacher' | 'extra' | 'trainer'
  regionCode: string
  schoolId: string | null
  lang: Lang
  gender: Gender
  fullName: string
  email: string
  iin: string
  phone: string | null
  /** Day numbers count from 2025-01-01. */
  createdDay: number
  createdAt: string
  /** A teacher the post-course support reaches. */
  supported: boolean
}

export type Outcome = 'completed' | 'not_passed' | 'withdrawn' | 'stalled' | 'not_started'

export interface SimCohort {
  id: string
  course: SimCourse
  regionCode: string
  lang: Lang
  startDay: number
  endDay: number
  capacity: number
  trainerId: string
  title: string
  createdAt: string
  members: SimEnrolment[]
}

export interface SimEnrolment {
  id: string
  user: SimUser
  course: SimCourse
  regionCode: string
  lang: Lang
  outcome: Outcome
  /** The day the plan wants it to finish; the cohort's dates follow from it. */
  targetDay: number
  /** The teacher's first completed course: the one the training metric counts. */
  first: boolean
  cohort: SimCohort | null
  enrolledAt: string
  startedAt: string | null
  /** Completed, not passed or withdrawn at. */
  finishedAt: string | null
  lastActivityAt: string | null
  lessonsDone: number
  finalScore: number | null
}
