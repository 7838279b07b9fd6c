import { afterEach, beforeAll, describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { nowIso, setClockOffset, setNow } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { parseAnswers, type SurveyAnswers } from '#app/modules/surveys/answer-check.server.ts'
import { findAssignmentForAnswering, listMyAssignments, saveDraft, submitResponse } from '#app/modules/surveys/answers.server.ts'
import { SurveySchema, surveyItems, type SurveyDefinition } from '#app/modules/surveys/definition.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// Answering surveys: form fields read into typed answers, drafts, submission in
// one transaction, and anonymity. Assignments are made here directly (the
// scheduler makes them in the app) for enrolments in the short test course
// 'e2e-short'; the surveys 'course-pre', 'course-end' and 'course-followup'
// are synced from content/ into every test database.

const db = createTestDb()
const TODAY = '2026-06-01'

let courseVersionId: string

beforeAll(async () => {
  const row = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'e2e-short').executeTakeFirstOrThrow()
  courseVersionId = row.current_version_id!
})

afterEach(() => setClockOffset(0))

/** A small survey with every question type, for reading forms. */
const sample: SurveyDefinition = SurveySchema.parse({
  title: { kk: 'Сынақ', ru: 'Тест' },
  purpose: 'pre',
  anonymous: false,
  questions: [
    { id: 'agree', type: 'likert', text: { kk: 'Келісесіз бе?', ru: 'Согласны?' } },
    { id: 'score', type: 'scale10', text: { kk: 'Бағаңыз', ru: 'Оценка' } },
    {
      id: 'role',
      type: 'single',
      text: { kk: 'Қызметі', ru: 'Должность' },
      options: [
        { id: 'teacher', text: { kk: 'Мұғалім', ru: 'Учитель' } },
        { id: 'other', text: { kk: 'Басқа', ru: 'Другое' } },
      ],
    },
    {
      id: 'used',
      type: 'multiple',
      text: { kk: 'Не қолдандыңыз?', ru: 'Что применяли?' },
      options: [
        { id: 'a', text: { kk: 'А', ru: 'А' } },
        { id: 'b', text: { kk: 'Б', ru: 'Б' } },
        { id: 'c', text: { kk: 'В', ru: 'В' } },
      ],
    },
    {
      id: 'grid',
      type: 'matrix',
      text: { kk: 'Тұжырымдар', ru: 'Утверждения' },
      rows: [
        { id: 'row-1', text: { kk: 'Бірінші', ru: 'Первое' } },
        { id: 'row-2', text: { kk: 'Екінші', ru: 'Второе' } },
      ],
    },
    { id: 'note', type: 'text', text: { kk: 'Пікіріңіз', ru: 'Комментарий' } },
  ],
})

function form(fields: [string, string][]): FormData {
  const data = new FormData()
  for (const [name, value] of fields) data.append(name, value)
  return data
}

const complete: [string, string][] = [
  ['item.agree', '4'],
  ['item.score', '0'],
  ['item.role', 'teacher'],
  ['item.used', 'a'],
  ['item.used', 'c'],
  ['item.row-1', '5'],
  ['item.row-2', '1'],
  ['item.note', 'Жақсы\r\nкурс'],
  ['intent', 'submit'],
]

