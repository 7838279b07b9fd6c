import { defineMessages, plural } from '../locales.ts'

// Keys start with 'roster.'.
export const rosterMessages = defineMessages({
  'roster.title': { kk: 'Педагогтер тізімін жүктеу', ru: 'Загрузка списка педагогов', en: 'Upload a list of teachers' },
  'roster.intro': {
    kk: 'Мектептер жазған тізім бір файлмен жүктеледі — бүкіл ел бойынша да. Жаңа педагогтерге тіркелгі ашылып, шақыру хаты жіберіледі; бар педагогтердің деректері жаңартылады; әркім файлда аталған не төменде таңдалған ағынға жазылады. Файлда бір ғана қате болса да, ештеңе сақталмайды: қателерді жол нөмірлерімен көресіз.',
    ru: 'Список, составленный школами, загружается одним файлом — хоть на всю страну. Новым педагогам создаётся учётная запись и отправляется приглашение; данные уже зарегистрированных обновляются; каждый записывается в поток, названный в файле или выбранный ниже. Если в файле есть хотя бы одна ошибка, ничего не сохраняется: вы увидите ошибки с номерами строк.',
    en: 'A list as schools write it goes in as one file, even for the whole country. New teachers get an account and an invitation; those already registered are updated; each is enrolled in the cohort the file names or the one chosen below. If the file has even one error, nothing is saved: you will see the errors with their line numbers.',
  },
  'roster.file': { kk: 'Файл (CSV, XLSX немесе Юникод мәтіні)', ru: 'Файл (CSV, XLSX или текст в Юникоде)', en: 'File (CSV, XLSX or Unicode text)' },
  'roster.help.headers': {
    kk: 'Бірінші жолдағы баған атаулары (кез келген ретпен): ЖСН / ИИН / IIN; Т.А.Ә. / Аты-жөні / ФИО / Ф.И.О. — немесе бөлек Тегі, Аты, Әкесінің аты (Фамилия, Имя, Отчество); Электрондық пошта / Электронная почта / Email; Облыс / Область / Өңір / Регион — атауы не коды; Аудан / Район (міндетті емес); Мектеп / Білім беру ұйымы / Организация образования / Школа — атауы, не БСН / БИН бағаны; Ағын / Поток / Cohort (міндетті емес). Басындағы № бағаны мен басқа бағандар ескерусіз қалады.',
    ru: 'Названия столбцов в первой строке (в любом порядке): ИИН / ЖСН / IIN; ФИО / Ф.И.О. / Т.А.Ә. / Аты-жөні — или отдельно Фамилия, Имя, Отчество (Тегі, Аты, Әкесінің аты); Электронная почта / Электрондық пошта / Email; Область / Облыс / Регион / Өңір — название или код; Район / Аудан (необязательно); Школа / Организация образования / Мектеп / Білім беру ұйымы — название, или столбец БИН / БСН; Поток / Ағын / Cohort (необязательно). Столбец № в начале и прочие столбцы пропускаются.',
    en: 'Column names in the first line (any order): IIN / ЖСН / ИИН; Full name / Т.А.Ә. / Аты-жөні / ФИО / Ф.И.О. — or Surname, Given name, Patronymic apart (Тегі, Аты, Әкесінің аты; Фамилия, Имя, Отчество); Email / Электрондық пошта / Электронная почта; Region / Облыс / Область / Өңір / Регион — name or code; District / Аудан / Район (optional); School / Мектеп / Білім беру ұйымы / Организация образования / Школа — its name, or a BIN column (БСН / БИН); Cohort / Ағын / Поток (optional). A leading № column and any other columns are skipped.',
  },
  'roster.help.format': {
    kk: 'CSV (UTF-8 немесе Windows-1251, үтір не нүктелі үтір), Excel кітабы (.xlsx) немесе Excel-дің «Юникод мәтіні». Ең көбі 20 МБ және 100 000 жол.',
    ru: 'CSV (UTF-8 или Windows-1251, запятая или точка с запятой), книга Excel (.xlsx) или «Текст в Юникоде» из Excel. Не больше 20 МБ и 100 000 строк.',
    en: 'CSV (UTF-8 or Windows-1251, commas or semicolons), an Excel workbook (.xlsx) or Excel’s “Unicode text”. At most 20 MB and 100,000 rows.',
  },
  'roster.sampleCsv': { kk: 'CSV үлгісі', ru: 'Образец CSV', en: 'Sample CSV' },
  'roster.sampleXlsx': { kk: 'XLSX үлгісі', ru: 'Образец XLSX', en: 'Sample XLSX' },
  'roster.cohort': {
    kk: 'Ағын (файлда «Ағын» бағаны жоқ жолдар үшін)',
    ru: 'Поток (для строк без столбца «Поток»)',
    en: 'Cohort (for rows without a Cohort column)',
  },
  'roster.cohortNone': { kk: 'Ағын файлда көрсетілген', ru: 'Поток указан в файле', en: 'The file names the cohort' },
  'roster.sheet': { kk: 'Парақ', ru: 'Лист', en: 'Sheet' },
  'roster.sheetHelp': {
    kk: 'Кітапта бірнеше парақ болса ғана: оқылатын парақтың атауы.',
    ru: 'Только если в книге несколько листов: название листа, который читать.',
    en: 'Only when the workbook has several sheets: the name of the sheet to read.',
  },
  'roster.form.cohortNotYours': {
    kk: 'Бұл ағынға педагогтерді жаза алмайсыз.',
    ru: 'Вы не можете записывать педагогов в этот поток.',
    en: 'You cannot enrol teachers in this cohort.',
  },
  'roster.noCohorts': {
    kk: 'Сіз жаза алатын ашық ағын жоқ.',
    ru: 'Нет открытых потоков, в которые вы можете записывать.',
    en: 'There is no open cohort you can enrol teachers in.',
  },
  'roster.file.noHeader': {
    kk: 'Тақырып жолы табылмады: ЖСН, аты-жөні, пошта, облыс және мектеп бағандары керек.',
    ru: 'Не найдена строка заголовков: нужны столбцы ИИН, ФИО, почта, область и школа.',
    en: 'No header line was found: the file needs IIN, full name, email, region and school columns.',
  },
  'roster.file.tooManyRows': plural('count', {
    kk: 'Файлда {count} жол бар, ал ең көбі {max} болуы керек.',
    ru: {
      one: 'В файле {count} строка, а допускается не больше {max}.',
      few: 'В файле {count} строки, а допускается не больше {max}.',
      many: 'В файле {count} строк, а допускается не больше {max}.',
      other: 'В файле {count} строки, а допускается не больше {max}.',
    },
    en: { one: 'The file has {count} row; at most {max} are allowed.', other: 'The file has {count} rows; at most {max} are allowed.' },
  }),
  'roster.row.district': {
    kk: '{region} өңірінде «{value}» ауданы табылмады.',
    ru: 'В регионе {region} не найден район «{value}».',
    en: 'No district “{value}” was found in region {region}.',
  },
  'roster.row.schoolClosed': {
    kk: '«{value}» мектебі жабылған: педагогті жұмыс істеп тұрған мектепке жазыңыз.',
    ru: 'Школа «{value}» закрыта: укажите действующую школу педагога.',
    en: 'School “{value}” is closed: give the teacher’s current school.',
  },
  'roster.row.cohortMissing': {
    kk: 'Ағын көрсетілмеген: оны «Ағын» бағанына жазыңыз не формада таңдаңыз.',
    ru: 'Поток не указан: впишите его в столбец «Поток» или выберите в форме.',
    en: 'No cohort: write it in the Cohort column or choose one in the form.',
  },
  'roster.row.cohortUnknown': { kk: '«{value}» ағыны табылмады.', ru: 'Поток «{value}» не найден.', en: 'No cohort “{value}” was found.' },
  'roster.row.cohortNotYours': {
    kk: '«{value}» ағынына жаза алмайсыз: ол сіздің өңіріңізде емес не сіз оның тренері емессіз.',
    ru: 'В поток «{value}» вы записывать не можете: он не в вашем регионе или вы не его тренер.',
    en: 'You cannot enrol teachers in cohort “{value}”: it is not in your region, or you are not its trainer.',
  },
  'roster.row.cohortAmbiguous': {
    kk: '«{value}» атауымен бірнеше ағын бар: {candidates}. Ағынның кодын жазыңыз.',
    ru: 'Потоков с названием «{value}» несколько: {candidates}. Укажите код потока.',
    en: 'Several cohorts are called “{value}”: {candidates}. Write the cohort’s code.',
  },
  'roster.row.cohortClosed': {
    kk: '«{value}» ағыны жабық немесе аяқталған.',
    ru: 'Поток «{value}» закрыт или завершён.',
    en: 'Cohort “{value}” is closed or has ended.',
  },
  'roster.row.full': {
    kk: '«{cohort}» ағынында орын жетпейді: барлығы {capacity}, бос {free}. Осы жолдан бастап артық.',
    ru: 'В потоке «{cohort}» не хватает мест: всего {capacity}, свободно {free}. Начиная с этой строки — лишние.',
    en: 'Cohort “{cohort}” is out of places: {capacity} in all, {free} free. This line is the first over.',
  },
  'roster.job.busy': {
    kk: 'Басқа тізім қазір жүктеліп жатыр. Ол аяқталған соң қайталап көріңіз.',
    ru: 'Сейчас загружается другой список. Попробуйте снова, когда он завершится.',
    en: 'Another list is being imported now. Try again once it has finished.',
  },
  'roster.job.summary': { kk: 'Файл: {file}', ru: 'Файл: {file}', en: 'File: {file}' },
  'roster.phase.reading': plural('total', {
    kk: 'Файл оқылып, тексерілуде: {processed} / {total} жол ({percent})',
    ru: {
      one: 'Чтение и проверка файла: {processed} из {total} строки ({percent})',
      few: 'Чтение и проверка файла: {processed} из {total} строк ({percent})',
      many: 'Чтение и проверка файла: {processed} из {total} строк ({percent})',
      other: 'Чтение и проверка файла: {processed} из {total} строки ({percent})',
    },
    en: {
      one: 'Reading and checking the file: {processed} of {total} row ({percent})',
      other: 'Reading and checking the file: {processed} of {total} rows ({percent})',
    },
  }),
  'roster.phase.checking': plural('total', {
    kk: 'Тіркелгілер мен ағындармен салыстырылуда: {processed} / {total} жол ({percent})',
    ru: {
      one: 'Сверка с учётными записями и потоками: {processed} из {total} строки ({percent})',
      few: 'Сверка с учётными записями и потоками: {processed} из {total} строк ({percent})',
      many: 'Сверка с учётными записями и потоками: {processed} из {total} строк ({percent})',
      other: 'Сверка с учётными записями и потоками: {processed} из {total} строки ({percent})',
    },
    en: {
      one: 'Checking against accounts and cohorts: {processed} of {total} row ({percent})',
      other: 'Checking against accounts and cohorts: {processed} of {total} rows ({percent})',
    },
  }),
  'roster.phase.staging': plural('total', {
    kk: 'Сақтауға дайындалуда: {processed} / {total} жол ({percent})',
    ru: {
      one: 'Подготовка к сохранению: {processed} из {total} строки ({percent})',
      few: 'Подготовка к сохранению: {processed} из {total} строк ({percent})',
      many: 'Подготовка к сохранению: {processed} из {total} строк ({percent})',
      other: 'Подготовка к сохранению: {processed} из {total} строки ({percent})',
    },
    en: { one: 'Preparing to save: {processed} of {total} row ({percent})', other: 'Preparing to save: {processed} of {total} rows ({percent})' },
  }),
  'roster.phase.saving': plural('total', {
    kk: 'Сақталуда: {processed} / {total} жол ({percent})',
    ru: {
      one: 'Сохранение: {processed} из {total} строки ({percent})',
      few: 'Сохранение: {processed} из {total} строк ({percent})',
      many: 'Сохранение: {processed} из {total} строк ({percent})',
      other: 'Сохранение: {processed} из {total} строки ({percent})',
    },
    en: { one: 'Saving: {processed} of {total} row ({percent})', other: 'Saving: {processed} of {total} rows ({percent})' },
  }),
  'roster.phase.inviting': {
    kk: 'Шақырулар кезекке қойылуда: {processed} / {total} ({percent})',
    ru: 'Приглашения ставятся в очередь: {processed} из {total} ({percent})',
    en: 'Queueing invitations: {processed} of {total} ({percent})',
  },
  'roster.result.usersUpdated': { kk: 'Деректері жаңартылды', ru: 'Данные обновлены', en: 'Details updated' },
  'roster.notices.title': { kk: 'Назар аударыңыз', ru: 'Обратите внимание', en: 'Please note' },
})
