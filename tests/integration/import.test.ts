import fs from 'node:fs'
import path from 'node:path'
import iconv from 'iconv-lite'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { iinCheckDigit, iinProblem } from '#app/modules/auth/iin.ts'
import { findValidResetToken, resetPassword } from '#app/modules/auth/password-reset.server.ts'
import { authenticate, userSearchText } from '#app/modules/auth/users.server.ts'
import { DAY, now, setClockOffset } from '#app/modules/clock/clock.server.ts'
import { decodeCsv, detectSeparator, parseCsv } from '#app/modules/csv/csv-read.server.ts'
import { readEnrolmentFile } from '#app/modules/courses/import-file.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { getImportJob, startEnrolmentImport } from '#app/modules/courses/import.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, type FixtureUser } from '#tests/fixtures/users.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { TEST_PUBLIC_ORIGIN } from '#tests/setup/work.ts'
import { testWork } from '#tests/setup/work.ts'

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
    const first11 = `${yymmdd}${serial % 2 ? 3 : 4}${String(Math.floor(serial / 9000) * 1000 + (serial % 1000)).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check !== null) return first11 + check
  }
}

async function newCohort(options: Parameters<typeof createTestCohort>[2] = {}) {
  const course = await createTestCourse(db)
  return { course, cohortId: await createTestCohort(db, course, options) }
}

/** Reads a file and runs its import to the end, as the route does but waiting for it. */
async function runImport(bytes: Uint8Array, cohortId: string) {
  const read = readEnrolmentFile(bytes)
  if (!read.ok) throw new Error(`file refused: ${read.error.key}`)
  const { jobId, done } = await startEnrolmentImport(testWork(db, { actorId: admin.id, clientIp: '192.0.2.10' }), read.value, {
    cohortId,
    fileName: 'teachers.csv',
  })
  await done
  const job = await getImportJob(testWork(db), jobId)
  if (!job) throw new Error('no job')
  return job
}

function errorsOf(job: Awaited<ReturnType<typeof runImport>>) {
  if (job.result?.kind !== 'errors') throw new Error(`expected errors, got ${JSON.stringify(job.result)}`)
  return job.result.errors.map((e) => [e.line, e.key, e.params ?? {}] as const)
}

async function counts() {
  const n = async (table: 'users' | 'enrolments' | 'mail_outbox' | 'password_reset_tokens' | 'audit_log' | 'user_roles') =>
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
  }
}

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
    expect(decodeCsv(new Uint8Array([0xff, 0xfe, 0x16, 0x04]))).toBeNull() // UTF-16
    expect(decodeCsv(new Uint8Array([0xc0, 0x98, 0xc1]))).toBeNull() // 0x98 has no Windows-1251 letter
    expect(decodeCsv(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toBeNull() // a spreadsheet (zip)
  })
})

describe('files refused at once', () => {
  test.each([
    ['an empty file', utf8(''), 'import.file.empty'],
    ['a file that is not text', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), 'import.file.undecodable'],
    ['a header only', utf8(`${HEADER}\r\n`), 'import.file.noRows'],
    ['no header', utf8('850412412016;Әлия Қасымова;aliya@example.kz;KZ-75;sch-kz75-1\n'), 'import.file.noHeader'],
    ['a missing column', utf8('ИИН;ФИО;Почта;Регион\n1;2;3;4\n'), 'import.file.missingColumns'],
    ['an unknown column', utf8(`${HEADER};Телефон\n1;2;3;4;5;6\n`), 'import.file.unknownColumns'],
    ['a repeated column', utf8('ЖСН;ИИН;ФИО;Email;Region;School\n1;2;3;4;5;6\n'), 'import.file.duplicateColumns'],
    ['a file over 5 MB', utf8(`${HEADER}\n${'x'.repeat(5 * 1024 * 1024)}`), 'import.file.tooLarge'],
    ['over 50,000 rows', utf8(`${HEADER}\n${'1;2;3;4;5\n'.repeat(50_001)}`), 'import.file.tooManyRows'],
  ])('%s', (_name, bytes, key) => {
    const read = readEnrolmentFile(bytes)
    expect(read.ok).toBe(false)
    if (!read.ok) expect(read.error.key).toBe(key)
  })

  test('messages name the missing columns in all three languages', () => {
    const read = readEnrolmentFile(utf8('IIN,Full name,Email,Region\n1,2,3,4\n'))
    if (read.ok) throw new Error('accepted')
    expect(translate('kk', read.error.key, read.error.params)).toBe('Файлда мына бағандар жоқ: Мектеп / Школа / School.')
  })

  test('header names are matched without case, spaces or punctuation, in any order', () => {
    const read = readEnrolmentFile(utf8('e-mail, school ,IIN,ф.и.о.,REGION\nx@example.kz,sch-kz75-1,850412412016,Әлия,KZ-75\n'))
    expect(read.ok && read.value.rows[0]).toMatchObject({
      line: 2,
      iin: '850412412016',
      fullName: 'Әлия',
      email: 'x@example.kz',
      region: 'KZ-75',
      school: 'sch-kz75-1',
    })
  })
})

describe('importing', () => {
  test('UTF-8 with a BOM, commas, CRLF, quotes and Kazakh letters: creates teachers, invites them in Kazakh, enrols them', async () => {
    const { cohortId } = await newCohort()
    const before = await counts()
    const job = await runImport(fixture('utf8-bom-comma.csv'), cohortId)
    expect(job.status).toBe('done')
    expect(job.result).toEqual({ kind: 'counts', usersCreated: 4, usersFound: 0, enrolled: 4, alreadyEnrolled: 0 })
    expect(job.processed).toBe(4)

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
    const enrolments = await db.selectFrom('enrolments').select(['user_id', 'source', 'status']).where('cohort_id', '=', cohortId).execute()
    expect(enrolments).toHaveLength(4)
    expect(enrolments.every((e) => e.source === 'import' && e.status === 'active')).toBe(true)

    const after = await counts()
    expect(after.users - before.users).toBe(4)
    expect(after.mail - before.mail).toBe(4)
    expect(after.tokens - before.tokens).toBe(4)
    const audit = await db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('actor_user_id', '=', admin.id)
      .where('action', 'like', 'import.%')
      .orderBy('created_at')
      .execute()
    expect(audit.map((a) => a.action).sort()).toEqual(['import.enrolments', 'import.run'])
    expect(JSON.parse(audit.find((a) => a.action === 'import.enrolments')!.details)).toMatchObject({
      usersCreated: 4,
      usersFound: 0,
      enrolled: 4,
      alreadyEnrolled: 0,
    })
  })

  test('the invitation sets a first password through the reset page, for 7 days, once', async () => {
    const { cohortId } = await newCohort()
    const iin = freshIin()
    const email = `invited-${newId()}@example.kz`
    await runImport(utf8(`${HEADER}\n${iin};Дина Жұмабекқызы;${email};KZ-75;sch-kz75-1\n`), cohortId)
    const user = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirstOrThrow()
    // Nobody can log in before the link is used, whatever they type.
    expect((await authenticate(testWork(db, { clientIp: '192.0.2.20' }), email, user.password_hash)).ok).toBe(false)
    const mail = await db.selectFrom('mail_outbox').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(mail).toMatchObject({ kind: 'import_invitation', to_address: email, status: 'pending' })
    expect(mail.subject).toBe('Өркен Academy: сіз «Сынақ курсы» курсына жазылдыңыз')
    expect(mail.text_body).toContain('Сәлеметсіз бе, Дина Жұмабекқызы!')
    const token = new RegExp(`${ORIGIN.replace(/\./g, '\\.')}/reset-password/([a-z2-7]{32})`).exec(mail.text_body)?.[1]
    expect(token).toBeDefined()
    setClockOffset(6 * DAY + 23 * 3_600_000)
    expect(await findValidResetToken(testWork(db), token!)).toEqual({ userId: user.id })
    setClockOffset(7 * DAY + 60_000)
    expect(await findValidResetToken(testWork(db), token!)).toBeNull()
    setClockOffset(DAY)
    expect(await resetPassword(testWork(db), token!, 'менің-жаңа-құпиясөзім')).toBe(true)
    expect(await resetPassword(testWork(db), token!, 'тағы-бір-құпиясөз-2026')).toBe(false)
    expect(await authenticate(testWork(db, { clientIp: '192.0.2.21' }), iin, 'менің-жаңа-құпиясөзім')).toMatchObject({ ok: true, value: { userId: user.id } })
  })

  test('UTF-8 without a BOM, semicolons, LF, Russian headers in another order, separators and quotes inside quotes', async () => {
    const { cohortId } = await newCohort()
    const job = await runImport(fixture('utf8-semicolon.csv'), cohortId)
    expect(job.result).toEqual({ kind: 'counts', usersCreated: 2, usersFound: 0, enrolled: 2, alreadyEnrolled: 0 })
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
    const read = readEnrolmentFile(bytes)
    expect(read.ok && read.value.encoding).toBe('windows-1251')
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

  test('every bad row is reported by its physical line, and nothing is written', async () => {
    expect(iinProblem('850412401200')).toBe('checksum')
    expect(iinProblem('901314400120')).toBe('date')
    const { cohortId } = await newCohort()
    const before = await counts()
    const job = await runImport(fixture('errors.csv'), cohortId)
    expect(job.status).toBe('failed')
    expect(errorsOf(job)).toEqual([
      [2, 'validation.iin.format', {}],
      [3, 'validation.iin.checksum', {}],
      [4, 'validation.iin.date', {}],
      [5, 'import.row.fullNameMissing', {}],
      [6, 'import.row.email', { value: 'ermek@' }],
      [7, 'import.row.region', { value: 'KZ-99' }],
      [8, 'import.row.school', { value: 'sch-kz10-1', region: 'KZ-75' }],
      [9, 'import.row.school', { value: 'Жоқ мектеп', region: 'KZ-75' }],
      [11, 'import.row.duplicateEmail', { email: 'kamila.nurbekqyzy@example.kz', other: 12 }],
      [11, 'import.row.duplicateIin', { iin: '950214312143', other: 13 }],
      [12, 'import.row.duplicateEmail', { email: 'kamila.nurbekqyzy@example.kz', other: 11 }],
      [13, 'import.row.duplicateIin', { iin: '950214312143', other: 11 }],
      [14, 'import.row.fieldCount', { found: 4, expected: 5 }],
      [16, 'import.row.quotes', {}],
    ])
    expect(job.result).toMatchObject({ lineCount: 13, errorCount: 14 })
    expect(await counts()).toEqual(before)
    expect(translate('kk', 'import.row.duplicateIin', { iin: '950214312143', other: 11 })).toBe('ЖСН 950214312143 файлда қайталанады (11-жолды қараңыз).')
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
    const known = await createUser(db)
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

    // Without the bad rows the known teacher is found, not created again.
    const fixed = await runImport(utf8([HEADER, csv.split('\n')[4]].join('\n')), cohortId)
    expect(fixed.result).toEqual({ kind: 'counts', usersCreated: 0, usersFound: 1, enrolled: 1, alreadyEnrolled: 0 })
    expect((await counts()).users).toBe(before.users)
    expect(await db.selectFrom('mail_outbox').select('id').where('user_id', '=', known.id).execute()).toHaveLength(0)
  })

  test('importing the same file twice changes nothing the second time but one import.run audit row', async () => {
    const { cohortId } = await newCohort()
    const rows = Array.from({ length: 3 }, (_, i) => `${freshIin()};Педагог Қайталау ${i};twice-${i}-${newId()}@example.kz;KZ-75;sch-kz75-1`)
    const bytes = utf8([HEADER, ...rows].join('\r\n'))
    const first = await runImport(bytes, cohortId)
    expect(first.result).toEqual({ kind: 'counts', usersCreated: 3, usersFound: 0, enrolled: 3, alreadyEnrolled: 0 })
    const before = await counts()
    const second = await runImport(bytes, cohortId)
    expect(second.result).toEqual({ kind: 'counts', usersCreated: 0, usersFound: 3, enrolled: 0, alreadyEnrolled: 3 })
    expect(await counts()).toEqual({ ...before, audit: before.audit + 1 })
    const runs = await db.selectFrom('audit_log').select('action').where('target_id', '=', second.id).execute()
    expect(runs).toEqual([{ action: 'import.run' }])
  })

  test('a full cohort: the first line over capacity is reported and nothing is written', async () => {
    const { cohortId } = await newCohort({ capacity: 3 })
    const seated = await createUser(db)
    await enrol(testWork(db, { actorId: admin.id }), { userId: seated.id, cohortId, source: 'admin', today: '2026-06-01' })
    const rows = [
      `${seated.iin};${seated.fullName};${seated.email};KZ-75;sch-kz75-1`, // line 2: already in, needs no place
      ...Array.from({ length: 4 }, (_, i) => `${freshIin()};Толық Ағын ${i};full-${i}-${newId()}@example.kz;KZ-75;sch-kz75-1`), // lines 3–6
    ]
    const before = await counts()
    const job = await runImport(utf8([HEADER, ...rows].join('\n')), cohortId)
    expect(errorsOf(job)).toEqual([[5, 'import.row.full', { capacity: 3, free: 2 }]])
    expect(await counts()).toEqual(before)
  })

  test('a closed cohort fails the whole job', async () => {
    const { cohortId } = await newCohort({ status: 'closed' })
    const job = await runImport(utf8(`${HEADER}\n${freshIin()};Жабық Ағын;closed-${newId()}@example.kz;KZ-75;sch-kz75-1\n`), cohortId)
    expect(job).toMatchObject({ status: 'failed', result: { kind: 'failure', key: 'import.job.cohortClosed' } })
  })

  test('a 5,000-row file finishes and its progress climbs by 500 rows to the total', async () => {
    const { cohortId } = await newCohort({ capacity: 10_000 })
    const tag = newId().slice(0, 6)
    const rows = Array.from({ length: 5_000 }, (_, i) => `${freshIin()};Педагог ${tag} ${i};bulk-${tag}-${i}@example.kz;KZ-75;sch-kz75-${1 + (i % 3)}`)
    const read = readEnrolmentFile(utf8([HEADER, ...rows].join('\r\n')))
    if (!read.ok) throw new Error(read.error.key)
    const started = performance.now()
    const { jobId, done } = await startEnrolmentImport(testWork(db, { actorId: admin.id, clientIp: null }), read.value, { cohortId, fileName: 'bulk.csv' })
    const seen = new Set<number>()
    let finished = false
    void done.then(() => (finished = true))
    while (!finished) {
      const row = await db.selectFrom('jobs').select('processed').where('id', '=', jobId).executeTakeFirstOrThrow()
      seen.add(row.processed)
      await new Promise((resolve) => setImmediate(resolve))
    }
    const seconds = (performance.now() - started) / 1000
    console.log(`5,000-row import: ${seconds.toFixed(2)} s`)
    const job = await getImportJob(testWork(db), jobId)
    expect(job).toMatchObject({ status: 'done', total: 5_000, processed: 5_000 })
    expect(job?.result).toEqual({ kind: 'counts', usersCreated: 5_000, usersFound: 0, enrolled: 5_000, alreadyEnrolled: 0 })
    expect([...seen].every((p) => p % 500 === 0)).toBe(true)
    expect(seen.size).toBeGreaterThan(2)
    expect(seconds).toBeLessThan(60)
  }, 120_000)
})

describe('over HTTP', () => {
  let server: RunningServer
  let serverDb: Database

  beforeAll(async () => {
    server = await startServer()
    serverDb = openDatabase(server.dbFile)
  }, 30_000)

  afterAll(async () => {
    await serverDb?.destroy()
    await server?.stop()
  })

  async function loginAs(user: FixtureUser): Promise<string> {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: user.email, password: TEST_PASSWORD }).toString(),
    })
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('orken_session='))
    if (!cookie) throw new Error(`login failed: ${res.status}`)
    return cookie.split(';')[0]!
  }

  function upload(cookie: string, cohortId: string, csv: string | Uint8Array<ArrayBuffer>, name = 'teachers.csv') {
    const form = new FormData()
    form.set('cohortId', cohortId)
    form.set('file', new File([csv], name, { type: 'text/csv' }))
    return fetch(`${server.url}/admin/import`, { method: 'POST', redirect: 'manual', headers: { Cookie: cookie, Origin: server.url }, body: form })
  }

  async function waitForJob(jobId: string) {
    for (let i = 0; i < 100; i++) {
      const job = await serverDb.selectFrom('jobs').select(['status']).where('id', '=', jobId).executeTakeFirstOrThrow()
      if (job.status !== 'running') return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error('the job did not finish')
  }

  test('an admin uploads without JavaScript, is sent to the job page and sees the counts', async () => {
    const adminUser = await createUser(serverDb, { roles: ['admin'] })
    const cookie = await loginAs(adminUser)
    const course = await createTestCourse(serverDb)
    const cohortId = await createTestCohort(serverDb, course)
    const form = await (await fetch(`${server.url}/admin/import`, { headers: { Cookie: cookie } })).text()
    expect(form).toContain('Педагогтерді файлдан жазу')
    expect(form).toContain(`value="${cohortId}"`)
    expect(form).toContain('href="/admin/import/sample.csv"')

    const res = await upload(cookie, cohortId, `${HEADER}\n${freshIin()};Айжан Http;http-${newId()}@example.kz;KZ-75;sch-kz75-1\n`)
    expect(res.status).toBe(302)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^\/admin\/import\/[a-z2-7]{16}$/)
    await waitForJob(location.split('/').pop()!)
    const page = await (await fetch(server.url + location, { headers: { Cookie: cookie } })).text()
    expect(page).toContain('Импорт аяқталды.')
    expect(page).toMatch(/<progress[^>]*max="1"[^>]*value="1"/)
    expect(page).not.toContain('http-equiv="refresh"')
  })

  test('a running job page shows its progress and refreshes itself; a finished one does not', async () => {
    const adminUser = await createUser(serverDb, { roles: ['admin'] })
    const cookie = await loginAs(adminUser)
    const course = await createTestCourse(serverDb)
    const cohortId = await createTestCohort(serverDb, course)
    const jobId = newId()
    await serverDb
      .insertInto('jobs')
      .values({
        id: jobId,
        kind: 'enrolments',
        status: 'running',
        file_name: 'big.csv',
        total: 2_000,
        processed: 500,
        result: null,
        params: JSON.stringify({ cohortId, encoding: 'utf-8', separator: ';' }),
        created_by: adminUser.id,
        created_at: now().toISOString(),
        started_at: now().toISOString(),
        heartbeat_at: now().toISOString(),
        runner: 'test:1',
        finished_at: null,
      })
      .execute()
    const running = await (await fetch(`${server.url}/admin/import/${jobId}`, { headers: { Cookie: cookie } })).text()
    expect(running).toMatch(/<progress[^>]*max="2000"[^>]*value="500"/)
    expect(running).toContain('Тексерілді: 500 / 2\u00a0000 жол (25%)')
    expect(running).toContain('<meta http-equiv="refresh" content="1"/>')
    await serverDb
      .updateTable('jobs')
      .set({
        status: 'failed',
        processed: 2_000,
        result: JSON.stringify({ kind: 'errors', errors: [{ line: 7, key: 'import.row.emailMissing' }], errorCount: 1, lineCount: 1 }),
      })
      .where('id', '=', jobId)
      .execute()
    const failed = await (await fetch(`${server.url}/admin/import/${jobId}`, { headers: { Cookie: cookie } })).text()
    expect(failed).not.toContain('http-equiv="refresh"')
    expect(failed).toContain('<td>7</td><td>Электрондық пошта көрсетілмеген.</td>')
  })

  test('a file refused at once comes back to the form with the reason', async () => {
    const adminUser = await createUser(serverDb, { roles: ['admin'] })
    const cookie = await loginAs(adminUser)
    const cohortId = await createTestCohort(serverDb, await createTestCourse(serverDb))
    const res = await upload(cookie, cohortId, 'a;b;c\n1;2;3\n')
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('Бірінші жолда баған атаулары жоқ.')
    const big = await upload(cookie, cohortId, new Uint8Array(5 * 1024 * 1024 + 10).fill(0x41))
    expect(big.status).toBe(400)
    expect(await big.text()).toContain('Файл тым үлкен: ең көбі 5 МБ.')
  })

  test('teachers get 403; a regional admin works only with cohorts of their region', async () => {
    const teacher = await createUser(serverDb)
    const teacherCookie = await loginAs(teacher)
    expect((await fetch(`${server.url}/admin/import`, { headers: { Cookie: teacherCookie } })).status).toBe(403)
    expect((await fetch(`${server.url}/admin/import/sample.csv`, { headers: { Cookie: teacherCookie } })).status).toBe(403)
    const course = await createTestCourse(serverDb)
    const almaty = await createTestCohort(serverDb, course, { regionCode: 'KZ-75' })
    const astana = await createTestCohort(serverDb, course, { regionCode: 'KZ-71' })
    expect((await upload(teacherCookie, almaty, `${HEADER}\n1;2;3;4;5\n`)).status).toBe(403)

    const regional = await createUser(serverDb, { roles: ['regional_admin'], regionCode: 'KZ-75' })
    const cookie = await loginAs(regional)
    const form = await (await fetch(`${server.url}/admin/import`, { headers: { Cookie: cookie } })).text()
    expect(form).toContain(`value="${almaty}"`)
    expect(form).not.toContain(`value="${astana}"`)
    const before = await serverDb.selectFrom('jobs').select('id').execute()
    const refused = await upload(cookie, astana, `${HEADER}\n${freshIin()};Астана Педагог;astana-${newId()}@example.kz;KZ-71;sch-kz71-1\n`)
    expect(refused.status).toBe(403)
    expect(await serverDb.selectFrom('jobs').select('id').execute()).toHaveLength(before.length)

    const accepted = await upload(cookie, almaty, `${HEADER}\n${freshIin()};Алматы Педагог;almaty-${newId()}@example.kz;KZ-75;sch-kz75-1\n`)
    expect(accepted.status).toBe(302)
    const jobPath = accepted.headers.get('location')!
    expect((await fetch(server.url + jobPath, { headers: { Cookie: cookie } })).status).toBe(200)
    const otherRegional = await createUser(serverDb, { roles: ['regional_admin'], regionCode: 'KZ-71' })
    expect((await fetch(server.url + jobPath, { headers: { Cookie: await loginAs(otherRegional) } })).status).toBe(403)
  })

  test('the sample file is UTF-8 with a BOM and imports cleanly', async () => {
    const adminUser = await createUser(serverDb, { roles: ['admin'] })
    const cookie = await loginAs(adminUser)
    const res = await fetch(`${server.url}/admin/import/sample.csv`, { headers: { Cookie: cookie } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    const bytes = new Uint8Array(await res.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const cohortId = await createTestCohort(serverDb, await createTestCourse(serverDb))
    const uploaded = await upload(cookie, cohortId, bytes, 'orken-import-sample.csv')
    expect(uploaded.status).toBe(302)
    const jobId = uploaded.headers.get('location')!.split('/').pop()!
    await waitForJob(jobId)
    const job = await serverDb.selectFrom('jobs').select(['status', 'result']).where('id', '=', jobId).executeTakeFirstOrThrow()
    expect(job.status).toBe('done')
    expect(JSON.parse(job.result!)).toEqual({ kind: 'counts', usersCreated: 3, usersFound: 0, enrolled: 3, alreadyEnrolled: 0 })
  })
})
