import { defineMessages } from '../locales.ts'

// National targets: the indicators, editing them, adding a year. The Kazakh
// and Russian indicator names are the strategy's own (db/reference/strategy-targets.json).
export const targetsMessages = defineMessages({
  'admin.nav.targets': { kk: 'Мақсатты көрсеткіштер', ru: 'Целевые показатели', en: 'Targets' },
  'targets.title': { kk: 'Стратегияның мақсатты көрсеткіштері', ru: 'Целевые показатели стратегии', en: 'Strategy targets' },
  'targets.intro': {
    kk: 'Институттың 2025–2027 жылдарға арналған даму стратегиясының негізгі көрсеткіштері. Әр өзгеріс әрекеттер журналына жазылады.',
    ru: 'Ключевые показатели стратегии развития института на 2025–2027 годы. Каждое изменение записывается в журнал действий.',
    en: 'The key indicators of the institute’s development strategy for 2025–2027. Every change is recorded in the audit log.',
  },
  'targets.col.indicator': { kk: 'Көрсеткіш', ru: 'Показатель', en: 'Indicator' },
  'targets.direction': { kk: '{number}-бағыт', ru: 'Направление {number}', en: 'Direction {number}' },
  'targets.unitLabel': { kk: 'Өлшем бірлігі: {unit}', ru: 'Единица: {unit}', en: 'Unit: {unit}' },
  'targets.unit.teachers': { kk: 'педагогтер', ru: 'педагоги', en: 'teachers' },
  'targets.unit.programs': { kk: 'бағдарламалар', ru: 'программы', en: 'programmes' },
  'targets.unit.attendances': { kk: 'қатысулар', ru: 'посещения', en: 'attendances' },
  'targets.unit.users': { kk: 'пайдаланушылар', ru: 'пользователи', en: 'users' },
  'targets.cumulative': {
    kk: 'Жинақталған мән: әр жылдың мәні стратегия басталғаннан бергі жиынтық.',
    ru: 'Накопительный показатель: значение года — итог с начала стратегии.',
    en: 'Cumulative: each year’s value counts everything since the strategy began.',
  },
  'targets.perYear': { kk: 'Әр жылдың өз мәні.', ru: 'Значение за каждый год отдельно.', en: 'Each year has a value of its own.' },
  'targets.cellLabel': { kk: '{indicator}, {year} жыл', ru: '{indicator}, {year} год', en: '{indicator}, {year}' },
  'targets.save': { kk: 'Сақтау', ru: 'Сохранить', en: 'Save' },
  'targets.saveFor': { kk: 'Сақтау: {indicator}, {year} жыл', ru: 'Сохранить: {indicator}, {year} год', en: 'Save {indicator}, {year}' },
  'targets.saved': {
    kk: 'Сақталды: {indicator}, {year} жыл — {value}.',
    ru: 'Сохранено: {indicator}, {year} год — {value}.',
    en: 'Saved: {indicator}, {year}: {value}.',
  },
  'targets.noYears': { kk: 'Әзірге мақсатты көрсеткіштер жоқ.', ru: 'Целевых показателей пока нет.', en: 'There are no targets yet.' },
  'targets.addYear.title': { kk: 'Жыл қосу', ru: 'Добавить год', en: 'Add a year' },
  'targets.addYear.description': {
    kk: 'Жаңа жылдың мәндері {latest} жылдан көшіріледі; содан кейін оларды кестеде өзгертіңіз.',
    ru: 'Значения нового года копируются из {latest} года; затем измените их в таблице.',
    en: 'The new year starts with the values of {latest}; change them in the table afterwards.',
  },
  'targets.addYear.year': { kk: 'Жыл', ru: 'Год', en: 'Year' },
  'targets.addYear.submit': { kk: 'Жылды қосу', ru: 'Добавить год', en: 'Add the year' },
  'targets.added': {
    kk: '{year} жыл қосылды: мәндері алдыңғы жылдан көшірілді.',
    ru: 'Год {year} добавлен: значения скопированы из предыдущего года.',
    en: '{year} has been added with the previous year’s values.',
  },
  'targets.error.value': {
    kk: 'Мақсатты мән 0-ден 1 000 000 000-ға дейінгі бүтін сан болуы керек.',
    ru: 'Целевое значение — целое число от 0 до 1 000 000 000.',
    en: 'A target is a whole number from 0 to 1,000,000,000.',
  },
  'targets.error.year': {
    kk: 'Жыл 2020-дан 2100-ге дейінгі бүтін сан болуы керек.',
    ru: 'Год — целое число от 2020 до 2100.',
    en: 'The year is a whole number from 2020 to 2100.',
  },
  'targets.error.metric': { kk: 'Мұндай көрсеткіш жоқ.', ru: 'Такого показателя нет.', en: 'There is no such indicator.' },
  'targets.error.yearExists': { kk: 'Бұл жыл кестеде бар.', ru: 'Этот год уже есть в таблице.', en: 'That year is already in the table.' },
  'targets.error.yearNotNext': {
    kk: 'Жылдар ретімен ғана қосылады: соңғы жылдан кейінгі жылды жазыңыз.',
    ru: 'Годы добавляются по порядку: укажите год, следующий за последним.',
    en: 'Years are added in order: give the year after the latest one.',
  },
  'targets.indicator.teachers_trained': {
    kk: 'Біліктілікті арттыру курстарынан өткен орта білім беру педагогтерінің саны',
    ru: 'Число педагогов, прошедших курсы повышения квалификации',
    en: 'Secondary-school teachers who completed professional development courses',
  },
  'targets.indicator.teachers_in_course_monitoring': {
    kk: 'Курстар мониторингіне қатысқан педагогтер саны',
    ru: 'Число педагогов, участвовавших в мониторинге курсов',
    en: 'Teachers who took part in monitoring of the courses',
  },
  'targets.indicator.teachers_post_course_support': {
    kk: 'Курстан кейінгі сүйемелдеумен қамтылған педагогтер саны',
    ru: 'Число педагогов, охваченных посткурсовым сопровождением',
    en: 'Teachers given post-course support',
  },
  'targets.indicator.approved_programs': {
    kk: 'Оқу-ағарту министрлігімен келісілген біліктілікті арттыру курстарының білім беру бағдарламаларының саны',
    ru: 'Число образовательных программ курсов, согласованных с Министерством просвещения',
    en: 'Course programmes approved by the Ministry of Education',
  },
  'targets.indicator.parent_attendances': {
    kk: 'Ата-аналарды педагогикалық қолдау орталықтарындағы сабақтарға ата-аналардың қатысу саны',
    ru: 'Число посещений родителями занятий в центрах педагогической поддержки родителей',
    en: 'Parent attendances at sessions of the parent pedagogical support centres',
  },
  'targets.indicator.teachers_in_events': {
    kk: 'Балалардың құқықтарын қорғау және әл-ауқатын қамтамасыз ету іс-шараларына қатысқан педагогтер саны',
    ru: 'Число педагогов, участвовавших в мероприятиях по защите прав и благополучию детей',
    en: 'Teachers who took part in events on children’s rights and wellbeing',
  },
  'targets.indicator.registered_site_users': {
    kk: 'Сайтқа тіркелген пайдаланушылар саны',
    ru: 'Число зарегистрированных пользователей сайта',
    en: 'Users registered on the site',
  },
})
