import fs from 'node:fs'
import path from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { translate } from '#app/i18n/catalog.server.ts'
import { addYear, INDICATORS, listTargets, setTarget, syncTargets } from '#app/modules/dashboard/targets.server.ts'
import { INDICATOR_KEYS } from '#app/modules/metrics/keys.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The national targets against a real database copy: seeding from the
// strategy's file (never over an admin's edit), editing with its refusals and
// audit trail, and adding a year. The template database holds no targets, so
// this file seeds its own copy as a server's start-up would.

const db = createTestDb()
let admin: FixtureUser

const file = z
  .object({ targets: z.array(z.object({ key: z.string(), by_year: z.record(z.string(), z.number()) })) })
  .parse(JSON.parse(fs.readFileSync(path.resolve('db/reference/strategy-targets.json'), 'utf8')))

async function stored() {
  const rows = await db.selectFrom('metric_targets').select(['metric', 'year', 'value', 'updated_by', 'updated_at']).orderBy('metric').orderBy('year').execute()
  return rows
}

async function auditRows(action: string) {
  return db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('created_at').orderBy('id').execute()
}

beforeAll(async () => {
  admin = await createUser(db, { roles: ['admin'] })
})

describe('the indicators', () => {
  test("are the seven of the strategy file, cumulative, with the file's Kazakh and Russian names as their messages", () => {
    expect(INDICATORS.map((i) => i.key)).toEqual(file.targets.map((t) => t.key))
    expect(INDICATORS.map((i) => i.key).sort()).toEqual([...INDICATOR_KEYS].sort())
    for (const indicator of INDICATORS) {
      expect(indicator.cumulative).toBe(true)
      expect(translate('kk', `targets.indicator.${indicator.key}`)).toBe(indicator.labels.kk)
      expect(translate('ru', `targets.indicator.${indicator.key}`)).toBe(indicator.labels.ru)
      expect(translate('en', `targets.indicator.${indicator.key}`)).not.toBe(indicator.labels.ru)
    }
    const trained = INDICATORS.find((i) => i.key === 'teachers_trained')!
    expect(trained.unit).toBe('teachers')
    expect(trained.direction).toBe(3)
    expect(trained.share).toEqual([
      { year: 2025, ratio: 0.046 },
      { year: 2026, ratio: 0.096 },
      { year: 2027, ratio: 0.134 },
    ])
  })
})

describe('syncTargets', () => {
  test("seeds 7 indicators × 3 years with the file's values", async () => {
    expect(await stored()).toEqual([])
    expect(await syncTargets(testWork(db))).toBe(21)
    const rows = await stored()
    expect(rows).toHaveLength(21)
    for (const t of file.targets) {
      for (const [year, value] of Object.entries(t.by_year)) {
        expect(rows.find((r) => r.metric === t.key && r.year === Number(year))).toMatchObject({ value, updated_by: null })
      }
    }
    const grid = await listTargets(testWork(db))
    expect(grid.years).toEqual([2025, 2026, 2027])
    expect(grid.rows.map((r) => r.indicator.key)).toEqual([...INDICATOR_KEYS])
    expect(grid.rows.find((r) => r.indicator.key === 'parent_attendances')!.cells).toEqual([
      { year: 2025, value: 4_080_000 },
      { year: 2026, value: 7_920_000 },
      { year: 2027, value: 12_000_000 },
    ])
  })

  test('a second sync changes nothing', async () => {
    const before = await stored()
    expect(await syncTargets(testWork(db))).toBe(0)
    expect(await stored()).toEqual(before)
  })

  test("an admin's edit survives a sync", async () => {
    const result = await setTarget(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), { metric: 'approved_programs', year: 2026, value: 5 })
    expect(result.ok).toBe(true)
    expect(await syncTargets(testWork(db))).toBe(0)
    const row = (await stored()).find((r) => r.metric === 'approved_programs' && r.year === 2026)
    expect(row).toMatchObject({ value: 5, updated_by: admin.id })
  })
})

