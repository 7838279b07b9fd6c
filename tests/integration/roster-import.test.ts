import fs from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { newId } from '#db/ids.server.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { iinCheckDigit, iinProblem } from '#app/modules/auth/iin.ts'
import { INVITATION_LINK } from '#app/modules/auth/invitation-link.ts'
import { findValidResetToken, resetPassword } from '#app/modules/auth/password-reset.server.ts'
import { authenticate, userSearchText } from '#app/modules/auth/users.server.ts'
import { DAY, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { decodeCsv, detectSeparator, parseCsv } from '#app/modules/csv/csv-read.server.ts'
import { deliverDueMail } from '#app/modules/mail/delivery.server.ts'
import { createSmtpTransport } from '#app/modules/mail/transport.server.ts'
import { RUNNER, STALE_MS, recoverJobs } from '#app/modules/jobs/jobs.server.ts'
import { applyStaged, inviteStaged } from '#app/modules/roster/apply.server.ts'
import { stageAndCommit } from '#app/modules/roster/stage.server.ts'
import type { RosterAccess } from '#app/modules/roster/access.ts'
import { getRosterJob, rosterImportJob, startRosterImport } from '#app/modules/roster/roster.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { TEST_PUBLIC_ORIGIN, testWork } from '#tests/setup/work.ts'
import { decodeBody, splitMessage, startSmtp } from './mail-smtp.ts'

// The national roster import on a real database: reading and row checks in
// the worker thread, checks against accounts and cohorts, staged saving with
// its commit point, invitations, and every refusal writing nothing.

const db = createTestDb()
// Invitation links come from the configured public origin (app/core/public-origin.server.ts).
const ORIGIN = 'https://academy.orken.kz'
const HEADER = 'ЖСН;Аты-жөні;Электрондық пошта;Өңір;Мектеп'

let admin: FixtureUser
beforeAll(async () => {
  setPublicOrigin(ORIGIN)
  admin = await createUser(db, { roles: ['admin'] })
})
afterAll(() => {
  setPublicOrigin(TEST_PUBLIC_ORIGIN)
})
afterEach(() => setClockOffset(0))

const fixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve('tests/fixtures/csv', name)))
const utf8 = (text: string) => new TextEncoder().encode(text)