describe('parseAnswers', () => {
  test('reads every question type into typed answers', () => {
    const parsed = parseAnswers(sample, form(complete), { final: true })
    expect(parsed.errors).toBeNull()
    expect(parsed.answers).toEqual({ agree: 4, score: 0, role: 'teacher', used: ['a', 'c'], 'row-1': 5, 'row-2': 1, note: 'Жақсы\nкурс' })
  })

  test('an empty text and no choice are no answer at all', () => {
    const parsed = parseAnswers(
      sample,
      form([
        ['item.agree', '3'],
        ['item.note', '   '],
      ]),
    )
    expect(parsed).toMatchObject({ answers: { agree: 3 }, errors: null })
  })

  test.each([
    ['a Likert value above 5', 'item.agree', '6', 'agree', 'survey.error.outOfRange'],
    ['a Likert value of 0', 'item.agree', '0', 'agree', 'survey.error.outOfRange'],
    ['a Likert value between points', 'item.agree', '3.5', 'agree', 'survey.error.outOfRange'],
    ['a Likert value that is no number', 'item.agree', 'abc', 'agree', 'survey.error.notNumber'],
    ['a matrix row out of range', 'item.row-2', '9', 'row-2', 'survey.error.outOfRange'],
    ['a scale10 value of 11', 'item.score', '11', 'score', 'survey.error.outOfRange'],
    ['a negative scale10 value', 'item.score', '-1', 'score', 'survey.error.outOfRange'],
    ['a scale10 value that is no number', 'item.score', 'ten', 'score', 'survey.error.notNumber'],
    ['an unknown single option', 'item.role', 'director', 'role', 'survey.error.unknownOption'],
    ['an unknown multiple option', 'item.used', 'z', 'used', 'survey.error.unknownOption'],
    ['a text over 2000 characters', 'item.note', 'ә'.repeat(2001), 'note', 'survey.error.tooLong'],
  ])('%s is an error on that item', (_name, field, value, itemId, key) => {
    const parsed = parseAnswers(sample, form([[field, value]]))
    expect(parsed.errors).toEqual({ form: [], items: { [itemId]: key } })
    // What was typed comes back, to show it again.
    expect(parsed.values[itemId]).toContain(value)
  })

  test('a second value for a single-choice item is an error', () => {
    const parsed = parseAnswers(
      sample,
      form([
        ['item.role', 'teacher'],
        ['item.role', 'other'],
      ]),
    )
    expect(parsed.errors).toEqual({ form: [], items: { role: 'survey.error.oneOnly' } })
  })

  test('2000 characters are allowed, line breaks counted once', () => {
    const text = `${'а'.repeat(1000)}\r\n${'б'.repeat(999)}`
    const parsed = parseAnswers(sample, form([['item.note', text]]))
    expect(parsed.errors).toBeNull()
    expect(parsed.answers.note).toHaveLength(2000)
  })

  test('an answer to an item the survey does not have is a form error', () => {
    const parsed = parseAnswers(
      sample,
      form([
        ['item.agree', '2'],
        ['item.salary', '100'],
      ]),
    )
    expect(parsed.errors).toEqual({ form: ['survey.error.tampered'], items: {} })
  })

  test('missing required items are an error only on final submission', () => {
    const partial = form([
      ['item.agree', '2'],
      ['item.row-1', '3'],
    ])
    expect(parseAnswers(sample, partial).errors).toBeNull()
    expect(parseAnswers(sample, partial, { final: true }).errors).toEqual({
      form: [],
      // Every matrix row is required on its own; free text is optional.
      items: { score: 'survey.error.required', role: 'survey.error.required', used: 'survey.error.required', 'row-2': 'survey.error.required' },
    })
  })
})

async function surveyVersion(surveyId: string): Promise<{ versionId: string; def: SurveyDefinition }> {
  const row = await db.selectFrom('surveys').select('current_version_id').where('id', '=', surveyId).executeTakeFirstOrThrow()
  const def = await versionDefinition(db, row.current_version_id!)
  return { versionId: row.current_version_id!, def: def! }
}

interface Assigned {
  user: FixtureUser
  assignmentId: string
  enrolmentId: string
  cohortId: string
  def: SurveyDefinition
}

/** A new teacher enrolled in e2e-short, with a survey assigned as the scheduler would. */
async function assigned(surveyId: 'course-pre' | 'course-end' | 'course-followup', scheduleKey: string): Promise<Assigned> {
  const user = await createUser(db)
  const cohortId = await createTestCohort(db, { slug: 'e2e-short', versionId: courseVersionId }, { endsOn: '2099-12-31' })
  const enrolment = await enrol(testWork(db, { actorId: user.id }), { userId: user.id, cohortId, source: 'self', today: TODAY })
  if (!enrolment.ok) throw new Error(`enrolment failed: ${enrolment.error}`)
  const { versionId, def } = await surveyVersion(surveyId)
  // Enrolment already gives the course's pre-course survey; the rest are made here.
  await db
    .insertInto('survey_assignments')
    .values({
      id: newId(),
      survey_id: surveyId,
      survey_version_id: versionId,
      user_id: user.id,
      enrolment_id: enrolment.enrolmentId,
      course_id: 'e2e-short',
      cohort_id: cohortId,
      region_code: 'KZ-75',
      schedule_key: scheduleKey,
      status: 'assigned',
      assigned_at: nowIso(),
      started_at: null,
      submitted_at: null,
      reminders_sent: 0,
      last_reminded_at: null,
    })
    .onConflict((oc) => oc.columns(['enrolment_id', 'schedule_key']).doNothing())
    .execute()
  const assignment = await db
    .selectFrom('survey_assignments')
    .select(['id', 'survey_id'])
    .where('enrolment_id', '=', enrolment.enrolmentId)
    .where('schedule_key', '=', scheduleKey)
    .executeTakeFirstOrThrow()
  expect(assignment.survey_id).toBe(surveyId)
  const assignmentId = assignment.id
  return { user, assignmentId, enrolmentId: enrolment.enrolmentId, cohortId, def }
}

