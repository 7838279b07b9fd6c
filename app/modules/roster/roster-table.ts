import type { TableSpec } from '#app/modules/spreadsheet/table.server.ts'

// The national roster as schools write it: headers in Kazakh, Russian and
// English as people type them, the full name in one column or in three
// (surname, given name, patronymic), a leading № and any other columns
// ignored with a notice. Pure, so the roster's reader can run it in a worker.

export const ROSTER_MAX_BYTES = 20 * 1024 * 1024
export const ROSTER_MAX_ROWS = 100_000

export type RosterColumn = 'iin' | 'fullName' | 'email' | 'region' | 'district' | 'school' | 'schoolBin' | 'cohort'

export const ROSTER_TABLE: TableSpec<RosterColumn> = {
  columns: ['iin', 'fullName', 'email', 'region', 'district', 'school', 'schoolBin', 'cohort'],
  // A school by its name or id, by its BIN, or both: a row needs one of them.
  required: ['iin', 'fullName', 'email', 'region'],
  headerNames: {
    iin: ['ЖСН', 'ИИН', 'IIN', 'ЖСН (ИИН)', 'Жеке сәйкестендіру нөмірі', 'Индивидуальный идентификационный номер'],
    fullName: ['Т.А.Ә.', 'ТАӘ', 'Аты-жөні', 'Толық аты-жөні', 'ФИО', 'Ф.И.О.', 'Фамилия, имя, отчество', 'Full name', 'Name'],
    email: ['Электрондық пошта', 'Эл. пошта', 'Пошта', 'Электронная почта', 'Эл. почта', 'Почта', 'Email', 'E-mail'],
    region: ['Облыс', 'Өңір', 'Область', 'Регион', 'Region', 'Өңір коды', 'Код региона', 'Region code'],
    district: ['Аудан', 'Аудан/қала', 'Район', 'Район/город', 'District'],
    school: [
      'Мектеп',
      'Білім беру ұйымы',
      'Мектеп атауы',
      'Школа',
      'Организация образования',
      'Название школы',
      'School',
      'Мектеп коды',
      'Код школы',
      'School id',
    ],
    schoolBin: ['БСН', 'БИН', 'Мектептің БСН', 'Ұйымның БСН', 'БИН школы', 'БИН организации', 'BIN', 'School BIN'],
    cohort: ['Ағын', 'Поток', 'Cohort'],
  },
  joined: {
    fullName: [
      ['Тегі', 'Фамилия', 'Surname', 'Last name'],
      ['Аты', 'Имя', 'Given name', 'First name'],
      ['Әкесінің аты', 'Отчество', 'Patronymic'],
    ],
  },
  ignoreUnknown: true,
  maxRows: ROSTER_MAX_ROWS,
  errors: {
    noHeader: { key: 'roster.file.noHeader' },
    tooManyRows: (count) => ({ key: 'roster.file.tooManyRows', params: { count, max: ROSTER_MAX_ROWS } }),
  },
}
