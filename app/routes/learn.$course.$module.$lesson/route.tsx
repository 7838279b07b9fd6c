import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData, useSubmit } from '@remix-run/react'
import type { FormEvent } from 'react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { notFound } from '#app/http/errors.ts'
import { viewOf } from '#app/http/page-cache.server.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { LanguageFallback } from '#app/components/language-fallback.tsx'
import { CourseNotices } from './course-notices.tsx'
import { LessonFooter } from './lesson-footer.tsx'
import { LessonNav } from './lesson-nav.tsx'
import { LockNotice } from './lock-notice.tsx'
import { LessonActionSchema, lessonStanding, load, loadLesson, lockErrors, lessonPath, lockView, quizErrors } from './lesson-access.server.ts'
import { fillLesson } from '#app/modules/content/render.server.tsx'
import { learnerState, lessonTemplateFor, noteLessonView } from '#app/modules/courses/lesson-view.server.ts'
import { enrolmentNextStep } from '#app/modules/courses/next-step.server.ts'
import { lessonLocks } from '#app/modules/courses/order.server.ts'
import { markLessonDone, saveReflection, submitQuiz } from '#app/modules/courses/progress.server.ts'
import { lessonSeconds, noteLessonRequest, requiredSeconds } from '#app/modules/courses/time-on-task.server.ts'

// A lesson is plain HTML and forms (ADR 006): it arrives without scripts, so a
// phone downloads the page and the styles and nothing else (ADR 032).
export const handle: PageHandle & { hydrate: false } = {
  title: (data) => (data as { lesson?: { title: string } } | undefined)?.lesson?.title,
  hydrate: false,
}

export async function loader(args: LoaderFunctionArgs) {
  const { work } = args.context
  const { enrolment, location, course, module, lesson, standing, lock, reflections, end } = await load(args)
  const path = lessonPath(course, module, lesson)
  const locale = resolveLocale(args.request, args.context)
  // A locked lesson is neither shown, nor timed, nor remembered as the place to resume.
  let body = { html: '' }
  let spentSeconds: number | null = null
  if (!lock) {
    const state = await learnerState(work, enrolment, location, path, enrolment.lang, standing.quizzes, reflections)
    const template = (await lessonTemplateFor(work, enrolment.course_version_id, module, lesson, state, locale)) ?? notFound()
    // Readers in the same state (most of them: no attempt yet) share one filled body, made and hashed once (ADR 038).
    body = viewOf(template, `${locale}|${JSON.stringify(state)}`, () => ({ html: fillLesson(template, state, locale) }))
    // Time on task: this request closes the learner's previous one and opens this lesson.
    spentSeconds = await noteLessonView(work, enrolment, module, lesson)
  }
  spentSeconds ??= await lessonSeconds(work, enrolment.id, module, lesson)
  const { manifest } = location
  const lang = enrolment.lang
  const isDone = (m: string, l: string) => standing.done.has(`${m}/${l}`)
  // What is next for the enrolment: a test to retake, the end survey, an ended cohort (course-notices.tsx).
  const nextStep = await enrolmentNextStep(work, enrolment, standing, end)
  const lockOf = lessonLocks(manifest, standing)
  const view = {
    lock: lock ? lockView(course, lock) : null,
    nextStep,
    here: path,
    course: { slug: course, title: pickLocalized(manifest.title, lang) },
    lang,
    languages: manifest.languages,
    status: enrolment.status,
    module: { index: location.moduleIndex + 1, title: pickLocalized(location.module.title, lang) },
    lesson: {
      title: pickLocalized(location.lesson.title, lang),
      minutes: location.lesson.minutes,
      done: isDone(module, lesson),
      hasQuiz: location.lesson.quizzes.length > 0,
    },
    time: { spentMinutes: Math.floor(spentSeconds / 60), requiredMinutes: Math.ceil(requiredSeconds(manifest, location.lesson) / 60) },
    body,
    progress: { done: enrolment.lessons_done, total: enrolment.lessons_total },
    previous: location.previous ? lessonPath(course, location.previous.moduleId, location.previous.lessonId) : null,
    next: location.next ? lessonPath(course, location.next.moduleId, location.next.lessonId) : null,
    nav: manifest.modules.map((m) => ({
      id: m.id,
      title: pickLocalized(m.title, lang),
      lessons: m.lessons.map((l) => ({
        href: lessonPath(course, m.id, l.id),
        title: pickLocalized(l.title, lang),
        done: isDone(m.id, l.id),
        current: m.id === module && l.id === lesson,
        locked: enrolment.status === 'active' && Boolean(lockOf({ moduleId: m.id, lessonId: l.id })),
      })),
    })),
  }
  return data(view, { status: lock ? 403 : 200 })
}

