import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import type { FormEvent } from 'react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { renderLessonHtml } from '#app/modules/content/render.server.tsx'
import { findEnrolment } from '#app/modules/courses/enrolment.server.ts'
import { learnerState, lessonBundle, locateLesson, openEndSurvey, recordPosition } from '#app/modules/courses/lesson-view.server.ts'
import { courseStanding, lessonLock, type LessonLock } from '#app/modules/courses/order.server.ts'
import { answersFromForm, markLessonDone, saveReflection, submitQuiz } from '#app/modules/courses/progress.server.ts'
import { lessonSeconds, noteLessonRequest, requiredSeconds } from '#app/modules/courses/time-on-task.server.ts'

export const handle: PageHandle = {
  title: (data) => (data as { lesson?: { title: string } } | undefined)?.lesson?.title,
}

const lessonPath = (course: string, moduleId: string, lessonId: string) => `/learn/${course}/${moduleId}/${lessonId}`

async function load(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { course = '', module = '', lesson = '' } = args.params
  const enrolment = await findEnrolment(args.context.work, user.id, course)
  if (!enrolment) throw redirect(`/courses/${course}`)
  const location = await locateLesson(args.context.work, enrolment.course_version_id, module, lesson)
  if (!location) notFound()
  // The order rules of course.yml: the diagnostic first, the final exam last.
  const standing = await courseStanding(args.context.work, enrolment, location.manifest)
  const lock = enrolment.status === 'active' ? lessonLock(location.manifest, standing, { moduleId: module, lessonId: lesson }) : null
  return { enrolment, location, course, module, lesson, standing, lock }
}

/** A locked lesson's notice: why, and where to go instead. */
function lockView(course: string, lock: LessonLock) {
  if (lock.reason === 'diagnosticFirst') return { reason: lock.reason, href: lessonPath(course, lock.diagnostic.moduleId, lock.diagnostic.lessonId), lessonsLeft: 0, quizzesLeft: 0 }
  return { reason: lock.reason, href: lock.first ? lessonPath(course, lock.first.moduleId, lock.first.lessonId) : null, lessonsLeft: lock.lessonsLeft, quizzesLeft: lock.quizzesLeft }
}

const lockErrors: Record<LessonLock['reason'], string> = {
  diagnosticFirst: 'lesson.locked.diagnosticFirst',
  finalExamLast: 'lesson.locked.finalExam',
}

export async function loader(args: LoaderFunctionArgs) {
  const { work } = args.context
  const { enrolment, location, course, module, lesson, standing, lock } = await load(args)
  const bundle = await lessonBundle(work, enrolment.course_version_id, module, lesson, enrolment.lang)
  if (!bundle) notFound()
  const path = lessonPath(course, module, lesson)
  const locale = resolveLocale(args.request, args.context)
  // A locked lesson is neither shown, nor timed, nor remembered as the place to resume.
  let html = ''
  if (!lock) {
    const state = await learnerState(work, enrolment, location, path, enrolment.lang)
    html = renderLessonHtml(bundle, state, locale)
    // Time on task: this request closes the learner's previous one and opens this lesson.
    if (enrolment.status === 'active') await noteLessonRequest(work, enrolment.id, module, lesson)
    await recordPosition(work, enrolment, module, lesson)
  }
  const spentSeconds = await lessonSeconds(work, enrolment.id, module, lesson)
  const { manifest } = location
  const lang = enrolment.lang
  const isDone = (m: string, l: string) => standing.done.has(`${m}/${l}`)
  // Every lesson done and the end-of-course survey still open: say so, with the link.
  const endSurvey = enrolment.status === 'active' && enrolment.lessons_done >= enrolment.lessons_total ? await openEndSurvey(work, enrolment.id) : undefined
  const view = {
    lock: lock ? lockView(course, lock) : null,
    endSurveyId: endSurvey?.id ?? null,
    course: { slug: course, title: pickLocalized(manifest.title, lang) },
    lang,
    status: enrolment.status,
    module: { index: location.moduleIndex + 1, title: pickLocalized(location.module.title, lang) },
    lesson: { title: pickLocalized(location.lesson.title, lang), minutes: location.lesson.minutes, done: isDone(module, lesson), hasQuiz: location.lesson.quizzes.length > 0 },
    time: { spentMinutes: Math.floor(spentSeconds / 60), requiredMinutes: Math.ceil(requiredSeconds(manifest, location.lesson) / 60) },
    html,
    progress: { done: enrolment.lessons_done, total: enrolment.lessons_total },
    previous: location.previous ? lessonPath(course, location.previous.moduleId, location.previous.lessonId) : null,
    next: location.next ? lessonPath(course, location.next.moduleId, location.next.lessonId) : null,
    nav: manifest.modules.map((m) => ({
      id: m.id,
      title: pickLocalized(m.title, lang),
      lessons: m.lessons.map((l) => ({
        href: lessonPath(course, m.id, l.id), title: pickLocalized(l.title, lang), done: isDone(m.id, l.id), current: m.id === module && l.id === lesson,
        locked: enrolment.status === 'active' && Boolean(lessonLock(manifest, standing, { moduleId: m.id, lessonId: l.id })),
      })),
    })),
  }
  return data(view, { status: lock ? 403 : 200 })
}

