import { useContext, type ReactNode } from 'react'
import { useT } from '#app/i18n/i18n.tsx'
import { QuestionContext, useLessonState } from './lesson-context.tsx'

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
  const { action, enrolled, canSubmit, reflections, reader } = useLessonState()
  const saved = reflections[id]
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
    <form method="post" action={`${action}#reflection-${id}`} className="reflection" id={`reflection-${id}`}>
      <input type="hidden" name="intent" value="reflection" />
      <input type="hidden" name="reflectionId" value={id} />
      <label htmlFor={fieldId}>{prompt}</label>
      <textarea id={fieldId} name="text" rows={4} maxLength={5000} defaultValue={saved ?? ''} disabled={!canSubmit} />
      {canSubmit ? (
        <p className="reflection__actions">
          <button type="submit" className="button button--secondary">
            {t('lesson.reflection.save')}
          </button>
          {saved !== undefined ? <span className="reflection__saved">{t('lesson.reflection.saved')}</span> : null}
        </p>
      ) : !enrolled ? (
        <p className="field-description">{t('lesson.reflection.enrolToSave')}</p>
      ) : null}
    </form>
  )
}

export function Quiz({ id, kind, children }: { id: string; kind: 'diagnostic' | 'module' | 'final'; children?: ReactNode }) {
  const t = useT()
  const { action, enrolled, canSubmit, quizzes } = useLessonState()
  const state = quizzes[id]
  const title = t(kind === 'final' ? 'lesson.quiz.final' : kind === 'diagnostic' ? 'lesson.quiz.diagnostic' : 'lesson.quiz.module')
  const remaining = state ? Math.max(0, state.maxAttempts - state.attempts) : 0
  const locked = !canSubmit || !state || remaining === 0 || (kind === 'final' && state.passed)
  return (
    <section className={`quiz quiz--${kind}`} id={`quiz-${id}`} aria-labelledby={`quiz-${id}-title`}>
      <h2 id={`quiz-${id}-title`}>{title}</h2>
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
      {!enrolled ? <p className="field-description">{t('lesson.quiz.enrolToAnswer')}</p> : null}
      {enrolled && locked ? (
        <p className="notice">
          {state?.passed && kind === 'final' ? t('lesson.quiz.finalDone') : !canSubmit ? t('lesson.quiz.closed') : t('lesson.quiz.noAttemptsLeft')}
        </p>
      ) : null}
      <form method="post" action={`${action}#quiz-${id}`} className="quiz__form">
        <input type="hidden" name="intent" value="quiz" />
        <input type="hidden" name="quizId" value={id} />
        <fieldset disabled={locked} className="quiz__questions">
          <legend className="visually-hidden">{title}</legend>
          {children}
        </fieldset>
        {locked ? null : (
          <button type="submit" className="button">
            {t('lesson.quiz.submit')}
          </button>
        )}
      </form>
    </section>
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
