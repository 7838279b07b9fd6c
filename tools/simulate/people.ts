import { iinCheckDigit } from '#app/modules/auth/iin.ts'
import type { Random } from './random.ts'

// Synthetic people: names as Kazakhstan writes them (surname, name,
// patronymic), IINs with valid check digits, mobile numbers.

export type Gender = 'f' | 'm'

const KK_FEMALE = [
  'Айгүл',
  'Айгерім',
  'Әсел',
  'Гүлмира',
  'Жанар',
  'Ұлжан',
  'Айнұр',
  'Сәуле',
  'Динара',
  'Меруерт',
  'Гүлнар',
  'Ақмарал',
  'Балжан',
  'Назира',
  'Қарлығаш',
  'Мөлдір',
  'Індира',
  'Салтанат',
  'Шынар',
  'Күләш',
  'Толқын',
  'Ботагөз',
  'Нұргүл',
  'Жұлдыз',
  'Аружан',
  'Дана',
  'Роза',
  'Гаухар',
]
const KK_MALE = [
  'Ерлан',
  'Бауыржан',
  'Нұрсұлтан',
  'Дәулет',
  'Қайрат',
  'Ғалымжан',
  'Серік',
  'Асқар',
  'Ержан',
  'Мұрат',
  'Талғат',
  'Нұрлан',
  'Бекзат',
  'Айдос',
  'Жасұлан',
  'Әлібек',
]
// Fathers' names for patronymics: <name>ұлы, <name>қызы.
const KK_FATHERS = [
  'Серік',
  'Қайрат',
  'Нұрлан',
  'Бекболат',
  'Ұзақбай',
  'Өмір',
  'Жақсылық',
  'Мұрат',
  'Асқар',
  'Тұрсын',
  'Ерболат',
  'Қанат',
  'Сайлау',
  'Бақыт',
  'Жеңіс',
  'Талғат',
]
// Male forms; the female form adds -а.
const KK_SURNAMES = [
  'Нұрланов',
  'Әбдіров',
  'Жақсылықов',
  'Оспанов',
  'Смағұлов',
  'Төлеубаев',
  'Құрманғазиев',
  'Сейітов',
  'Ахметов',
  'Жұмабаев',
  'Қасымов',
  'Омаров',
  'Бекболатов',
  'Мұратов',
  'Серікбаев',
  'Ержанов',
  'Тұрсынов',
  'Исаев',
  'Қанатов',
  'Байжанов',
  'Әлиев',
  'Сарсенбаев',
  'Досмұхамедов',
  'Иманғалиев',
]
const RU_FEMALE = [
  'Мария',
  'Ольга',
  'Елена',
  'Наталья',
  'Ирина',
  'Татьяна',
  'Светлана',
  'Анна',
  'Юлия',
  'Екатерина',
  'Людмила',
  'Галина',
  'Валентина',
  'Оксана',
]
const RU_MALE = ['Сергей', 'Андрей', 'Алексей', 'Дмитрий', 'Виктор', 'Игорь', 'Николай', 'Владимир', 'Евгений', 'Михаил']
// [male, female] patronymics.
const RU_PATRONYMICS: [string, string][] = [
  ['Иванович', 'Ивановна'],
  ['Петрович', 'Петровна'],
  ['Сергеевич', 'Сергеевна'],
  ['Александрович', 'Александровна'],
  ['Викторович', 'Викторовна'],
  ['Николаевич', 'Николаевна'],
  ['Владимирович', 'Владимировна'],
  ['Юрьевич', 'Юрьевна'],
  ['Анатольевич', 'Анатольевна'],
  ['Геннадьевич', 'Геннадьевна'],
]
const RU_SURNAMES = [
  'Иванов',
  'Петров',
  'Смирнов',
  'Кузнецов',
  'Попов',
  'Васильев',
  'Соколов',
  'Михайлов',
  'Новиков',
  'Фёдоров',
  'Морозов',
  'Волков',
  'Павлов',
  'Козлов',
  'Лебедев',
  'Ким',
  'Шевченко',
  'Бондаренко',
]
const UNDECLINED = /(ко|ким)$/i

function surnameFor(base: string, gender: Gender): string {
  return gender === 'f' && !UNDECLINED.test(base) ? `${base}а` : base
}

/** A full name: most who study in Kazakh carry Kazakh names; those who study in Russian, either. */
export function personName(rng: Random, lang: 'kk' | 'ru', gender: Gender): string {
  const kazakh = lang === 'kk' ? rng.chance(0.96) : rng.chance(0.5)
  if (kazakh) {
    const first = rng.pick(gender === 'f' ? KK_FEMALE : KK_MALE)
    const patronymic = `${rng.pick(KK_FATHERS)}${gender === 'f' ? 'қызы' : 'ұлы'}`
    return `${surnameFor(rng.pick(KK_SURNAMES), gender)} ${first} ${patronymic}`
  }
  const first = rng.pick(gender === 'f' ? RU_FEMALE : RU_MALE)
  const patronymic = rng.pick(RU_PATRONYMICS)[gender === 'f' ? 1 : 0]
  return `${surnameFor(rng.pick(RU_SURNAMES), gender)} ${first} ${patronymic}`
}

/**
 * A valid IIN (see app/modules/auth/iin.ts) for someone born in `birthYear`,
 * not in `taken`; added to it. The century-and-sex digit is 3/4 for the 1900s
 * and 5/6 for the 2000s (odd for men).
 */
export function makeIin(rng: Random, birthYear: number, gender: Gender, taken: Set<string>): string {
  for (;;) {
    const month = rng.int(1, 12)
    const day = rng.int(1, 28)
    const centuryDigit = (birthYear >= 2000 ? 5 : 3) + (gender === 'f' ? 1 : 0)
    const first11 = `${String(birthYear % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${centuryDigit}${String(rng.int(0, 9999)).padStart(4, '0')}`
    const check = iinCheckDigit(first11)
    if (check === null) continue
    const iin = `${first11}${check}`
    if (taken.has(iin)) continue
    taken.add(iin)
    return iin
  }
}

const MOBILE_PREFIXES = ['700', '701', '702', '705', '707', '708', '747', '771', '775', '776', '777', '778']

export function phoneNumber(rng: Random): string {
  return `+7 ${rng.pick(MOBILE_PREFIXES)} ${rng.int(100, 999)} ${String(rng.int(0, 99)).padStart(2, '0')} ${String(rng.int(0, 99)).padStart(2, '0')}`
}
