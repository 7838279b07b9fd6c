import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, addMs, now } from '#app/modules/clock/clock.server.ts'
import { UTF8_BOM, toCsv } from '#app/modules/courses/csv.server.ts'
import { firstSchool } from '#app/modules/parents/centres.server.ts'
import { parentLessonChoices } from '#app/modules/parents/sessions.server.ts'

// A small file to start from, made for whoever downloads it so that it
// imports as it is: UTF-8 with a byte-order mark (Excel shows the Kazakh
// letters), Kazakh headers, a school the user runs, the first lessons of the
// first parent series, dates last week in both accepted forms, and a note
// with a comma (quoted). A resource route: the /admin layout's rule does not
// apply, so coordinators get it too.

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'coordinator', 'regional_admin', 'admin')
  const { work } = args.context
  const ownSchool = user.roles.find((r) => r.role === 'coordinator' && r.schoolId)?.schoolId
  const school = ownSchool ?? (await firstSchool(work, adminRegions(user))) ?? 'sch-kz75-1'
  const series = (await parentLessonChoices(work))[0]
  const lessons = series?.lessons.map((l) => l.key) ?? ['lessons/listening']
  const day = (daysAgo: number) => localIsoDate(addMs(now(), -daysAgo * DAY))
  const dotted = (iso: string) => iso.split('-').reverse().join('.')
  const rows = [
    ['Мектеп', 'Сабақтар топтамасы', 'Сабақ', 'Күні', 'Жүргізуші', 'Қатысқандар саны', 'Ескертпе'],
    [school, series?.courseId ?? 'family-support', lessons[0]!, day(14), 'Әсем Нұрланқызы', '24', ''],
    [school, series?.courseId ?? 'family-support', lessons[1] ?? lessons[0]!, dotted(day(7)), 'Әсем Нұрланқызы', '31', 'Кешкі топ, 18:00'],
  ]
  return new Response(UTF8_BOM + toCsv(rows), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': 'attachment; filename="orken-parent-sessions-sample.csv"',
      'Cache-Control': 'private, no-store',
    },
  })
}