const quizErrors: Record<string, string> = {
  unanswered: 'lesson.quiz.error.unanswered',
  tooManyChoices: 'lesson.quiz.error.tampered',
  unknownQuiz: 'lesson.quiz.error.tampered',
  unknownQuestion: 'lesson.quiz.error.tampered',
  unknownOption: 'lesson.quiz.error.tampered',
  noAttemptsLeft: 'lesson.quiz.error.noAttemptsLeft',
  alreadyPassed: 'lesson.quiz.error.noAttemptsLeft',
  notActive: 'lesson.quiz.error.notActive',
  locked: 'lesson.locked.finalExam',
}

export async function action(args: ActionFunctionArgs) {
  const { work } = args.context
  const { enrolment, location, course, module, lesson, lock } = await load(args)
  const form = await args.request.formData()
  const intent = form.get('intent')
  const here = lessonPath(course, module, lesson)
  if (enrolment.status !== 'active') return data({ error: 'lesson.quiz.error.notActive', anchor: null }, { status: 409 })
  if (lock) return data({ error: lockErrors[lock.reason], anchor: null }, { status: 403 })
  await noteLessonRequest(work, enrolment.id, module, lesson)
  if (intent === 'done') {
    const result = await markLessonDone(work, enrolment, module, lesson)
    if (!result.ok) return data({ error: 'lesson.time.tooSoon', anchor: null, minutesLeft: Math.ceil(result.error.secondsLeft / 60) }, { status: 409 })
    const next = location.next ? lessonPath(course, location.next.moduleId, location.next.lessonId) : here
    return redirect(next)
  }
  if (intent === 'quiz') {
    const quizId = String(form.get('quizId') ?? '')
    const result = await submitQuiz(work, enrolment, { moduleId: module, lessonId: lesson }, quizId, answersFromForm(form))
    if (!result.ok) {
      const status = result.error === 'locked' ? 403 : result.error === 'noAttemptsLeft' || result.error === 'alreadyPassed' || result.error === 'notActive' ? 409 : 400
      return data({ error: quizErrors[result.error] ?? 'lesson.quiz.error.tampered', anchor: `quiz-${quizId}` }, { status })
    }
    return redirect(`${here}#quiz-${quizId}`)
  }
  if (intent === 'reflection') {
    const reflectionId = String(form.get('reflectionId') ?? '')
    const text = String(form.get('text') ?? '')
    if (!location.lesson.reflections.includes(reflectionId)) return data({ error: 'lesson.quiz.error.tampered', anchor: null }, { status: 400 })
    if (text.length > 5000) return data({ error: 'lesson.reflection.error.tooLong', anchor: `reflection-${reflectionId}` }, { status: 400 })
    await saveReflection(work, enrolment.id, reflectionId, text)
    return redirect(`${here}#reflection-${reflectionId}`)
  }
  return data({ error: 'error.badRequest.text', anchor: null }, { status: 400 })
}

