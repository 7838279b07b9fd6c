import { regions } from './regions.ts'

// The districts (аудан) of each region and its cities of regional
// significance, with their names in Kazakh, Russian and English and the names
// people still write for renamed ones. Ids are stable: `<region code in lower
// case>-<latin slug>`, e.g. kz-75-bostandyq.
//
// FOUNDATION STUB (issue 19): each region's administrative centre and the one
// district regions.ts names, until the full national list lands.

export interface DistrictReference {
  id: string
  regionCode: string
  kind: 'district' | 'city'
  name: { kk: string; ru: string; en: string }
  /** Former and other names people write (Kazakh or Russian), matched like the current ones. */
  formerNames?: string[]
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

export const districts: DistrictReference[] = regions.flatMap((r): DistrictReference[] =>
  r.kind === 'city'
    ? []
    : [
        {
          id: `${r.code.toLowerCase()}-${slug(r.centre.en)}`,
          regionCode: r.code,
          kind: 'city',
          name: { kk: `${r.centre.kk} қ.`, ru: `г. ${r.centre.ru}`, en: r.centre.en },
        },
        { id: `${r.code.toLowerCase()}-${slug(r.district.en)}`, regionCode: r.code, kind: 'district', name: r.district },
      ],
)
