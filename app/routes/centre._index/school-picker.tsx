import { Form } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import type { Loaded } from './route.tsx'

// The schools a coordinator of several (or a regional admin, an admin) may
// open, by region: a GET form, so each centre has its own address.

export function SchoolPicker({ picker, current }: { picker: Loaded['picker']; current: string | null }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Form method="get" className={current ? 'centre-picker centre-picker--compact' : 'centre-picker step'}>
      {current ? null : <p>{t('centre.pick.intro')}</p>}
      <div className="field">
        <label htmlFor="centre-school">{current ? t('centre.pick.other') : t('centre.pick.school')}</label>
        <select id="centre-school" name="school" required defaultValue={current ?? ''}>
          <option value="" disabled>
            {t('centre.pick.choose')}
          </option>
          {picker.regions.map((region) => {
            const schools = picker.schools.filter((s) => s.region_code === region.code)
            return schools.length ? (
              <optgroup key={region.code} label={localName(region, locale)}>
                {schools.map((s) => (
                  <option key={s.id} value={s.id}>
                    {localName(s, locale)}
                  </option>
                ))}
              </optgroup>
            ) : null
          })}
        </select>
      </div>
      <button type="submit" className="button button--secondary">
        {t('centre.pick.submit')}
      </button>
    </Form>
  )
}