/** An answer to every item: 4 on Likert, 9 on scale10, the first option, the first two options, a sentence. */
function fullAnswers(def: SurveyDefinition): SurveyAnswers {
  return Object.fromEntries(
    surveyItems(def).map((item) => {
      const q = item.question
      switch (item.type) {
        case 'likert':
          return [item.id, 4]
        case 'scale10':
          return [item.id, 9]
        case 'single':
          return [item.id, q.type === 'single' ? q.options[0]!.id : '']
        case 'multiple':
          return [item.id, q.type === 'multiple' ? q.options.slice(0, 2).map((o) => o.id) : []]
        case 'text':
          return [item.id, 'Сыныпта көп нәрсені қолдандым.']
      }
    }),
  )
}

const assignmentRow = (id: string) => db.selectFrom('survey_assignments').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
const draftRow = (id: string) => db.selectFrom('survey_drafts').selectAll().where('assignment_id', '=', id).executeTakeFirst()
const count = async (table: 'survey_responses' | 'survey_answers') =>
  Number(
    (
      await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  )

describe('drafts', () => {
  test('partial answers are kept, the assignment marked started, and the form resumes from them', async () => {
    const a = await assigned('course-pre', 'pre')
    const half = { role: 'psychologist', experience: 'under-3', 'conf-notice': 2 }
    expect(await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, half)).toEqual({ ok: true })
    const started = await assignmentRow(a.assignmentId)
    expect(started).toMatchObject({ status: 'started', submitted_at: null })
    expect(started.started_at).toEqual(expect.any(String))
    expect((await findAssignmentForAnswering(testWork(db, { actorId: a.user.id }), a.assignmentId))?.draft).toEqual(half)

    // Saving again replaces the draft; the start stays when it was.
    const more = { ...half, setting: 'village', 'prac-parents': 5 }
    expect(await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, more)).toEqual({ ok: true })
    expect((await assignmentRow(a.assignmentId)).started_at).toBe(started.started_at)
    expect((await findAssignmentForAnswering(testWork(db, { actorId: a.user.id }), a.assignmentId))?.draft).toEqual(more)
    const { pending } = await listMyAssignments(testWork(db, { actorId: a.user.id }))
    expect(pending).toMatchObject([{ id: a.assignmentId, status: 'started', title: { kk: 'Курс алдындағы сауалнама' }, course: { kk: 'Қысқа сынақ курсы' } }])
  })

  test('another user can neither read nor save the draft', async () => {
    const a = await assigned('course-pre', 'pre')
    const other = await createUser(db)
    expect(await findAssignmentForAnswering(testWork(db, { actorId: other.id }), a.assignmentId)).toBeNull()
    expect(await saveDraft(testWork(db, { actorId: other.id }), a.assignmentId, { role: 'other' })).toEqual({ ok: false, error: 'notFound' })
    expect(await submitResponse(testWork(db, { actorId: other.id }), a.assignmentId, fullAnswers(a.def))).toEqual({ ok: false, error: 'notFound' })
    expect(await draftRow(a.assignmentId)).toBeUndefined()
    expect((await assignmentRow(a.assignmentId)).status).toBe('assigned')
  })

  test('an invalid answer is not saved', async () => {
    const a = await assigned('course-pre', 'pre')
    const result = await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, { 'conf-notice': 7 })
    expect(result).toEqual({ ok: false, error: { invalid: { form: [], items: { 'conf-notice': 'survey.error.outOfRange' } } } })
    expect(await draftRow(a.assignmentId)).toBeUndefined()
  })
})