let serial = 0
/** A valid IIN no other row of this file uses: born 1 Jan 1970 + n days, serial from a counter. */
function freshIin(): string {
  for (;;) {
    serial++
    const born = new Date(Date.UTC(1970, 0, 1) + (serial % 9000) * DAY)
    const yymmdd = born.toISOString().slice(2, 10).replace(/-/g, '')
    const first11 = `${yymmdd}${serial % 2 ? 3 : 4}${String(Math.floor(serial / 9000) * 1000 + (serial % 1000) + 5000).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null) return first11 + check
  }
}

async function newCohort(options: Parameters<typeof createTestCohort>[2] = {}) {
  const course = await createTestCourse(db)
  return { course, cohortId: await createTestCohort(db, course, options) }
}

interface RunOptions {
  cohortId?: string | null
  access?: RosterAccess
  actorId?: string
  sheet?: string | null
}

/** Starts an import as the route does and waits for its end. */
async function runImport(bytes: Uint8Array, options: RunOptions | string = {}) {
  const o = typeof options === 'string' ? { cohortId: options } : options
  const started = await startRosterImport(testWork(db, { actorId: o.actorId ?? admin.id, clientIp: '192.0.2.10' }), bytes, {
    fileName: 'teachers.csv',
    cohortId: o.cohortId ?? null,
    sheet: o.sheet ?? null,
    access: o.access ?? { kind: 'all' },
  })
  if (!started.ok) throw new Error(`refused: ${started.error.key}`)
  await started.value.done
  const job = await getRosterJob(testWork(db), started.value.jobId)
  if (!job) throw new Error('no job')
  return job
}

function errorsOf(job: Awaited<ReturnType<typeof runImport>>) {
  if (job.result?.kind !== 'errors') throw new Error(`expected errors, got ${JSON.stringify(job.result)}`)
  return job.result.errors.map((e) => [e.line, e.key, e.params ?? {}] as const)
}
const keysOf = (job: Awaited<ReturnType<typeof runImport>>) => errorsOf(job).map(([line, key]) => [line, key] as const)

async function counts() {
  const n = async (table: 'users' | 'enrolments' | 'mail_outbox' | 'password_reset_tokens' | 'audit_log' | 'user_roles' | 'roster_staging') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    users: await n('users'),
    roles: await n('user_roles'),
    enrolments: await n('enrolments'),
    mail: await n('mail_outbox'),
    tokens: await n('password_reset_tokens'),
    audit: await n('audit_log'),
    staged: await n('roster_staging'),
  }
}

const counted = (c: Partial<{ usersCreated: number; usersUpdated: number; usersFound: number; enrolled: number; alreadyEnrolled: number }>) => ({
  kind: 'counts',
  usersCreated: 0,
  usersUpdated: 0,
  usersFound: 0,
  enrolled: 0,
  alreadyEnrolled: 0,
  notices: [],
  ...c,
})

describe('the CSV reader', () => {
  test('counts physical lines, with CRLF, LF and lone CR and line breaks inside quotes', () => {
    const records = parseCsv('a,b\r\n"x\r\ny",z\n"1"",2",3\rlast,"q"', ',')
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [2, ['x\r\ny', 'z']],
      [4, ['1",2', '3']],
      [5, ['last', 'q']],
    ])
    expect(records.every((r) => !r.malformed)).toBe(true)
  })

  test('marks an unclosed quote and text after a closing quote', () => {
    expect(parseCsv('"ab"c,d\n', ',')[0]).toMatchObject({ line: 1, malformed: true })
    expect(parseCsv('a\n"open,b\nc\n', ',')[1]).toMatchObject({ line: 2, malformed: true })
  })

  test('takes the separator from the header line', () => {
    expect(detectSeparator('ИИН;ФИО;Почта\n1,2,3,4\n')).toBe(';')
    expect(detectSeparator('"a;b",c,d\n')).toBe(',')
  })

  test('decodes UTF-8 with and without a BOM, and Windows-1251 otherwise', () => {
    expect(decodeCsv(utf8('\uFEFFӘлия'))).toEqual({ text: 'Әлия', encoding: 'utf-8' })
    expect(decodeCsv(utf8('Әлия'))).toEqual({ text: 'Әлия', encoding: 'utf-8' })
    expect(decodeCsv(iconv.encode('Ёлкин Серікбаев', 'win1251'))).toEqual({ text: 'Ёлкин Серікбаев', encoding: 'windows-1251' })
    expect(decodeCsv(new Uint8Array([0xc0, 0x98, 0xc1]))).toBeNull() // 0x98 has no Windows-1251 letter
  })
})

// Each import boots the roster's worker thread (about a second, several on a loaded machine).
describe('files refused whole', { timeout: 60_000 }, () => {
  test.each([
    ['an empty file', () => utf8(''), 'import.file.empty'],
    ['a header only', () => utf8(`${HEADER}\r\n`), 'import.file.noRows'],
    ['no header', () => utf8('850412412016;Әлия Қасымова;aliya@example.kz;KZ-75;sch-kz75-1\n'), 'roster.file.noHeader'],
    ['a missing column', () => utf8('ИИН;ФИО;Регион;Школа\n1;2;3;4\n'), 'import.file.missingColumns'],
    ['a file over 20 MB', () => utf8(`${HEADER}\n${'x'.repeat(20 * 1024 * 1024)}`), 'import.file.tooLarge'],
    ['over 100,000 rows', () => utf8(`${HEADER}\n${'1;2;3;4;5\n'.repeat(100_001)}`), 'roster.file.tooManyRows'],
  ])('%s', async (_name, bytes, key) => {
    const before = await counts()
    const job = await runImport(bytes())
    expect(job).toMatchObject({ status: 'failed', result: { kind: 'failure', key } })
    expect(await counts()).toEqual({ ...before, audit: before.audit })
  })

  test('the too-many-rows message names the limit in all three languages', () => {
    expect(translate('kk', 'roster.file.tooManyRows', { count: '100 001', max: '100 000' })).toBe('Файлда 100 001 жол бар, ал ең көбі 100 000 болуы керек.')
    expect(translate('ru', 'roster.file.tooManyRows', { count: '100 001', max: '100 000' })).toContain('не больше 100 000')
    expect(translate('en', 'roster.file.tooManyRows', { count: '100,001', max: '100,000' })).toContain('at most 100,000')
  })
})

describe('importing', { timeout: 60_000 }, () => {
  test('UTF-8 with a BOM, commas, CRLF, quotes and Kazakh letters: creates teachers, invites them in Kazakh, enrols them', async () => {
    const { cohortId } = await newCohort()
    const before = await counts()
    const job = await runImport(fixture('utf8-bom-comma.csv'), cohortId)
    expect(job.status).toBe('done')
    expect(job.result).toEqual(counted({ usersCreated: 4, enrolled: 4 }))

    const users = await db
      .selectFrom('users')
      .selectAll()
      .where('email', 'in', ['aliya.kassymova@example.kz', 'nurlan.otegenuly@example.kz', 'umitzhan.iskakova@example.kz', 'ergali.mynbaiuly@example.kz'])
      .orderBy('iin')
      .execute()
    expect(users.map((u) => [u.iin, u.full_name, u.region_code, u.school_id])).toEqual([
      ['790923312024', 'Нұрлан "Нұрик" Өтегенұлы', 'KZ-75', 'sch-kz75-3'],
      ['850412412016', 'Әлия Ғабитқызы Қасымова', 'KZ-75', 'sch-kz75-1'],
      ['881130312045', 'Ерғали Мыңбайұлы', 'KZ-71', 'sch-kz71-2'],
      ['920101412030', 'Үмітжан Һарунқызы Іскакова', 'KZ-75', 'sch-kz75-2'],
    ])
    for (const u of users) {
      expect(u.search_text).toBe(userSearchText(u.full_name, u.email, u.iin))
      expect(u.locale).toBe('kk')
      const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', u.id).execute()
      expect(roles.map((r) => r.role)).toEqual(['teacher'])
    }
    const enrolments = await db.selectFrom('enrolments').select(['user_id', 'source', 'status', 'lessons_total']).where('cohort_id', '=', cohortId).execute()
    expect(enrolments).toHaveLength(4)
    expect(enrolments.every((e) => e.source === 'import' && e.status === 'active' && e.lessons_total === 3)).toBe(true)

    const after = await counts()
    expect(after.users - before.users).toBe(4)
    expect(after.mail - before.mail).toBe(4)
    // Each invitation's link is made when its mail is sent.
    expect(after.tokens - before.tokens).toBe(0)
    expect(after.staged).toBe(0)
    const audit = await db.selectFrom('audit_log').select(['action', 'details']).where('target_id', '=', job.id).execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['import.enrolments', 'import.run'])
    expect(JSON.parse(audit.find((a) => a.action === 'import.enrolments')!.details)).toMatchObject({
      usersCreated: 4,
      usersFound: 0,
      enrolled: 4,
      alreadyEnrolled: 0,
    })
  })

  test('the invitation sets a first password through the link its mail gets when sent, for 7 days from then, once', async () => {
    const { cohortId } = await newCohort()
    const iin = freshIin()
    const email = `invited-${newId()}@example.kz`
    await runImport(utf8(`${HEADER}\n${iin};Дина Жұмабекқызы;${email};KZ-75;sch-kz75-1\n`), cohortId)
    const user = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirstOrThrow()
    // Nobody can log in before the link is used, whatever they type.
    expect((await authenticate(testWork(db, { clientIp: '192.0.2.20' }), email, user.password_hash)).ok).toBe(false)
    const queued = await db.selectFrom('mail_outbox').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(queued).toMatchObject({ kind: 'import_invitation', to_address: email, status: 'pending' })
    expect(queued.subject).toBe('Өркен Academy: сіз «Сынақ курсы» курсына жазылдыңыз')
    expect(queued.text_body).toContain('Сәлеметсіз бе, Дина Жұмабекқызы!')
    expect(queued.text_body).toContain(INVITATION_LINK)
    expect(await db.selectFrom('password_reset_tokens').select('id').where('user_id', '=', user.id).execute()).toEqual([])

    // The mail waits two days for the rate (a national batch), then goes out through a real SMTP server.
    setClockOffset(2 * DAY)
    const smtp = await startSmtp()
    const transport = createSmtpTransport(`smtp://127.0.0.1:${smtp.port}`)
    try {
      await deliverDueMail(db, transport, 'noreply@orken.kz', { ratePerMinute: 100_000, batchSize: 500 })
    } finally {
      transport.close()
      await smtp.close()
    }
    const sent = smtp.messages.map((raw) => splitMessage(raw)).find(({ headers }) => headers.get('to')?.includes(email))
    expect(sent).toBeDefined()
    const text = decodeBody(sent!.headers, sent!.body)
    expect(text).not.toContain(INVITATION_LINK)
    const token = new RegExp(`${ORIGIN.replace(/\./g, '\\.')}/reset-password/([a-z2-7]{32})`).exec(text)?.[1]
    expect(token).toBeDefined()
    // The stored mail keeps its place for the link: a later attempt would make a new one.
    expect((await db.selectFrom('mail_outbox').select('text_body').where('id', '=', queued.id).executeTakeFirstOrThrow()).text_body).toBe(queued.text_body)

    // Seven days count from the sending, not from the import.
    setClockOffset(8 * DAY + 23 * 3_600_000)
    expect(await findValidResetToken(testWork(db), token!)).toEqual({ userId: user.id })
    setClockOffset(9 * DAY + 60_000)
    expect(await findValidResetToken(testWork(db), token!)).toBeNull()
    setClockOffset(3 * DAY)
    expect(await resetPassword(testWork(db), token!, 'менің-жаңа-құпиясөзім')).toBe(true)
    expect(await resetPassword(testWork(db), token!, 'тағы-бір-құпиясөз-2026')).toBe(false)
    expect(await authenticate(testWork(db, { clientIp: '192.0.2.21' }), iin, 'менің-жаңа-құпиясөзім')).toMatchObject({ ok: true, value: { userId: user.id } })
  })

  test('UTF-8 without a BOM, semicolons, LF, Russian headers in another order, separators and quotes inside quotes', async () => {
    const { cohortId } = await newCohort()
    const job = await runImport(fixture('utf8-semicolon.csv'), cohortId)
    expect(job.result).toEqual(counted({ usersCreated: 2, enrolled: 2 }))
    const anna = await db.selectFrom('users').select(['full_name', 'iin', 'school_id']).where('email', '=', 'anna.kim@example.kz').executeTakeFirstOrThrow()
    expect(anna).toEqual({ full_name: 'Ким; Анна "Аня" Петровна', iin: '830228312066', school_id: 'sch-kz75-2' })
    const timur = await db.selectFrom('users').select('school_id').where('email', '=', 'timur.akhmetov@example.kz').executeTakeFirstOrThrow()
    expect(timur.school_id).toBe('sch-kz75-1')
  })

  test('Windows-1251 with Russian names (Ё, and the Kazakh І it shares)', async () => {
    const { cohortId } = await newCohort()
    fs.mkdirSync(TMP_DIR, { recursive: true })
    const file = path.join(TMP_DIR, `import-cp1251-${newId()}.csv`)
    const text = [
      'ИИН;ФИО;Электронная почта;Регион;Школа',
      '910717412078;Сергей Ёлкин;sergei.yolkin@example.kz;KZ-75;Школа-гимназия № 28 города Алматы',
      '870505312089;Айдос Серікбаев;aidos.serikbayev@example.kz;KZ-75;"Медеуский район, средняя школа № 3"',
    ].join('\r\n')
    fs.writeFileSync(file, iconv.encode(text, 'win1251'))
    const bytes = new Uint8Array(fs.readFileSync(file))
    fs.rmSync(file)
    const job = await runImport(bytes, cohortId)
    expect(job.result).toMatchObject({ kind: 'counts', usersCreated: 2, enrolled: 2 })
    const names = await db
      .selectFrom('users')
      .select(['full_name', 'school_id'])
      .where('email', 'in', ['sergei.yolkin@example.kz', 'aidos.serikbayev@example.kz'])
      .orderBy('email')
      .execute()
    expect(names).toEqual([
      { full_name: 'Айдос Серікбаев', school_id: 'sch-kz75-3' },
      { full_name: 'Сергей Ёлкин', school_id: 'sch-kz75-2' },
    ])
  })

  test('headers as schools type them: a leading №, Т.А.Ә., Облыс, a BIN column, a cohort column, and a column it does not know', async () => {
    const { course, cohortId } = await newCohort()
    const other = await createTestCohort(db, course)
    const bin = '180540012345'
    await db.updateTable('schools').set({ bin }).where('id', '=', 'sch-kz75-2').execute()
    const a = { iin: freshIin(), email: `bin-${newId()}@example.kz` }
    const b = { iin: freshIin(), email: `bin-${newId()}@example.kz` }
    const title = (await db.selectFrom('cohorts').select('title').where('id', '=', other).executeTakeFirstOrThrow()).title
    const csv = [
      '№;Т.А.Ә.;ЖСН;Email;Облыс;БСН;Ағын;Телефон',
      `1;Әсел Бинқызы;${a.iin};${a.email};KZ-75;${bin};${cohortId};+7 701 000 00 00`,
      `2;Берік Бинұлы;${b.iin};${b.email};KZ-75;${bin};${title.toUpperCase()};`,
    ].join('\n')
    const job = await runImport(utf8(csv))
    expect(job.result).toMatchObject({ kind: 'counts', usersCreated: 2, enrolled: 2 })
    const rows = await db
      .selectFrom('users')
      .innerJoin('enrolments', 'enrolments.user_id', 'users.id')
      .select(['users.email', 'users.school_id', 'enrolments.cohort_id'])
      .where('users.email', 'in', [a.email, b.email])
      .orderBy('users.email')
      .execute()
    expect(rows).toEqual(
      [
        { email: a.email, school_id: 'sch-kz75-2', cohort_id: cohortId },
        { email: b.email, school_id: 'sch-kz75-2', cohort_id: other },
      ].sort((x, y) => x.email.localeCompare(y.email)),
    )
  })

  test('every bad row is reported by its physical line, and nothing is written', async () => {
    expect(iinProblem('850412401200')).toBe('checksum')
    expect(iinProblem('901314400120')).toBe('date')
    const { cohortId } = await newCohort()
    const before = await counts()
    const job = await runImport(fixture('errors.csv'), cohortId)
    expect(job.status).toBe('failed')
    expect(keysOf(job)).toEqual([
      [2, 'validation.iin.format'],
      [3, 'validation.iin.checksum'],
      [4, 'validation.iin.date'],
      [5, 'import.row.fullNameMissing'],
      [6, 'import.row.email'],
      [7, 'places.region.unknown'],
      // A school of another region is never taken, and the error says where it is.
      [8, 'places.school.otherRegion'],
      [9, 'places.school.notFound'],
      [11, 'import.row.duplicateEmail'],
      [11, 'import.row.duplicateIin'],
      [12, 'import.row.duplicateEmail'],
      [13, 'import.row.duplicateIin'],
      [14, 'import.row.schoolMissing'],
      [16, 'import.row.quotes'],
    ])
    const errors = errorsOf(job)
    expect(errors[4]).toEqual([6, 'import.row.email', { value: 'ermek@' }])
    expect(errors.slice(8, 12)).toEqual([
      [11, 'import.row.duplicateEmail', { email: 'kamila.nurbekqyzy@example.kz', other: 12 }],
      [11, 'import.row.duplicateIin', { iin: '950214312143', other: 13 }],
      [12, 'import.row.duplicateEmail', { email: 'kamila.nurbekqyzy@example.kz', other: 11 }],
      [13, 'import.row.duplicateIin', { iin: '950214312143', other: 11 }],
    ])
    expect(job.result).toMatchObject({ lineCount: 13, errorCount: 14 })
    expect(await counts()).toEqual(before)
    expect(translate('kk', 'import.row.duplicateIin', { iin: '950214312143', other: 11 })).toBe('ЖСН 950214312143 файлда қайталанады (11-жолды қараңыз).')
  })

  test('a name over 120 characters, a missing email and a closed school are errors', async () => {
    const { cohortId } = await newCohort()
    await db.updateTable('schools').set({ closed_at: now().toISOString() }).where('id', '=', 'sch-kz71-3').execute()
    const csv = [
      HEADER,
      `${freshIin()};${'А'.repeat(121)};long-${newId()}@example.kz;KZ-75;sch-kz75-1`,
      `${freshIin()};Поштасыз Педагог;;KZ-75;sch-kz75-1`,
      `${freshIin()};Жабық Мектеп;closed-${newId()}@example.kz;KZ-71;sch-kz71-3`,
    ].join('\n')
    const before = await counts()
    const job = await runImport(utf8(csv), cohortId)
    await db.updateTable('schools').set({ closed_at: null }).where('id', '=', 'sch-kz71-3').execute()
    expect(keysOf(job)).toEqual([
      [2, 'import.row.fullNameTooLong'],
      [3, 'import.row.emailMissing'],
      [4, 'places.school.closed'],
    ])
    expect(await counts()).toEqual(before)
  })

  test('a file full of errors keeps the first 1,000 and counts them all', async () => {
    const { cohortId } = await newCohort({ capacity: 10_000 })
    const rows = Array.from({ length: 1_200 }, (_, i) => `${freshIin()};;many-${i}-${newId()}@example.kz;KZ-75;sch-kz75-1`)
    const job = await runImport(utf8([HEADER, ...rows].join('\n')), cohortId)
    expect(job.result).toMatchObject({ kind: 'errors', errorCount: 1_200, lineCount: 1_200 })
    const errors = errorsOf(job)
    expect(errors).toHaveLength(1_000)
    expect(errors[999]).toEqual([1_001, 'import.row.fullNameMissing', {}])
  })

  test('an IIN or email that belongs to someone else, and a teacher already in another cohort of the course, are errors', async () => {
    const { course, cohortId } = await newCohort()
    const otherCohort = await createTestCohort(db, course)
    const owner = await createUser(db)
    const enrolledElsewhere = await createUser(db)
    await enrol(testWork(db, { actorId: admin.id }), { userId: enrolledElsewhere.id, cohortId: otherCohort, source: 'admin', today: '2026-06-01' })
    const known = await createUser(db, { schoolId: 'sch-kz75-1', fullName: 'Белгілі Педагог' })
    const csv = [
      HEADER,
      `${owner.iin};${owner.fullName};someone-else@example.kz;KZ-75;sch-kz75-1`,
      `${freshIin()};Басқа Адам;${owner.email.toUpperCase()};KZ-75;sch-kz75-1`,
      `${enrolledElsewhere.iin};${enrolledElsewhere.fullName};${enrolledElsewhere.email};KZ-75;sch-kz75-1`,
      `${known.iin};${known.fullName};${known.email};KZ-75;sch-kz75-1`,
    ].join('\n')
    const before = await counts()
    const job = await runImport(utf8(csv), cohortId)
    expect(errorsOf(job)).toEqual([
      [2, 'import.row.iinTaken', { iin: owner.iin }],
      [3, 'import.row.emailTaken', { email: owner.email }],
      [4, 'import.row.otherCohort', {}],
    ])
    expect(await counts()).toEqual(before)

    // Without the bad rows the known teacher is found, not created again, and not invited.
    const fixed = await runImport(utf8([HEADER, csv.split('\n')[4]].join('\n')), cohortId)
    expect(fixed.result).toEqual(counted({ usersFound: 1, enrolled: 1 }))
    expect((await counts()).users).toBe(before.users)
    expect(await db.selectFrom('mail_outbox').select('id').where('user_id', '=', known.id).execute()).toHaveLength(0)
  })

  test('a teacher whose name, school or region changed is updated, not created, and not invited again', async () => {
    const { cohortId } = await newCohort()
    const teacher = await createUser(db, { schoolId: 'sch-kz75-1', fullName: 'Ескі Тегі Аты' })
    const before = await counts()
    const job = await runImport(utf8(`${HEADER}\n${teacher.iin};Жаңа Тегі Аты;${teacher.email};KZ-71;sch-kz71-1\n`), cohortId)
    expect(job.result).toEqual(counted({ usersUpdated: 1, enrolled: 1 }))
    const row = await db
      .selectFrom('users')
      .select(['full_name', 'school_id', 'region_code', 'search_text'])
      .where('id', '=', teacher.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      full_name: 'Жаңа Тегі Аты',
      school_id: 'sch-kz71-1',
      region_code: 'KZ-71',
      search_text: userSearchText('Жаңа Тегі Аты', teacher.email, teacher.iin),
    })
    const after = await counts()
    expect({ users: after.users - before.users, mail: after.mail - before.mail, enrolments: after.enrolments - before.enrolments }).toEqual({
      users: 0,
      mail: 0,
      enrolments: 1,
    })
  })

  test('importing the same file twice changes nothing the second time but one import.run audit row', async () => {
    const { cohortId } = await newCohort()
    const rows = Array.from({ length: 3 }, (_, i) => `${freshIin()};Педагог Қайталау ${i};twice-${i}-${newId()}@example.kz;KZ-75;sch-kz75-1`)
    const bytes = utf8([HEADER, ...rows].join('\r\n'))
    const first = await runImport(bytes, cohortId)
    expect(first.result).toEqual(counted({ usersCreated: 3, enrolled: 3 }))
    const before = await counts()
    const second = await runImport(bytes, cohortId)
    expect(second.result).toEqual(counted({ usersFound: 3, alreadyEnrolled: 3 }))
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 })
    const runs = await db.selectFrom('audit_log').select('action').where('target_id', '=', second.id).execute()
    expect(runs).toEqual([{ action: 'import.run' }])
  })

  test('a cohort column names several cohorts by code or exact title; unknown, ambiguous and closed ones are errors', async () => {
    const course = await createTestCourse(db)
    const a = await createTestCohort(db, course)
    const b = await createTestCohort(db, course)
    const closed = await createTestCohort(db, course, { status: 'closed' })
    const twin1 = await createTestCohort(db, course)
    const twin2 = await createTestCohort(db, course, { regionCode: 'KZ-71' })
    await db.updateTable('cohorts').set({ title: 'Егіз ағын' }).where('id', 'in', [twin1, twin2]).execute()
    const titleOfB = (await db.selectFrom('cohorts').select('title').where('id', '=', b).executeTakeFirstOrThrow()).title
    const header = `${HEADER};Поток`
    const row = (cohort: string) => `${freshIin()};Ағын Педагог;cohort-${newId()}@example.kz;KZ-75;sch-kz75-1;${cohort}`
    const before = await counts()
    const bad = await runImport(utf8([header, row(a), row(titleOfB), row('Жоқ ағын'), row('егіз  АҒЫН'), row(closed), row('')].join('\n')))
    expect(keysOf(bad)).toEqual([
      [4, 'roster.row.cohortUnknown'],
      [5, 'roster.row.cohortAmbiguous'],
      [6, 'roster.row.cohortClosed'],
      [7, 'roster.row.cohortMissing'],
    ])
    const candidates = String(errorsOf(bad)[1]![2].candidates)
    expect(candidates).toContain(twin1)
    expect(candidates).toContain(twin2)
    expect(await counts()).toEqual(before)

    // An empty cohort cell takes the cohort chosen in the form.
    const good = await runImport(utf8([header, row(a), row(titleOfB), row(titleOfB), row('')].join('\n')), { cohortId: a })
    expect(good.result).toEqual(counted({ usersCreated: 4, enrolled: 4 }))
    const seated = await db
      .selectFrom('enrolments')
      .select(['cohort_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('cohort_id', 'in', [a, b])
      .groupBy('cohort_id')
      .execute()
    expect(Object.fromEntries(seated.map((s) => [s.cohort_id, Number(s.n)]))).toEqual({ [a]: 2, [b]: 2 })
  })

  test('places are counted per cohort: the first line over each full cohort is reported and nothing is written', async () => {
    const course = await createTestCourse(db)
    const small = await createTestCohort(db, course, { capacity: 3 })
    const roomy = await createTestCohort(db, course, { capacity: 10 })
    const seated = await createUser(db, { schoolId: 'sch-kz75-1' })
    await enrol(testWork(db, { actorId: admin.id }), { userId: seated.id, cohortId: small, source: 'admin', today: '2026-06-01' })
    const header = `${HEADER};Ағын`
    const rows = [
      `${seated.iin};${seated.fullName};${seated.email};KZ-75;sch-kz75-1;${small}`, // line 2: already in, needs no place
      ...Array.from({ length: 4 }, (_, i) => `${freshIin()};Толық Ағын ${i};full-${i}-${newId()}@example.kz;KZ-75;sch-kz75-1;${small}`), // lines 3–6
      ...Array.from({ length: 4 }, (_, i) => `${freshIin()};Кең Ағын ${i};roomy-${i}-${newId()}@example.kz;KZ-75;sch-kz75-1;${roomy}`), // lines 7–10
    ]
    const before = await counts()
    const job = await runImport(utf8([header, ...rows].join('\n')))
    expect(errorsOf(job)).toEqual([[5, 'roster.row.full', { cohort: expect.any(String), capacity: 3, free: 2 }]])
    expect(await counts()).toEqual(before)
  })

  test('a regional admin imports only into cohorts of their region, a trainer only into the cohorts they train', async () => {
    const course = await createTestCourse(db)
    const trainer = await createUser(db, { roles: ['trainer'] })
    const almaty = await createTestCohort(db, course, { regionCode: 'KZ-75', trainerId: trainer.id })
    const astana = await createTestCohort(db, course, { regionCode: 'KZ-71' })
    const regional = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    const header = `${HEADER};Ағын`
    const row = (cohort: string) => `${freshIin()};Өңір Педагог;scope-${newId()}@example.kz;KZ-75;sch-kz75-1;${cohort}`
    const before = await counts()
    const asRegional = await runImport(utf8([header, row(almaty), row(astana)].join('\n')), {
      access: { kind: 'regions', regions: ['KZ-75'] },
      actorId: regional.id,
    })
    expect(keysOf(asRegional)).toEqual([[3, 'roster.row.cohortNotYours']])
    const asTrainer = await runImport(utf8([header, row(astana), row(almaty)].join('\n')), {
      access: { kind: 'trainer', trainerId: trainer.id },
      actorId: trainer.id,
    })
    expect(keysOf(asTrainer)).toEqual([[2, 'roster.row.cohortNotYours']])
    expect(await counts()).toEqual(before)
    const allowed = await runImport(utf8([header, row(almaty)].join('\n')), { access: { kind: 'trainer', trainerId: trainer.id }, actorId: trainer.id })
    expect(allowed.result).toMatchObject({ kind: 'counts', usersCreated: 1, enrolled: 1 })
  })

  test('a second roster import is refused while one is running, and nothing is recorded for it', async () => {
    const { cohortId } = await newCohort()
    const runningId = newId()
    const at = now().toISOString()
    await db
      .insertInto('jobs')
      .values({
        id: runningId,
        kind: 'roster',
        status: 'running',
        file_name: 'first.csv',
        total: 10,
        processed: 1,
        result: null,
        params: JSON.stringify({ cohortId, sheet: null, access: { kind: 'all' } }),
        created_by: admin.id,
        created_at: at,
        started_at: at,
        heartbeat_at: at,
        runner: 'elsewhere:1',
        finished_at: null,
        phase: 'checking',
      })
      .execute()
    try {
      const jobsBefore = await db.selectFrom('jobs').select('id').execute()
      const started = await startRosterImport(
        testWork(db, { actorId: admin.id }),
        utf8(`${HEADER}\n${freshIin()};Екінші Импорт;second-${newId()}@example.kz;KZ-75;sch-kz75-1\n`),
        {
          fileName: 'second.csv',
          cohortId,
          sheet: null,
          access: { kind: 'all' },
        },
      )
      expect(started).toEqual({ ok: false, error: { key: 'roster.job.busy' } })
      expect(await db.selectFrom('jobs').select('id').execute()).toHaveLength(jobsBefore.length)
      expect(translate('ru', 'roster.job.busy')).toBe('Сейчас загружается другой список. Попробуйте снова, когда он завершится.')
    } finally {
      await db.deleteFrom('jobs').where('id', '=', runningId).execute()
    }
  })

  test('a 5,000-row file reports each phase with its counts, and ends with every teacher enrolled and invited once', async () => {
    const { cohortId } = await newCohort({ capacity: 10_000 })
    const tag = newId().slice(0, 6)
    const rows = Array.from({ length: 5_000 }, (_, i) => `${freshIin()};Педагог ${tag} ${i};bulk-${tag}-${i}@example.kz;KZ-75;sch-kz75-${1 + (i % 3)}`)
    const before = await counts()
    const started = performance.now()
    const run = await startRosterImport(testWork(db, { actorId: admin.id, clientIp: null }), utf8([HEADER, ...rows].join('\r\n')), {
      fileName: 'bulk.csv',
      cohortId,
      sheet: null,
      access: { kind: 'all' },
    })
    if (!run.ok) throw new Error(run.error.key)
    const seen = new Map<string, { processed: Set<number>; total: number }>()
    let finished = false
    void run.value.done.then(() => (finished = true))
    while (!finished) {
      const row = await db.selectFrom('jobs').select(['phase', 'processed', 'total']).where('id', '=', run.value.jobId).executeTakeFirstOrThrow()
      if (row.phase) {
        const entry = seen.get(row.phase) ?? { processed: new Set<number>(), total: row.total }
        entry.processed.add(row.processed)
        entry.total = Math.max(entry.total, row.total)
        seen.set(row.phase, entry)
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    const seconds = (performance.now() - started) / 1000
    const job = await getRosterJob(testWork(db), run.value.jobId)
    expect(job).toMatchObject({ status: 'done', phase: 'inviting', total: 5_000, processed: 5_000 })
    expect(job?.result).toEqual(counted({ usersCreated: 5_000, enrolled: 5_000 }))
    expect([...seen.keys()]).toEqual(expect.arrayContaining(['checking', 'staging', 'saving', 'inviting']))
    for (const phase of ['checking', 'saving', 'inviting']) {
      expect(seen.get(phase)!.total).toBe(5_000)
      // True progress: several counts seen on the way, never more than the total.
      expect(seen.get(phase)!.processed.size).toBeGreaterThan(1)
      expect(Math.max(...seen.get(phase)!.processed)).toBeLessThanOrEqual(5_000)
    }
    const after = await counts()
    expect({
      users: after.users - before.users,
      enrolments: after.enrolments - before.enrolments,
      mail: after.mail - before.mail,
      staged: after.staged,
    }).toEqual({
      users: 5_000,
      enrolments: 5_000,
      mail: 5_000,
      staged: 0,
    })
    expect(seconds).toBeLessThan(60)
  }, 120_000)

  test('a committed import whose runner died is applied to the end by recovery: each teacher once, each invitation once', async () => {
    const { cohortId } = await newCohort({ capacity: 10_000 })
    const tag = newId().slice(0, 6)
    const rows = Array.from({ length: 2_000 }, (_, i) => `${freshIin()};Үзіліс ${tag} ${i};crash-${tag}-${i}@example.kz;KZ-75;sch-kz75-1`)
    const before = await counts()
    const run = await startRosterImport(testWork(db, { actorId: admin.id }), utf8([HEADER, ...rows].join('\n')), {
      fileName: 'crash.csv',
      cohortId,
      sheet: null,
      access: { kind: 'all' },
    })
    if (!run.ok) throw new Error(run.error.key)
    const { jobId } = run.value
    // Wait until the import is past its commit point and part-way through saving, then take it away from this runner.
    for (;;) {
      const row = await db.selectFrom('jobs').select(['phase', 'processed', 'status']).where('id', '=', jobId).executeTakeFirstOrThrow()
      if (row.status !== 'running') throw new Error('the import ended before the simulated crash')
      if (row.phase === 'saving' && row.processed >= 250) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    const stale = new Date(now().getTime() - STALE_MS - 60_000).toISOString()
    await db.updateTable('jobs').set({ runner: 'dead-host:1', heartbeat_at: stale }).where('id', '=', jobId).execute()
    await run.value.done
    const halfway = await counts()
    expect(halfway.users - before.users).toBeGreaterThan(0)
    expect(halfway.users - before.users).toBeLessThan(2_000)
    expect(halfway.staged).toBe(2_000)

    const recovered = await recoverJobs(testWork(db), [rosterImportJob])
    expect(recovered.resumed).toEqual([jobId])
    await recovered.done
    const job = await getRosterJob(testWork(db), jobId)
    expect(job).toMatchObject({ status: 'done', result: counted({ usersCreated: 2_000, enrolled: 2_000 }) })
    const after = await counts()
    expect({
      users: after.users - before.users,
      enrolments: after.enrolments - before.enrolments,
      mail: after.mail - before.mail,
      tokens: after.tokens - before.tokens,
      staged: after.staged,
    }).toEqual({
      users: 2_000,
      enrolments: 2_000,
      mail: 2_000,
      tokens: 0,
      staged: 0,
    })
    const doubled = await db
      .selectFrom('mail_outbox')
      .select(['user_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('to_address', 'like', `crash-${tag}-%`)
      .groupBy('user_id')
      .having((eb) => eb.fn.countAll(), '>', 1)
      .execute()
    expect(doubled).toEqual([])
  }, 120_000)

  test('an import that dies before its commit point leaves nothing: recovery drops its staged rows and fails it as interrupted', async () => {
    const { cohortId } = await newCohort({ capacity: 10_000 })
    const tag = newId().slice(0, 6)
    const rows = Array.from({ length: 3_000 }, (_, i) => `${freshIin()};Ерте ${tag} ${i};early-${tag}-${i}@example.kz;KZ-75;sch-kz75-1`)
    const before = await counts()
    const run = await startRosterImport(testWork(db, { actorId: admin.id }), utf8([HEADER, ...rows].join('\n')), {
      fileName: 'early.csv',
      cohortId,
      sheet: null,
      access: { kind: 'all' },
    })
    if (!run.ok) throw new Error(run.error.key)
    const { jobId } = run.value
    for (;;) {
      const row = await db.selectFrom('jobs').select(['phase', 'processed', 'status']).where('id', '=', jobId).executeTakeFirstOrThrow()
      if (row.status !== 'running' || row.phase === 'saving') throw new Error('the import passed its commit point before the simulated crash')
      if (row.phase === 'staging' && row.processed > 0) break
      await new Promise((resolve) => setImmediate(resolve))
    }
    const stale = new Date(now().getTime() - STALE_MS - 60_000).toISOString()
    await db.updateTable('jobs').set({ runner: 'dead-host:1', heartbeat_at: stale }).where('id', '=', jobId).execute()
    await run.value.done
    const recovered = await recoverJobs(testWork(db), [rosterImportJob])
    expect(recovered.resumed).toEqual([jobId])
    await recovered.done
    expect(await getRosterJob(testWork(db), jobId)).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'import.job.interrupted' } })
    expect(await counts()).toEqual(before)
  }, 120_000)

  test('rows are settled against what changed since the checks: the same person found, a clash skipped and audited, nobody enrolled twice', async () => {
    const { course, cohortId } = await newCohort()
    const otherCohort = await createTestCohort(db, course)
    const jobId = newId()
    const at = now().toISOString()
    await db
      .insertInto('jobs')
      .values({
        id: jobId,
        kind: 'roster',
        status: 'running',
        file_name: 'late.csv',
        total: 3,
        processed: 0,
        result: null,
        params: JSON.stringify({ cohortId, sheet: null, access: { kind: 'all' } }),
        created_by: admin.id,
        created_at: at,
        started_at: at,
        heartbeat_at: at,
        runner: RUNNER,
        finished_at: null,
        phase: 'staging',
      })
      .execute()
    // Since the checks: one teacher registered themselves, someone else took another row's email, a known teacher enrolled in the course.
    const sameIin = freshIin()
    const self = await createUser(db)
    await db
      .updateTable('users')
      .set({ iin: sameIin, email: `late-self-${jobId}@example.kz` })
      .where('id', '=', self.id)
      .execute()
    const clash = await createUser(db)
    const known = await createUser(db)
    await enrol(testWork(db, { actorId: admin.id }), { userId: known.id, cohortId: otherCohort, source: 'admin', today: '2026-06-01' })
    const planned = (line: number, r: { userId: string; action: 'create' | 'keep'; iin: string; email: string }) => ({
      line,
      fullName: 'Кеш Педагог',
      regionCode: 'KZ-75',
      schoolId: 'sch-kz75-1',
      cohort: '',
      cohortId,
      ...r,
    })
    await stageAndCommit(
      testWork(db, { actorId: admin.id }),
      jobId,
      [
        planned(2, { userId: newId(), action: 'create', iin: sameIin, email: `late-self-${jobId}@example.kz` }),
        planned(3, { userId: newId(), action: 'create', iin: freshIin(), email: clash.email }),
        planned(4, { userId: known.id, action: 'keep', iin: known.iin, email: known.email }),
      ],
      { kind: 'counts' },
    )
    const before = await counts()
    await applyStaged(testWork(db, { actorId: admin.id }), jobId, admin.id)
    await inviteStaged(testWork(db, { actorId: admin.id }), jobId)
    const after = await counts()
    expect({ users: after.users - before.users, enrolments: after.enrolments - before.enrolments, mail: after.mail - before.mail }).toEqual({
      users: 0,
      enrolments: 1,
      mail: 0,
    })
    expect(await db.selectFrom('enrolments').select('user_id').where('cohort_id', '=', cohortId).execute()).toEqual([{ user_id: self.id }])
    const audit = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'import.conflict')
      .where('target_id', '=', jobId)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(audit.details)).toEqual({ lines: [3] })
    // The staged lines say what was settled, so a process that resumed the job would settle them the same way.
    expect(
      await db.selectFrom('roster_staging').select(['line', 'action', 'user_id', 'cohort_id']).where('job_id', '=', jobId).orderBy('line').execute(),
    ).toEqual([
      { line: 2, action: 'keep', user_id: self.id, cohort_id: cohortId },
      { line: 3, action: 'keep', user_id: expect.any(String), cohort_id: null },
      { line: 4, action: 'keep', user_id: known.id, cohort_id: null },
    ])
    expect(await db.selectFrom('jobs').select(['cursor', 'processed']).where('id', '=', jobId).executeTakeFirstOrThrow()).toEqual({ cursor: 0, processed: 0 })
    await db.deleteFrom('roster_staging').where('job_id', '=', jobId).execute()
    await db.deleteFrom('jobs').where('id', '=', jobId).execute()
  })

  test('an enrolment in a course with a pre-course survey is given the survey, as enrolling by hand gives it', async () => {
    const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', 'bullying-prevention').executeTakeFirstOrThrow()
    const cohortId = await createTestCohort(db, { slug: 'bullying-prevention', versionId: course.current_version_id! })
    const email = `survey-${newId()}@example.kz`
    const job = await runImport(utf8(`${HEADER}\n${freshIin()};Сауалнама Педагог;${email};KZ-75;sch-kz75-1\n`), cohortId)
    expect(job.result).toMatchObject({ kind: 'counts', usersCreated: 1, enrolled: 1 })
    const assigned = await db
      .selectFrom('survey_assignments')
      .innerJoin('users', 'users.id', 'survey_assignments.user_id')
      .select(['survey_assignments.survey_id', 'survey_assignments.schedule_key', 'survey_assignments.cohort_id', 'survey_assignments.status'])
      .where('users.email', '=', email)
      .execute()
    expect(assigned).toEqual([{ survey_id: 'course-pre', schedule_key: 'pre', cohort_id: cohortId, status: 'assigned' }])
  })
})
