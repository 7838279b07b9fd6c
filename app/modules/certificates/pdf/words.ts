import { formatDate, formatNumber } from '#app/i18n/format.ts'

// The words printed on a certificate, in Kazakh and Russian, and the dates and
// hours in words.

export type Lang = 'kk' | 'ru'
export type Words = Record<Lang, string>

export const TEXT = {
  institute: {
    kk: '«Өркен» балалардың әл-ауқатын арттыру ұлттық ғылыми-практикалық институты',
    ru: 'Национальный научно-практический институт благополучия детей «Өркен»',
  },
  certificate: { kk: 'СЕРТИФИКАТ', ru: 'СЕРТИФИКАТ' },
  certificateSub: { kk: 'біліктілікті арттыру курсынан өткені туралы', ru: 'о прохождении курса повышения квалификации' },
  attendance: { kk: 'ТЫҢДАУШЫ АНЫҚТАМАСЫ', ru: 'СПРАВКА О ПРОСЛУШИВАНИИ КУРСА' },
  attendanceSub: { kk: 'қорытынды емтихан тапсырылмаған', ru: 'итоговый экзамен не сдан' },
  period: { kk: 'оқу мерзімі', ru: 'срок обучения' },
  approval: { kk: 'Оқу-ағарту министрлігімен келісілген', ru: 'Согласовано с Министерством просвещения' },
  number: { kk: 'Тіркеу нөмірі', ru: 'Регистрационный номер' },
  issued: { kk: 'Берілген күні', ru: 'Дата выдачи' },
  director: { kk: 'Директор', ru: 'Директор' },
  stamp: { kk: 'М.О.', ru: 'М.П.' },
  verify: { kk: 'Тексеру', ru: 'Проверка' },
} satisfies Record<string, Words>

/** "1 академический час", "2 академических часа", "5 академических часов", "11 академических часов". */
export function pluralHoursRu(n: number): string {
  const number = formatNumber(n, 'ru')
  if (!Number.isInteger(n)) return `${number} академического часа`
  const mod10 = Math.abs(n) % 10
  const mod100 = Math.abs(n) % 100
  if (mod10 === 1 && mod100 !== 11) return `${number} академический час`
  if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${number} академических часа`
  return `${number} академических часов`
}

export function hours(n: number, lang: Lang): string {
  return lang === 'kk' ? `${formatNumber(n, 'kk')} академиялық сағат` : pluralHoursRu(n)
}

/** A calendar date (YYYY-MM-DD) in words; noon UTC is the same day in Kazakhstan. */
export function day(iso: string, lang: Lang): string {
  return formatDate(`${iso}T12:00:00Z`, lang)
}