describe('submitting', () => {
  test('required items are enforced on submission, not on the draft, and nothing is written', async () => {
    const a = await assigned('course-pre', 'pre')
    const partial = { role: 'other', 'conf-notice': 3 }
    expect(await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, partial)).toEqual({ ok: true })
    const before = await Promise.all([count('survey_responses'), count('survey_answers')])
    const result = await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, partial)
    expect(result.ok).toBe(false)
    if (result.ok || typeof result.error !== 'object') throw new Error('expected invalid')
    expect(result.error.invalid.items).toMatchObject({ experience: 'survey.error.required', 'prac-parents': 'survey.error.required' })
    // The optional text is not required.
    expect(result.error.invalid.items.expectations).toBeUndefined()
    expect(await Promise.all([count('survey_responses'), count('survey_answers')])).toEqual(before)
    expect((await assignmentRow(a.assignmentId)).status).toBe('started')
    expect(await draftRow(a.assignmentId)).toBeDefined()
  })

  test('a named response keeps its author and stores each answer in its column', async () => {
    const a = await assigned('course-followup', 'followup:90')
    await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, { 'conf-notice': 1 })
    const answers = { ...fullAnswers(a.def), 'conf-notice': 5 }
    expect(await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, answers)).toEqual({ ok: true })

    const response = await db.selectFrom('survey_responses').selectAll().where('user_id', '=', a.user.id).executeTakeFirstOrThrow()
    expect(response).toMatchObject({
      survey_id: 'course-followup',
      purpose: 'followup',
      schedule_key: 'followup:90',
      course_id: 'e2e-short',
      cohort_id: a.cohortId,
      region_code: 'KZ-75',
      enrolment_id: a.enrolmentId,
      user_id: a.user.id,
      period: expect.stringMatching(/^\d{4}-\d{2}$/),
    })
    expect(response.submitted_at).toEqual(expect.any(String))
    const rows = await db
      .selectFrom('survey_answers')
      .select(['item_id', 'value_num', 'option_id', 'value_text'])
      .where('response_id', '=', response.id)
      .execute()
    expect(rows).toContainEqual({ item_id: 'conf-notice', value_num: 5, option_id: null, value_text: null })
    expect(rows).toContainEqual({ item_id: 'prac-agreements', value_num: 4, option_id: null, value_text: null })
    expect(rows).toContainEqual({ item_id: 'cases-since-course', value_num: null, option_id: 'none', value_text: null })
    // A multiple choice is one row per option chosen.
    expect(rows.filter((r) => r.item_id === 'applied-practices')).toEqual([
      { item_id: 'applied-practices', value_num: null, option_id: 'class-rules', value_text: null },
      { item_id: 'applied-practices', value_num: null, option_id: 'bystanders', value_text: null },
    ])
    expect(rows).toContainEqual({ item_id: 'comment', value_num: null, option_id: null, value_text: 'Сыныпта көп нәрсені қолдандым.' })

    const assignment = await assignmentRow(a.assignmentId)
    expect(assignment).toMatchObject({ status: 'submitted', submitted_at: response.submitted_at })
    expect(await draftRow(a.assignmentId)).toBeUndefined()
    const mine = await listMyAssignments(testWork(db, { actorId: a.user.id }))
    // The pre-course survey given at enrolment is still waiting.
    expect(mine.pending.map((p) => p.scheduleKey)).toEqual(['pre'])
    expect(mine.submitted).toMatchObject([
      { id: a.assignmentId, status: 'submitted', submittedAt: response.submitted_at, title: { kk: 'Курстан кейінгі мониторинг' } },
    ])
  })

  test('a second submission is refused and changes nothing', async () => {
    const a = await assigned('course-pre', 'pre')
    expect(await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, fullAnswers(a.def))).toEqual({ ok: true })
    const snapshot = async () => ({
      assignment: await assignmentRow(a.assignmentId),
      responses: await db.selectFrom('survey_responses').selectAll().orderBy('id').execute(),
      answers: await count('survey_answers'),
      draft: await draftRow(a.assignmentId),
    })
    const before = await snapshot()
    setClockOffset(60_000)
    const changed = { ...fullAnswers(a.def), 'conf-talk': 1 }
    expect(await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, changed)).toEqual({ ok: false, error: 'alreadySubmitted' })
    expect(await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, changed)).toEqual({ ok: false, error: 'alreadySubmitted' })
    expect(await snapshot()).toEqual(before)
  })

  test('the course-end survey re-checks completion in the same transaction', async () => {
    const a = await assigned('course-end', 'end')
    // Everything done, but not yet evaluated: as when completion waits for the survey.
    const stamp = nowIso()
    for (const [module_id, lesson_id] of [
      ['start', 'welcome'],
      ['basics', 'practice'],
      ['final', 'exam'],
    ] as const) {
      await db.insertInto('lesson_progress').values({ enrolment_id: a.enrolmentId, module_id, lesson_id, done_at: stamp }).execute()
    }
    for (const [quiz_id, kind] of [
      ['basics-quiz', 'module'],
      ['final-exam', 'final'],
    ] as const) {
      await db
        .insertInto('quiz_attempts')
        .values({ id: newId(), enrolment_id: a.enrolmentId, quiz_id, kind, attempt_no: 1, score: 100, passed: 1, answers: '{}', submitted_at: stamp })
        .execute()
    }
    await db.updateTable('enrolments').set({ lessons_done: 3, final_score: 100 }).where('id', '=', a.enrolmentId).execute()

    expect(await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, fullAnswers(a.def))).toEqual({ ok: true })
    const enrolment = await db.selectFrom('enrolments').select(['status', 'completed_at']).where('id', '=', a.enrolmentId).executeTakeFirstOrThrow()
    expect(enrolment.status).toBe('completed')
  })
})

