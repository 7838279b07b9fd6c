import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { allMessageKeys, translate } from '#app/i18n/catalog.server.ts'
import { locales } from '#app/i18n/locales.ts'
import { AUDIT_ACTIONS, AUDIT_DETAIL_KEYS, AUDIT_TARGETS, auditDetails, auditTargetHref } from '#app/modules/audit/entries.ts'

// Every tx.audit({ action, targetType, … }) in the app, read from the source.
function auditCalls(): { file: string; action: string; targetType: string }[] {
  const calls: { file: string; action: string; targetType: string }[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(full)
      else if (/\.tsx?$/.test(entry.name)) {
        const text = fs.readFileSync(full, 'utf8')
        for (const m of text.matchAll(/\.audit\(\{/g)) {
          const call = text.slice(m.index + m[0].length, m.index + 800)
          const action = /action:\s*([^\n]*?)(?:,\s*(?:targetType|targetId|details)\b|,\s*\n|\s*\}\))/.exec(call)?.[1]
          const targetType = /targetType:\s*([^,}\n]*)/.exec(call)?.[1]
          calls.push({ file: path.relative(process.cwd(), full), action: action ?? '', targetType: targetType ?? '' })
        }
      }
    }
  }
  walk(path.resolve('app'))
  return calls
}

const literals = (expression: string) => [...expression.matchAll(/'([a-z_.]+)'|`([a-z_.]+)`/g)].map((m) => m[1] ?? m[2]!)

describe('the audit log’s words', () => {
  const calls = auditCalls()
  const listed = new Set<string>(AUDIT_ACTIONS)

  test('every action the app writes is listed, so it has a label', () => {
    expect(calls.length).toBeGreaterThan(30)
    const missing: string[] = []
    for (const call of calls) {
      const template = /`([a-z_.]+)\$\{/.exec(call.action)
      if (template) {
        // `accreditation.${decision}`: each value it can take must be listed; at least one is.
        if (![...listed].some((a) => a.startsWith(template[1]!))) missing.push(`${call.file}: ${call.action}`)
        continue
      }
      const names = literals(call.action)
      if (names.length === 0) missing.push(`${call.file}: cannot read ${call.action}`)
      for (const name of names) if (!listed.has(name)) missing.push(`${call.file}: ${name}`)
    }
    expect(missing).toEqual([])
  })

  test('every kind of target the app writes has a label', () => {
    const targets = new Set<string>(AUDIT_TARGETS)
    const missing = calls.flatMap((c) =>
      literals(c.targetType)
        .filter((t) => !targets.has(t))
        .map((t) => `${c.file}: ${t}`),
    )
    expect(missing).toEqual([])
  })

  test('every action, target and detail key has its label in Kazakh, Russian and English', () => {
    const keys = new Set<string>(allMessageKeys())
    const wanted = [
      ...AUDIT_ACTIONS.map((a) => `audit.action.${a}`),
      ...AUDIT_TARGETS.map((t) => `audit.target.${t}`),
      ...AUDIT_DETAIL_KEYS.map((k) => `audit.detail.${k}`),
    ]
    expect(wanted.filter((k) => !keys.has(k))).toEqual([])
    for (const locale of locales) {
      expect(translate(locale, 'audit.action.course.publish')).not.toMatch(/course\.publish/)
      expect(translate(locale, 'audit.action.cohort.move_version')).not.toMatch(/move_version/)
    }
    expect(translate('ru', 'audit.action.cohort.move_version')).toBe('Поток переведён на новую версию курса')
  })
})

describe('audit details', () => {
  test('stored JSON becomes labelled values, ids linked where a page exists', () => {
    const details = auditDetails(
      JSON.stringify({ userId: 'u1', role: 'teacher', full: true, rows: 12, note: null, changes: [{ fact: 'hours', from: 36, to: 72 }], unknownKey: 'x' }),
    )
    expect(details).toEqual([
      { label: 'userId', name: 'userId', value: { kind: 'link', text: 'u1', href: '/admin/users/u1' } },
      { label: 'role', name: 'role', value: { kind: 'role', role: 'teacher' } },
      { label: 'full', name: 'full', value: { kind: 'yes' } },
      { label: 'rows', name: 'rows', value: { kind: 'number', value: 12 } },
      { label: 'note', name: 'note', value: { kind: 'none' } },
      {
        label: 'changes',
        name: 'changes',
        value: {
          kind: 'list',
          items: [
            {
              kind: 'record',
              entries: [
                { label: 'fact', name: 'fact', value: { kind: 'text', text: 'hours' } },
                { label: 'from', name: 'from', value: { kind: 'number', value: 36 } },
                { label: 'to', name: 'to', value: { kind: 'number', value: 72 } },
              ],
            },
          ],
        },
      },
      { label: null, name: 'unknownKey', value: { kind: 'text', text: 'x' } },
    ])
  })

  test('no details, and text that is not JSON, are kept readable', () => {
    expect(auditDetails(null)).toEqual([])
    expect(auditDetails('not json')).toEqual([{ label: null, name: '', value: { kind: 'text', text: 'not json' } }])
  })

  test('targets with a page are linked', () => {
    expect(auditTargetHref('user.role_grant', 'user', 'u1')).toBe('/admin/users/u1')
    expect(auditTargetHref('parent_session.import', 'import_job', 'j1')).toBe('/admin/parents/import/j1')
    expect(auditTargetHref('course.publish', 'course', 'c1')).toBeNull()
  })
})
