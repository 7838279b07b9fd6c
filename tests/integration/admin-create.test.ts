import { spawnSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openDatabase, type Database } from '#db/client.server.ts'
import { createAdministrator, hasAdministrator, promoteToAdministrator } from '#app/modules/auth/admin-account.server.ts'
import { verifyPassword } from '#app/modules/auth/password.server.ts'
import { passwordWeakness } from '#app/modules/auth/password-strength.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { copyTemplateDatabase, type DatabaseCopy } from '#tests/setup/databases.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The first administrator is made from the console: `npm run admin:create`
// reads the password from a hidden prompt or from stdin, checks its strength,
// and writes through createAdministrator with an audit entry.

const STRONG = 'steppe-river-lantern-42'

describe('password strength for administrators', () => {
  test.each([
    ['short', 'abc12345', 'short'],
    ['digits only', '870514400128', 'noLetters'],
    ['a common word padded', 'Qwerty2026!!', 'common'],
    ['the email domain with other words', 'Orken-steppe-river', 'personal'],
    ['the site name alone with digits', 'orken123456', 'common'],
    ['Cyrillic keyboard row', 'йцукенгшщз1', 'common'],
    ['contains the email name', 'aigerim-is-here-1', 'personal'],
    ['contains the family name', 'Nurlanova#Strong7', 'personal'],
    ['repetitive', 'aaaabbbb1111', 'repetitive'],
    ['strong', STRONG, null],
  ])('%s', (_name, password, expected) => {
    expect(passwordWeakness(password, ['aigerim@orken.kz', 'Aigerim Nurlanova'])).toBe(expected)
  })
})

describe('createAdministrator and promoteToAdministrator', () => {
  const db = createTestDb()

  test('an empty database has no administrator; a created one logs in with the password, and the audit says who was made', async () => {
    const work = testWork(db)
    expect(await hasAdministrator(work)).toBe(false)
    const created = await createAdministrator(work, { email: ' Aigerim@Orken.KZ ', fullName: '  Aigerim   Nurlanova ', password: STRONG })
    expect(created.ok).toBe(true)
    const userId = created.ok ? created.value.userId : ''
    const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow()
    expect(user).toMatchObject({ email: 'aigerim@orken.kz', full_name: 'Aigerim Nurlanova', is_active: 1, is_demo: 0, iin: null })
    expect(user.password_hash).toMatch(/^\$argon2id\$/)
    expect(await verifyPassword(user.password_hash, STRONG)).toBe(true)
    const roles = await db.selectFrom('user_roles').select(['role', 'scope']).where('user_id', '=', userId).execute()
    expect(roles).toEqual([{ role: 'admin', scope: '' }])
    const audit = await db.selectFrom('audit_log').select(['action', 'target_id']).where('target_id', '=', userId).execute()
    expect(audit).toEqual([{ action: 'user.admin_create', target_id: userId }])
    expect(await hasAdministrator(testWork(db))).toBe(true)
  })

  test('refusals change nothing: a bad email, a short name, a weak password, an email already taken', async () => {
    const work = testWork(db)
    const before = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(await createAdministrator(work, { email: 'not-an-email', fullName: 'Someone Else', password: STRONG })).toEqual({
      ok: false,
      error: { code: 'email' },
    })
    expect(await createAdministrator(work, { email: 'b@orken.kz', fullName: 'B', password: STRONG })).toEqual({ ok: false, error: { code: 'name' } })
    expect(await createAdministrator(work, { email: 'b@orken.kz', fullName: 'Bolat Sadykov', password: 'Bolat-2026-secret' })).toEqual({
      ok: false,
      error: { code: 'weakPassword', weakness: 'personal' },
    })
    expect(await createAdministrator(work, { email: 'AIGERIM@orken.kz', fullName: 'Another Aigerim', password: STRONG })).toEqual({
      ok: false,
      error: { code: 'emailTaken' },
    })
    const after = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(after.n)).toBe(Number(before.n))
  })

  test('--promote grants the role to an existing account once; unknown and deactivated accounts are refused', async () => {
    const work = testWork(db)
    const teacher = await createUser(db)
    expect(await promoteToAdministrator(work, teacher.email.toUpperCase())).toEqual({ ok: true, value: { userId: teacher.id } })
    expect(await promoteToAdministrator(work, teacher.email)).toEqual({ ok: false, error: { code: 'alreadyAdmin' } })
    expect(await promoteToAdministrator(work, 'nobody@orken.kz')).toEqual({ ok: false, error: { code: 'noSuchUser' } })
    const gone = await createUser(db)
    await db.updateTable('users').set({ is_active: 0 }).where('id', '=', gone.id).execute()
    expect(await promoteToAdministrator(work, gone.email)).toEqual({ ok: false, error: { code: 'inactive' } })
    const grants = await db.selectFrom('audit_log').select('action').where('target_id', '=', teacher.id).execute()
    expect(grants).toEqual([{ action: 'user.role_grant' }])
  })
})

describe('npm run admin:create', () => {
  let copy: DatabaseCopy
  let db: Database

  beforeAll(async () => {
    copy = await copyTemplateDatabase('admin_create')
    db = openDatabase(copy.url, { poolMax: 2 })
  })

  afterAll(async () => {
    await db?.destroy()
    await copy?.remove()
  })

  const run = (args: string[], stdin: string) =>
    spawnSync(process.execPath, ['--import', 'tsx', 'scripts/admin-create.ts', ...args], {
      encoding: 'utf8',
      input: stdin,
      env: { ...process.env, DATABASE_URL: copy.url },
    })

  test('a password piped on stdin makes the administrator (exit 0) and says what comes next', async () => {
    const result = run(['--email', 'first.admin@orken.kz', '--name', 'Dana Seitkali'], `${STRONG}\n`)
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Created the administrator first.admin@orken.kz.')
    expect(result.stdout).toContain('npm run schools:import -- <file> --full')
    const user = await db.selectFrom('users').select(['id', 'password_hash']).where('email', '=', 'first.admin@orken.kz').executeTakeFirstOrThrow()
    expect(await verifyPassword(user.password_hash, STRONG)).toBe(true)
  }, 60_000)

  test('refusals exit 1 with the reason: a weak password, a taken email, a password given as an argument, none on stdin', async () => {
    const weak = run(['--email', 'second@orken.kz', '--name', 'Dana Seitkali'], 'password2026\n')
    expect(weak.status).toBe(1)
    expect(weak.stderr).toContain('refused: The password is a common word padded with digits or signs')
    const taken = run(['--email', 'first.admin@orken.kz', '--name', 'Dana Seitkali'], `${STRONG}\n`)
    expect(taken.status).toBe(1)
    expect(taken.stderr).toContain('Run again with --promote')
    const argv = run(['--email', 'second@orken.kz', '--name', 'Dana Seitkali', '--password', STRONG], '')
    expect(argv.status).toBe(1)
    expect(argv.stderr).toContain('The password is never an argument')
    const empty = run(['--email', 'second@orken.kz', '--name', 'Dana Seitkali'], '')
    expect(empty.status).toBe(1)
    expect(empty.stderr).toContain('No password on stdin')
    const users = await db.selectFrom('users').select('email').execute()
    expect(users).toEqual([{ email: 'first.admin@orken.kz' }])
  }, 120_000)
})