export default function LessonPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const translate = useTranslateKey()
  const submit = useSubmit()
  const navigation = useNavigation()
  // Forms inside the lesson are plain HTML; with JavaScript, send them through
  // Remix so the page does not reload.
  const onSubmit = (event: FormEvent<HTMLElement>) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    event.preventDefault()
    submit(form, { method: 'post', action: form.getAttribute('action') ?? undefined, preventScrollReset: true })
  }
  const percent = d.progress.total ? Math.round((d.progress.done / d.progress.total) * 100) : 0
  return (
    <div className="lesson-layout">
      <nav className="lesson-nav" aria-label={t('lesson.contents')}>
        <details open>
          <summary>
            <Link to={`/courses/${d.course.slug}`}>{d.course.title}</Link>
          </summary>
          <p className="lesson-nav__progress">
            {t('lesson.progress', { done: d.progress.done, total: d.progress.total })}
            <progress max={100} value={percent} aria-label={t('lesson.progress', { done: d.progress.done, total: d.progress.total })} />
          </p>
          <ol className="lesson-nav__modules">
            {d.nav.map((m) => (
              <li key={m.id}>
                <span className="lesson-nav__module">{m.title}</span>
                <ol>
                  {m.lessons.map((l) => (
                    <li key={l.href}>
                      <Link to={l.href} aria-current={l.current ? 'page' : undefined} className={l.done ? 'is-done' : undefined}>
                        {l.done ? (
                          <>
                            <span aria-hidden="true">✓ </span>
                            <span className="visually-hidden">{t('lesson.done')}: </span>
                          </>
                        ) : null}
                        {l.title}
                        {l.locked ? <span className="tag">{t('lesson.locked.tag')}</span> : null}
                      </Link>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </details>
      </nav>
      <div className="lesson-main">
        <p className="eyebrow">
          {t('lesson.module')} {d.module.index}. {d.module.title}
        </p>
        <h1>{d.lesson.title}</h1>
        <p className="lesson-meta">
          {t('lesson.minutes', { minutes: d.lesson.minutes })}
          {d.status === 'active' && !d.lesson.done ? <> · {t('lesson.time.spent', { spent: d.time.spentMinutes, required: d.time.requiredMinutes })}</> : null}
        </p>
        {d.status === 'completed' ? <p className="notice notice--success" role="status">{t('lesson.courseComplete')}</p> : null}
        {d.status === 'not_passed' ? <p className="notice" role="status">{t('lesson.courseNotPassed')}</p> : null}
        {d.endSurveyId ? (
          <p className="notice" role="status">
            {t('lesson.endSurvey')} <Link to={`/surveys/${d.endSurveyId}`}>{t('lesson.endSurveyLink')}</Link>
          </p>
        ) : null}
        {actionData?.error ? (
          <p className="form-errors" role="alert">
            {'minutesLeft' in actionData && typeof actionData.minutesLeft === 'number' ? t('lesson.time.tooSoon', { minutes: actionData.minutesLeft }) : translate(actionData.error)}{' '}
            {actionData.anchor ? <a href={`#${actionData.anchor}`}>↓</a> : null}
          </p>
        ) : null}
        {d.lock ? (
          <div className="notice" role="alert">
            <p>{t(d.lock.reason === 'diagnosticFirst' ? 'lesson.locked.diagnosticFirst' : 'lesson.locked.finalExam')}</p>
            {d.lock.reason === 'finalExamLast' ? (
              <ul>
                {d.lock.lessonsLeft ? <li>{t('lesson.locked.lessonsLeft', { count: d.lock.lessonsLeft })}</li> : null}
                {d.lock.quizzesLeft ? <li>{t('lesson.locked.quizzesLeft', { count: d.lock.quizzesLeft })}</li> : null}
              </ul>
            ) : null}
            {d.lock.href ? (
              <p>
                <Link className="button" to={d.lock.href}>{t(d.lock.reason === 'diagnosticFirst' ? 'lesson.locked.toDiagnostic' : 'lesson.locked.nextStep')}</Link>
              </p>
            ) : null}
          </div>
        ) : (
          <article className="lesson-content" lang={d.lang} onSubmit={onSubmit} dangerouslySetInnerHTML={{ __html: d.html }} />
        )}
        <div className="lesson-footer">
          {d.status === 'active' && !d.lock ? (
            d.lesson.done ? (
              <p className="notice notice--success">{t('lesson.isDone')}</p>
            ) : (
              <Form method="post" preventScrollReset>
                <input type="hidden" name="intent" value="done" />
                <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
                  {d.next ? t('lesson.markDone') : t('lesson.markDoneLast')}
                </button>
              </Form>
            )
          ) : null}
          <nav className="pager" aria-label={t('admin.pagination')}>
            {d.previous ? <Link to={d.previous} rel="prev">← {t('lesson.previous')}</Link> : <span />}
            {d.next ? <Link to={d.next} rel="next">{t('lesson.next')} →</Link> : null}
          </nav>
        </div>
      </div>
    </div>
  )
}