describe('setTarget', () => {
  test.each([
    ['a negative value', { value: -1 }, 'value', 'targets.error.value'],
    ['a negative value as typed', { value: '-1' }, 'value', 'targets.error.value'],
    ['a fraction', { value: 1.5 }, 'value', 'targets.error.value'],
    ['a fraction as typed', { value: '1.5' }, 'value', 'targets.error.value'],
    ['text that is not a number', { value: 'abc' }, 'value', 'targets.error.value'],
    ['an empty value', { value: '' }, 'value', 'targets.error.value'],
    ['an unknown indicator', { metric: 'happy_children' }, 'metric', 'targets.error.metric'],
    ['a year out of range', { year: 1999 }, 'year', 'targets.error.year'],
    ['a year that is not a whole number', { year: '2026.5' }, 'year', 'targets.error.year'],
  ])('refuses %s and changes nothing', async (_name, override, field, message) => {
    const before = await stored()
    const auditBefore = await auditRows('target.set')
    const result = await setTarget(testWork(db, { actorId: admin.id, clientIp: null }), { metric: 'teachers_trained', year: 2026, value: 40_000, ...override })
    expect(result).toEqual({ ok: false, error: { [field]: [message] } })
    expect(await stored()).toEqual(before)
    expect(await auditRows('target.set')).toHaveLength(auditBefore.length)
  })

  test('each accepted change writes one audit row with the old and the new value', async () => {
    const auditBefore = await auditRows('target.set')
    const first = await setTarget(testWork(db, { actorId: admin.id, clientIp: '10.0.0.7' }), { metric: 'teachers_trained', year: 2026, value: '36000' })
    expect(first).toEqual({ ok: true, value: { metric: 'teachers_trained', year: 2026, value: 36_000, changed: true } })
    const second = await setTarget(testWork(db, { actorId: admin.id, clientIp: null }), { metric: 'teachers_trained', year: 2026, value: 0 })
    expect(second.ok).toBe(true)
    const audit = (await auditRows('target.set')).slice(auditBefore.length)
    expect(audit).toHaveLength(2)
    // Both may carry the same millisecond, and ids are random: find each by its change, not its place.
    const [raised, zeroed] = [36_000, 0].map((value) => audit.find((a) => (JSON.parse(a.details) as { new: number }).new === value))
    expect(raised).toMatchObject({ actor_user_id: admin.id, target_type: 'metric_target', target_id: 'teachers_trained:2026', ip: '10.0.0.7' })
    expect(JSON.parse(raised!.details)).toEqual({ metric: 'teachers_trained', year: 2026, old: 34_900, new: 36_000 })
    expect(zeroed).toMatchObject({ actor_user_id: admin.id, target_id: 'teachers_trained:2026', ip: null })
    expect(JSON.parse(zeroed!.details)).toEqual({ metric: 'teachers_trained', year: 2026, old: 36_000, new: 0 })
    expect((await stored()).find((r) => r.metric === 'teachers_trained' && r.year === 2026)).toMatchObject({ value: 0, updated_by: admin.id })
  })

  test('setting the value a cell already has changes and audits nothing', async () => {
    const auditBefore = await auditRows('target.set')
    const result = await setTarget(testWork(db, { actorId: admin.id, clientIp: null }), { metric: 'teachers_trained', year: 2026, value: 0 })
    expect(result).toEqual({ ok: true, value: { metric: 'teachers_trained', year: 2026, value: 0, changed: false } })
    expect(await auditRows('target.set')).toHaveLength(auditBefore.length)
  })
})

describe('addYear', () => {
  test("adds 2028 with each indicator's 2027 value, audited", async () => {
    const before = await listTargets(testWork(db))
    const result = await addYear(testWork(db, { actorId: admin.id, clientIp: '127.0.0.1' }), { year: 2028 })
    expect(result.ok).toBe(true)
    const after = await listTargets(testWork(db))
    expect(after.years).toEqual([2025, 2026, 2027, 2028])
    for (const row of after.rows) {
      const was2027 = before.rows.find((r) => r.indicator.key === row.indicator.key)!.cells.find((c) => c.year === 2027)!.value
      expect(row.cells.find((c) => c.year === 2028)!.value).toBe(was2027)
    }
    const audit = await auditRows('target.add_year')
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor_user_id: admin.id, target_id: '2028' })
    expect(JSON.parse(audit[0]!.details)).toMatchObject({
      year: 2028,
      copiedFrom: 2027,
      values: { registered_site_users: 55_000, parent_attendances: 12_000_000 },
    })
  })

  test.each([
    ['a year that is not the next one', 2030, 'targets.error.yearNotNext'],
    ['a year that exists', 2027, 'targets.error.yearExists'],
    ['the year just added', 2028, 'targets.error.yearExists'],
    ['a year past 2100', 2101, 'targets.error.year'],
    ['text', 'next', 'targets.error.year'],
  ])('refuses %s and changes nothing', async (_name, year, message) => {
    const before = await stored()
    const result = await addYear(testWork(db, { actorId: admin.id, clientIp: null }), { year })
    expect(result).toEqual({ ok: false, error: { year: [message] } })
    expect(await stored()).toEqual(before)
    expect(await auditRows('target.add_year')).toHaveLength(1)
  })

  test('a sync after adding a year leaves the new year alone', async () => {
    const before = await stored()
    expect(await syncTargets(testWork(db))).toBe(0)
    expect(await stored()).toEqual(before)
  })
})
