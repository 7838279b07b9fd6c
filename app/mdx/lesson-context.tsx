import { createContext, useContext } from 'react'

// What the lesson components need to know about the learner. A lesson's body
// is rendered once per bundle and language into a template whose holes are the
// learner's parts (render.server.tsx); this is the state that fills them.

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

/**
 * True while the shared template of a lesson is rendered: the components then
 * write holes where the learner's state goes instead of reading it.
 */
export const TemplateContext = createContext(false)

export const QuestionContext = createContext<{ quiz: string; id: string; type: 'single' | 'multiple' }>({ quiz: '', id: '', type: 'single' })
