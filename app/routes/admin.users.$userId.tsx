import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { ROLES } from '#app/modules/auth/roles.ts'
import { getUserForAdmin, grantRole, revokeRole, setUserActive } from '#app/modules/admin/users.server.ts'
import { listRegions, listSchools } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = {
  title: (data) => (data as { user?: { full_name: string } } | undefined)?.user?.full_name,
}

export async function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin')
  const { userId } = parseParams(args.params, { userId: Id })
  const user = await getUserForAdmin(args.context.work, userId)
  if (!user) notFound()
  const [regions, schools] = await Promise.all([listRegions(args.context.work), listSchools(args.context.work)])
  return { user, regions, schools }
}

type FieldErrors = Record<string, string[] | undefined>

const ActionSchema = z.discriminatedUnion('intent', [
  z.object({
    intent: z.literal('grant'),
    role: z.enum(ROLES, { errorMap: () => ({ message: 'admin.roles.roleRequired' }) }),
    regionCode: z.string().trim().optional(),
    schoolId: z.string().trim().optional(),
  }),
  z.object({ intent: z.literal('revoke'), roleId: z.string().min(1) }),
  z.object({ intent: z.literal('deactivate') }),
  z.object({ intent: z.literal('reactivate') }),
])

export async function action(args: ActionFunctionArgs) {
  const actor = requireRole(args, 'admin')
  const { context, params, request } = args
  const { userId } = parseParams(params, { userId: Id })
  const target = await getUserForAdmin(context.work, userId)
  if (!target) notFound()
  const submission = await parseForm(request, ActionSchema)
  if (submission.status !== 'success') return data({ ok: false, fieldErrors: (submission.error ?? {}) as FieldErrors }, { status: 400 })
  const input = submission.value
  switch (input.intent) {
    case 'grant': {
      const result = await grantRole(context.work, { userId, role: input.role, regionCode: input.regionCode || null, schoolId: input.schoolId || null })
      if (!result.ok) return data({ ok: false, fieldErrors: result.error as FieldErrors }, { status: 400 })
      return { ok: true, fieldErrors: {} as FieldErrors }
    }
    case 'revoke': {
      const revoked = await revokeRole(context.work, userId, input.roleId)
      invariantResponse(revoked, 'error.notFound.text', { status: 404 })
      return { ok: true, fieldErrors: {} as FieldErrors }
    }
    case 'deactivate':
    case 'reactivate': {
      invariantResponse(userId !== actor.id, 'admin.users.cannotDeactivateSelf', { status: 400 })
      await setUserActive(context.work, userId, input.intent === 'reactivate')
      return { ok: true, fieldErrors: {} as FieldErrors }
    }
  }
}

export default function AdminUserPage() {
  const { user, regions, schools } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const errors = actionData?.ok === false ? actionData.fieldErrors : {}
  return (
    <section aria-labelledby="user-title">
      <h1 id="user-title">{user.full_name}</h1>
      <dl className="details">
        <dt>{t('auth.field.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('auth.field.iin')}</dt>
        <dd>{user.iin ?? '—'}</dd>
        <dt>{t('admin.users.registered')}</dt>
        <dd>{f.dateTime(user.created_at)}</dd>
        <dt>{t('admin.users.status')}</dt>
        <dd>{user.is_active ? t('admin.users.active') : t('admin.users.inactiveSince', { date: f.dateTime(user.deactivated_at ?? user.created_at) })}</dd>
        <dt>{t('admin.users.sessions')}</dt>
        <dd>{f.number(user.activeSessions)}</dd>
      </dl>

      <h2 id="roles-title">{t('admin.users.roles')}</h2>
      <ul className="role-list" aria-labelledby="roles-title">
        {user.roles.map((r) => (
          <li key={r.id}>
            <span>
              {t(`role.${r.role}`)}
              {r.region_kk ? ` · ${localName({ name_kk: r.region_kk, name_ru: r.region_ru ?? '', name_en: r.region_en ?? '' }, locale)}` : ''}
              {r.school_id
                ? ` · ${localName(schools.find((s) => s.id === r.school_id) ?? { name_kk: r.school_id, name_ru: r.school_id, name_en: r.school_id }, locale)}`
                : ''}
            </span>
            <Form method="post" className="inline-form">
              <input type="hidden" name="roleId" value={r.id} />
              <button type="submit" name="intent" value="revoke" className="button button--quiet">
                {t('admin.roles.revoke')}
                <span className="visually-hidden"> {t(`role.${r.role}`)}</span>
              </button>
            </Form>
          </li>
        ))}
      </ul>

      <Form method="post" className="stack card" aria-labelledby="grant-title">
        <h3 id="grant-title">{t('admin.roles.grantTitle')}</h3>
        <SelectField
          label={t('admin.users.role')}
          errors={errors.role}
          errorId="grant-role-errors"
          selectProps={{ id: 'grant-role', name: 'role', required: true, defaultValue: '' }}
        >
          <option value="" disabled>
            {t('admin.roles.choose')}
          </option>
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t(`role.${r}`)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('admin.roles.regionForRegional')}
          errors={errors.regionCode}
          errorId="grant-region-errors"
          selectProps={{ id: 'grant-region', name: 'regionCode', defaultValue: '' }}
        >
          <option value="">—</option>
          {regions.map((r) => (
            <option key={r.code} value={r.code}>
              {localName(r, locale)}
            </option>
          ))}
        </SelectField>
        <SelectField
          label={t('admin.roles.schoolForCoordinator')}
          errors={errors.schoolId}
          errorId="grant-school-errors"
          selectProps={{ id: 'grant-school', name: 'schoolId', defaultValue: '' }}
        >
          <option value="">—</option>
          {regions.map((r) => (
            <optgroup key={r.code} label={localName(r, locale)}>
              {schools
                .filter((s) => s.region_code === r.code)
                .map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(s, locale)}
                  </option>
                ))}
            </optgroup>
          ))}
        </SelectField>
        <button type="submit" name="intent" value="grant" className="button">
          {t('admin.roles.grant')}
        </button>
      </Form>

      <h2>{t('admin.users.account')}</h2>
      <Form method="post">
        {user.is_active ? (
          <button type="submit" name="intent" value="deactivate" className="button button--danger">
            {t('admin.users.deactivate')}
          </button>
        ) : (
          <button type="submit" name="intent" value="reactivate" className="button">
            {t('admin.users.reactivate')}
          </button>
        )}
      </Form>
    </section>
  )
}
