import type { LoaderFunctionArgs } from '@remix-run/node'
import { requireRole } from '#app/http/auth.server.ts'

// A small file to start from: UTF-8 with a byte-order mark, so Excel shows
// the Kazakh letters; a school by its code, by its Kazakh name (quoted: it
// holds a comma) and by its Russian name. The schools are the demo ones.
const SAMPLE = [
  'ЖСН,Аты-жөні,Электрондық пошта,Өңір,Мектеп',
  '850412412016,Айгүл Серікқызы Нұрланова,aigul.nurlanova@example.kz,KZ-75,sch-kz75-1',
  '790923312024,Ерлан Қайратұлы Әбдіров,erlan.abdirov@example.kz,KZ-75,"Медеу ауданы, № 3 жалпы орта мектеп"',
  '920101412030,Мария Ивановна Петрова,maria.petrova@example.kz,KZ-75,Школа-гимназия № 28 города Алматы',
]

export function loader(args: LoaderFunctionArgs) {
  requireRole(args, 'admin', 'regional_admin')
  return new Response(`\uFEFF${SAMPLE.join('\r\n')}\r\n`, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="orken-import-sample.csv"',
      'Cache-Control': 'private, max-age=3600',
    },
  })
}
