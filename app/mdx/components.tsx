import { useContext, type ReactNode } from 'react'
import { useT, type TFunction } from '#app/i18n/i18n.tsx'
import { QuestionContext, TemplateContext, useLessonState, type LessonState } from './lesson-context.tsx'
import { attributeHole, hole } from './lesson-holes.ts'

// The components MDX authors may use (docs/content-format.md). They render to
// plain HTML on the server: forms post without JavaScript, and no MDX runtime
// is sent to the browser.

export function Callout({ type, title, children }: { type: 'info' | 'tip' | 'warning'; title?: string; children?: ReactNode }) {
  const t = useT()
  const heading = title ?? t(type === 'warning' ? 'lesson.callout.warning' : type === 'tip' ? 'lesson.callout.tip' : 'lesson.callout.info')
  return (
    <aside className={`callout callout--${type}`} aria-label={heading}>
      <p className="callout__title">{heading}</p>
      {children}
    </aside>
  )
}

export function Figure({ src, alt, caption }: { src: string; alt: string; caption?: string }) {
  return (
    <figure className="figure">
      <img src={src} alt={alt} loading="lazy" decoding="async" />
      {caption ? <figcaption>{caption}</figcaption> : null}
    </figure>
  )
}

export function Video({ src, title, captions, poster }: { src: string; title: string; captions: string; poster?: string }) {
  const t = useT()
  const { lang } = useLessonState()
  return (
    <figure className="video">
      <video controls preload="none" playsInline poster={poster} aria-label={title}>
        <source src={src} />
        <track kind="captions" src={captions} srcLang={lang} label={t('lesson.video.captions')} default />
        <a href={src}>{t('lesson.video.download')}</a>
      </video>
      <figcaption>{title}</figcaption>
    </figure>
  )
}

export function Download({ href, title }: { href: string; title: string }) {
  const t = useT()
  const ext = /\.([a-z0-9]+)$/i.exec(href)?.[1]?.toUpperCase()
  return (
    <p className="download">
      <a href={href} download>
        {title}
      </a>{' '}
      <span className="download__meta">
        {ext ? `(${ext})` : null} {t('lesson.download.hint')}
      </span>
    </p>
  )
}

export function Reflection({ id, prompt }: { id: string; prompt: string }) {
  const t = useT()
  const template = useContext(TemplateContext)
  const { action, canSubmit, reflections, reader } = useLessonState()
  const fieldId = `reflection-${id}-text`
  if (reader === 'parent') {
    return (
      <aside className="reflection reflection--parent" aria-label={t('lesson.reflection.forYou')}>
        <p className="reflection__prompt">{prompt}</p>
        <p className="field-description">{t('lesson.reflection.forYouHint')}</p>
      </aside>
    )
  }
  return (
    <form method="post" action={`${template ? hole('action') : action}#reflection-${id}`} className="reflection" id={`reflection-${id}`}>
      <input type="hidden" name="intent" value="reflection" />
      <input type="hidden" name="reflectionId" value={id} />
      <label htmlFor={fieldId}>{prompt}</label>
      <textarea
        id={fieldId}
        name="text"
        rows={4}
        maxLength={5000}
        defaultValue={template ? hole('reflectionText', id) : (reflections[id] ?? '')}
        {...(template ? attributeHole('reflectionLock', id) : { disabled: !canSubmit })}
      />
      {template ? hole('reflectionActions', id) : <ReflectionActions id={id} />}
    </form>
  )
}

/** Below a reflection: save (and "saved"), or why it cannot be saved. */
export function ReflectionActions({ id }: { id: string }) {
  const t = useT()
  const { enrolled, canSubmit, reflections } = useLessonState()
  if (canSubmit)
    return (
      <p className="reflection__actions">
        <button type="submit" className="button button--secondary">
          {t('lesson.reflection.save')}
        </button>
        {reflections[id] !== undefined ? <span className="reflection__saved">{t('lesson.reflection.saved')}</span> : null}
      </p>
    )
  return !enrolled ? <p className="field-description">{t('lesson.reflection.enrolToSave')}</p> : null
}

type QuizKind = 'diagnostic' | 'module' | 'final'

/** A quiz the reader cannot answer now: not enrolled or not active, no attempts left, or the final exam passed. */
export function quizLocked(state: LessonState, id: string, kind: QuizKind): boolean {
  const quiz = state.quizzes[id]
  return !state.canSubmit || !quiz || quiz.attempts >= quiz.maxAttempts || (kind === 'final' && quiz.passed)
}