describe('anonymity', () => {
  /** Every value of every column of every row of both tables, as text. */
  async function everyValue(): Promise<string[]> {
    const responses = await db.selectFrom('survey_responses').selectAll().execute()
    const answers = await db.selectFrom('survey_answers').selectAll().execute()
    return [...responses, ...answers].flatMap((row) => Object.values(row).map((v) => String(v ?? '').toLowerCase()))
  }

  test('an anonymous course-end response holds nothing that ties it to its author', async () => {
    // 20:30 UTC on 31 July is already 1 August in Kazakhstan.
    setNow('2026-07-31T20:30:00Z')
    const a = await assigned('course-end', 'end')
    await saveDraft(testWork(db, { actorId: a.user.id }), a.assignmentId, { 'conf-notice': 2 })
    expect(await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, fullAnswers(a.def))).toEqual({ ok: true })

    const values = await everyValue()
    for (const secret of [a.user.id, a.user.email, a.user.iin, a.enrolmentId, a.assignmentId]) {
      expect(
        values.filter((v) => v.includes(secret.toLowerCase())),
        secret,
      ).toEqual([])
    }
    const anonymous = await db.selectFrom('survey_responses').selectAll().where('survey_id', '=', 'course-end').where('cohort_id', '=', a.cohortId).execute()
    expect(anonymous).toHaveLength(1)
    expect(anonymous[0]).toMatchObject({ user_id: null, enrolment_id: null, submitted_at: null, period: '2026-08', purpose: 'end', schedule_key: 'end' })
    // The assignment only knows that it was answered.
    expect(await assignmentRow(a.assignmentId)).toMatchObject({ status: 'submitted', submitted_at: expect.any(String) })
    expect(await draftRow(a.assignmentId)).toBeUndefined()
  })

  test('a named survey’s response keeps the user, the enrolment and the time', async () => {
    const a = await assigned('course-pre', 'pre')
    expect(await submitResponse(testWork(db, { actorId: a.user.id }), a.assignmentId, fullAnswers(a.def))).toEqual({ ok: true })
    const values = await everyValue()
    expect(values).toContain(a.user.id.toLowerCase())
    expect(values).toContain(a.enrolmentId.toLowerCase())
    const response = await db.selectFrom('survey_responses').selectAll().where('user_id', '=', a.user.id).executeTakeFirstOrThrow()
    expect(response).toMatchObject({ enrolment_id: a.enrolmentId, submitted_at: expect.any(String) })
  })
})