export async function action(args: ActionFunctionArgs) {
  const { work } = args.context
  const loaded = await loadLesson(args)
  const { enrolment, location, course, module, lesson } = loaded
  const submission = await parseForm(args.request, LessonActionSchema)
  const here = lessonPath(course, module, lesson)
  if (enrolment.status !== 'active') return data({ error: 'lesson.quiz.error.notActive', anchor: null }, { status: 409 })
  // A locked lesson refuses every form and is not timed. A quiz's answers are
  // judged under the enrolment's lock, order rules included (submitQuiz), so
  // they skip this read: one round trip less for each answer.
  const refused = (reason: keyof typeof lockErrors) => data({ error: lockErrors[reason], anchor: null }, { status: 403 })
  if (submission.status === 'success' && submission.value.intent === 'quiz') {
    const { quizId, answer } = submission.value
    const result = await submitQuiz(work, enrolment, { moduleId: module, lessonId: lesson }, quizId, answer)
    if (!result.ok && result.error === 'locked') return refused((await lessonStanding(work, loaded)).lock?.reason ?? 'finalExamLast')
    await noteLessonRequest(work, enrolment.id, module, lesson)
    if (!result.ok) {
      const status = result.error === 'noAttemptsLeft' || result.error === 'alreadyPassed' || result.error === 'notActive' ? 409 : 400
      return data({ error: quizErrors[result.error] ?? 'lesson.quiz.error.tampered', anchor: `quiz-${quizId}` }, { status })
    }
    return redirect(`${here}#quiz-${quizId}`)
  }
  const { lock } = await lessonStanding(work, loaded)
  if (lock) return refused(lock.reason)
  await noteLessonRequest(work, enrolment.id, module, lesson)
  if (submission.status !== 'success') return data({ error: 'error.badRequest.text', anchor: null }, { status: 400 })
  const input = submission.value
  if (input.intent === 'done') {
    const result = await markLessonDone(work, enrolment, module, lesson)
    if (!result.ok) return data({ error: 'lesson.time.tooSoon', anchor: null, minutesLeft: Math.ceil(result.error.secondsLeft / 60) }, { status: 409 })
    const next = location.next ? lessonPath(course, location.next.moduleId, location.next.lessonId) : here
    return redirect(next)
  }
  if (input.intent !== 'reflection') return data({ error: 'error.badRequest.text', anchor: null }, { status: 400 })
  const { reflectionId, text } = input
  if (!location.lesson.reflections.includes(reflectionId)) return data({ error: 'lesson.quiz.error.tampered', anchor: null }, { status: 400 })
  if (text.length > 5000) return data({ error: 'lesson.reflection.error.tooLong', anchor: `reflection-${reflectionId}` }, { status: 400 })
  await saveReflection(work, enrolment.id, reflectionId, text)
  return redirect(`${here}#reflection-${reflectionId}`)
}

export default function LessonPage() {
  const d = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const translate = useTranslateKey()
  const submit = useSubmit()
  // Forms inside the lesson are plain HTML; with JavaScript, send them through
  // Remix so the page does not reload.
  const onSubmit = (event: FormEvent<HTMLElement>) => {
    const form = event.target
    if (!(form instanceof HTMLFormElement)) return
    event.preventDefault()
    submit(form, { method: 'post', action: form.getAttribute('action') ?? undefined, preventScrollReset: true })
  }
  return (
    <div className="lesson-layout">
      <LessonNav d={d} />
      <div className="lesson-main">
        <p className="eyebrow">
          {t('lesson.module')} {d.module.index}. {d.module.title}
        </p>
        <h1>{d.lesson.title}</h1>
        <p className="lesson-meta">
          {t('lesson.minutes', { minutes: d.lesson.minutes })}
          {d.status === 'active' && !d.lesson.done ? <> · {t('lesson.time.spent', { spent: d.time.spentMinutes, required: d.time.requiredMinutes })}</> : null}
        </p>
        <CourseNotices d={d} />
        <LanguageFallback shown={d.lang} available={d.languages} />
        {actionData?.error ? (
          <p className="form-errors" role="alert">
            {'minutesLeft' in actionData && typeof actionData.minutesLeft === 'number'
              ? t('lesson.time.tooSoon', { minutes: actionData.minutesLeft })
              : translate(actionData.error)}{' '}
            {actionData.anchor ? <a href={`#${actionData.anchor}`}>↓</a> : null}
          </p>
        ) : null}
        {d.lock ? (
          <LockNotice lock={d.lock} />
        ) : (
          <article className="lesson-content" lang={d.lang} onSubmit={onSubmit} dangerouslySetInnerHTML={{ __html: d.body.html }} />
        )}
        <LessonFooter d={d} />
      </div>
    </div>
  )
}
