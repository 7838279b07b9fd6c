import { createContext, useContext } from 'react'

// What the lesson components need to know about the learner. Lessons are
// rendered to HTML on the server for each request; this is the learner's state.

export interface QuizState {
  kind: 'diagnostic' | 'module' | 'final'
  attempts: number
  maxAttempts: number
  best: number | null
  last: number | null
  passMark: number | null
  passed: boolean
}

export interface LessonState {
  /** The lesson's own address: quiz and reflection forms post here. */
  action: string
  /** The language the lesson is written in (the cohort's). */
  lang: string
  /** False for a reader who is not enrolled (a preview, or a public parent lesson). */
  enrolled: boolean
  /** True while the enrolment is active: answers are accepted. */
  canSubmit: boolean
  quizzes: Record<string, QuizState>
  reflections: Record<string, string>
  /** 'parent': a public parent lesson, where reflections are for the reader alone and nothing is sent. */
  reader?: 'learner' | 'parent'
}

export const LessonContext = createContext<LessonState>({ action: '', lang: 'kk', enrolled: false, canSubmit: false, quizzes: {}, reflections: {} })

export function useLessonState(): LessonState {
  return useContext(LessonContext)
}

export const QuestionContext = createContext<{ quiz: string; id: string; type: 'single' | 'multiple' }>({ quiz: '', id: '', type: 'single' })