export function Quiz({ id, kind, children }: { id: string; kind: QuizKind; children?: ReactNode }) {
  const t = useT()
  const template = useContext(TemplateContext)
  const state = useLessonState()
  const title = quizTitle(t, kind)
  return (
    <section className={`quiz quiz--${kind}`} id={`quiz-${id}`} aria-labelledby={`quiz-${id}-title`}>
      <h2 id={`quiz-${id}-title`}>{title}</h2>
      {template ? hole('quizStatus', id, kind) : <QuizStatus id={id} kind={kind} />}
      <form method="post" action={`${template ? hole('action') : state.action}#quiz-${id}`} className="quiz__form">
        <input type="hidden" name="intent" value="quiz" />
        <input type="hidden" name="quizId" value={id} />
        <fieldset {...(template ? attributeHole('quizLock', id, kind) : { disabled: quizLocked(state, id, kind) })} className="quiz__questions">
          <legend className="visually-hidden">{title}</legend>
          {children}
        </fieldset>
        {template ? hole('quizSubmit', id, kind) : <QuizSubmit id={id} kind={kind} />}
      </form>
    </section>
  )
}

const quizTitle = (t: TFunction, kind: QuizKind) =>
  t(kind === 'final' ? 'lesson.quiz.final' : kind === 'diagnostic' ? 'lesson.quiz.diagnostic' : 'lesson.quiz.module')

/** The reader's standing in a quiz: pass mark, attempts, scores, and why it is closed. */
export function QuizStatus({ id, kind }: { id: string; kind: QuizKind }) {
  const t = useT()
  const lesson = useLessonState()
  const state = lesson.quizzes[id]
  const locked = quizLocked(lesson, id, kind)
  return (
    <>
      {state ? (
        <ul className="quiz__status">
          {state.passMark !== null ? <li>{t('lesson.quiz.passMark', { mark: state.passMark })}</li> : null}
          <li>{t('lesson.quiz.attempts', { used: state.attempts, max: state.maxAttempts })}</li>
          {state.best !== null ? <li>{t('lesson.quiz.best', { score: state.best })}</li> : null}
          {state.last !== null ? (
            <li className={state.passed ? 'quiz__result quiz__result--passed' : 'quiz__result'}>
              {state.passMark === null
                ? t('lesson.quiz.lastScore', { score: state.last })
                : state.passed
                  ? t('lesson.quiz.passed', { score: state.last })
                  : t('lesson.quiz.notPassed', { score: state.last })}
            </li>
          ) : null}
        </ul>
      ) : null}
      {!lesson.enrolled ? <p className="field-description">{t('lesson.quiz.enrolToAnswer')}</p> : null}
      {lesson.enrolled && locked ? (
        <p className="notice">
          {state?.passed && kind === 'final' ? t('lesson.quiz.finalDone') : !lesson.canSubmit ? t('lesson.quiz.closed') : t('lesson.quiz.noAttemptsLeft')}
        </p>
      ) : null}
    </>
  )
}

/** The quiz's submit button, while the reader may answer. */
export function QuizSubmit({ id, kind }: { id: string; kind: QuizKind }) {
  const t = useT()
  const state = useLessonState()
  return quizLocked(state, id, kind) ? null : (
    <button type="submit" className="button">
      {t('lesson.quiz.submit')}
    </button>
  )
}

export function Question({
  id,
  type,
  prompt,
  n,
  quiz,
  children,
}: {
  id: string
  type: 'single' | 'multiple'
  prompt?: string
  n?: string
  quiz?: string
  children?: ReactNode
}) {
  const t = useT()
  return (
    <fieldset className="question">
      <legend>
        <span className="question__number">{n}.</span> {prompt}
        {type === 'multiple' ? <span className="question__hint"> {t('lesson.quiz.chooseAll')}</span> : null}
      </legend>
      <QuestionContext.Provider value={{ quiz: quiz ?? '', id, type }}>{children}</QuestionContext.Provider>
    </fieldset>
  )
}

export function Option({ id, label }: { id: string; label?: string }) {
  const question = useContext(QuestionContext)
  const inputId = `q-${question.quiz}-${question.id}-${id}`
  return (
    <div className="option">
      <input
        type={question.type === 'multiple' ? 'checkbox' : 'radio'}
        id={inputId}
        name={`answer.${question.id}`}
        value={id}
        required={question.type === 'single'}
      />
      <label htmlFor={inputId}>{label}</label>
    </div>
  )
}

export const mdxComponents = { Callout, Figure, Video, Download, Reflection, Quiz, Question, Option }
