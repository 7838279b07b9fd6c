import { defineMessages, plural } from '../locales.ts'

export const importMessages = defineMessages({
  'import.nav': { kk: 'Импорт', ru: 'Импорт', en: 'Import' },
  'import.title': { kk: 'Педагогтерді файлдан жазу', ru: 'Запись педагогов из файла', en: 'Enrol teachers from a file' },
  'import.intro': {
    kk: 'CSV файлындағы педагогтер таңдалған ағынға жазылады. Жаңа пайдаланушыларға тіркелгі ашылып, құпиясөз орнату сілтемесі бар хат жіберіледі. Файлда бір ғана қате болса да, ештеңе сақталмайды: қателерді жол нөмірлерімен көресіз.',
    ru: 'Педагоги из CSV-файла записываются в выбранный поток. Новым пользователям создаётся учётная запись и отправляется письмо со ссылкой для установки пароля. Если в файле есть хотя бы одна ошибка, ничего не сохраняется: вы увидите ошибки с номерами строк.',
    en: 'The teachers in a CSV file are enrolled in the chosen cohort. New users get an account and an email with a link to set their password. If the file has even one error, nothing is saved: you will see the errors with their line numbers.',
  },
  'import.cohort': { kk: 'Ағын', ru: 'Поток', en: 'Cohort' },
  'import.chooseCohort': { kk: 'Ағынды таңдаңыз', ru: 'Выберите поток', en: 'Choose a cohort' },
  'import.cohortOption': {
    kk: '{title} — {region}, {dates}, бос орын: {free}',
    ru: '{title} — {region}, {dates}, свободных мест: {free}',
    en: '{title} — {region}, {dates}, places free: {free}',
  },
  'import.noCohorts': { kk: 'Қазір жазылу ашық ағын жоқ.', ru: 'Сейчас нет потоков, открытых для записи.', en: 'No cohort is open for enrolment now.' },
  'import.file': { kk: 'CSV файлы', ru: 'CSV-файл', en: 'CSV file' },
  'import.help.columns': {
    kk: 'Бағандар кез келген ретпен жазылады, атаулары бірінші жолда: ЖСН; Аты-жөні; Электрондық пошта; Өңір — KZ-75 сияқты код; Мектеп — мектеп коды немесе оның осы өңірдегі қазақша не орысша толық атауы.',
    ru: 'Столбцы идут в любом порядке, их названия — в первой строке: ИИН; ФИО; Электронная почта; Регион — код вида KZ-75; Школа — код школы или её полное казахское или русское название в этом регионе.',
    en: 'Columns come in any order, named in the first line: IIN; Full name; Email; Region — a code such as KZ-75; School — the school code, or its full Kazakh or Russian name in that region.',
  },
  'import.help.format': {
    kk: 'Кодтауы UTF-8 немесе Windows-1251, бөлгіші үтір не нүктелі үтір. Ең көбі 5 МБ және 50 000 жол.',
    ru: 'Кодировка UTF-8 или Windows-1251, разделитель — запятая или точка с запятой. Не больше 5 МБ и 50 000 строк.',
    en: 'UTF-8 or Windows-1251, separated by commas or semicolons. At most 5 MB and 50,000 rows.',
  },
  'import.sample': { kk: 'Үлгі файлды жүктеп алу', ru: 'Скачать образец файла', en: 'Download a sample file' },
  'import.submit': { kk: 'Жүктеу және тексеру', ru: 'Загрузить и проверить', en: 'Upload and check' },
  'import.form.cohortRequired': { kk: 'Ағынды таңдаңыз.', ru: 'Выберите поток.', en: 'Choose a cohort.' },
  'import.form.fileRequired': { kk: 'CSV файлын таңдаңыз.', ru: 'Выберите CSV-файл.', en: 'Choose a CSV file.' },
  'import.form.cohortClosed': {
    kk: 'Бұл ағынға жазылу жабық немесе ағын аяқталған.',
    ru: 'Запись в этот поток закрыта или поток завершён.',
    en: 'This cohort is closed for enrolment or has ended.',
  },
  'import.file.tooLarge': {
    kk: 'Файл тым үлкен: ең көбі {mb} МБ. Файлды бөліп, бөліктерін жеке жүктеңіз.',
    ru: 'Файл слишком большой: не больше {mb} МБ. Разделите его и загрузите части по отдельности.',
    en: 'The file is too large: at most {mb} MB. Split it and upload the parts one by one.',
  },
  'import.file.tooManyRows': plural('count', {
    kk: 'Файлда {count} жол бар, ал ең көбі 50 000 болуы керек. Файлды бөліп, бөліктерін жеке жүктеңіз.',
    ru: {
      one: 'В файле {count} строка, а допускается не больше 50 000. Разделите его и загрузите части по отдельности.',
      few: 'В файле {count} строки, а допускается не больше 50 000. Разделите его и загрузите части по отдельности.',
      many: 'В файле {count} строк, а допускается не больше 50 000. Разделите его и загрузите части по отдельности.',
      other: 'В файле {count} строки, а допускается не больше 50 000. Разделите его и загрузите части по отдельности.',
    },
    en: {
      one: 'The file has {count} row; at most 50,000 are allowed. Split it and upload the parts one by one.',
      other: 'The file has {count} rows; at most 50,000 are allowed. Split it and upload the parts one by one.',
    },
  }),
  'import.file.undecodable': {
    kk: 'Файлды оқу мүмкін болмады: бұл UTF-8 немесе Windows-1251 кодтауындағы CSV мәтіні емес. Кестені CSV пішімінде сақтап, қайта жүктеңіз.',
    ru: 'Не удалось прочитать файл: это не текст CSV в кодировке UTF-8 или Windows-1251. Сохраните таблицу в формате CSV и загрузите снова.',
    en: 'The file could not be read: it is not CSV text in UTF-8 or Windows-1251. Save the spreadsheet as CSV and upload it again.',
  },
  'import.file.empty': { kk: 'Файл бос.', ru: 'Файл пуст.', en: 'The file is empty.' },
  'import.file.noHeader': {
    kk: 'Бірінші жолда баған атаулары жоқ. Файлдың басына мына жолды қосыңыз: ЖСН; Аты-жөні; Электрондық пошта; Өңір; Мектеп.',
    ru: 'В первой строке нет названий столбцов. Добавьте в начало файла строку: ИИН; ФИО; Электронная почта; Регион; Школа.',
    en: 'The first line does not name the columns. Add this line at the top of the file: IIN; Full name; Email; Region; School.',
  },
  'import.file.missingColumns': {
    kk: 'Файлда мына бағандар жоқ: {columns}.',
    ru: 'В файле нет столбцов: {columns}.',
    en: 'The file lacks these columns: {columns}.',
  },
  'import.file.unknownColumns': {
    kk: 'Мына бағандар танылмады: {columns}. Тек ЖСН, аты-жөні, электрондық пошта, өңір және мектеп бағандары болуы керек.',
    ru: 'Не распознаны столбцы: {columns}. Должны быть только столбцы ИИН, ФИО, электронная почта, регион и школа.',
    en: 'These columns are not recognised: {columns}. Only IIN, full name, email, region and school columns are allowed.',
  },
  'import.file.duplicateColumns': {
    kk: 'Мына бағандар екі рет берілген: {columns}.',
    ru: 'Эти столбцы указаны дважды: {columns}.',
    en: 'These columns appear twice: {columns}.',
  },
  'import.file.noRows': {
    kk: 'Файлда баған атауларынан басқа жол жоқ.',
    ru: 'В файле нет строк, кроме названий столбцов.',
    en: 'The file has no rows besides the column names.',
  },

  'import.row.quotes': {
    kk: 'Тырнақшалар дұрыс қойылмаған: тырнақша жабылмаған немесе одан кейін артық мәтін бар.',
    ru: 'Неверно расставлены кавычки: кавычка не закрыта или после неё есть лишний текст.',
    en: 'The quotes are wrong: a quote is never closed, or text follows a closing quote.',
  },
  'import.row.fieldCount': {
    kk: 'Жолда {found} мән бар, ал бағандар саны — {expected}.',
    ru: 'В строке значений: {found}, а столбцов: {expected}.',
    en: 'Values in the row: {found}; columns: {expected}.',
  },
  'import.row.iinMissing': { kk: 'ЖСН көрсетілмеген.', ru: 'Не указан ИИН.', en: 'The IIN is missing.' },
  'import.row.fullNameMissing': { kk: 'Аты-жөні көрсетілмеген.', ru: 'Не указаны ФИО.', en: 'The full name is missing.' },
  'import.row.fullNameTooLong': {
    kk: 'Аты-жөні тым ұзын: ең көбі 120 таңба.',
    ru: 'ФИО слишком длинные: не больше 120 символов.',
    en: 'The full name is too long: at most 120 characters.',
  },
  'import.row.emailMissing': { kk: 'Электрондық пошта көрсетілмеген.', ru: 'Не указана электронная почта.', en: 'The email is missing.' },
  'import.row.email': {
    kk: 'Электрондық пошта мекенжайы дұрыс емес: «{value}».',
    ru: 'Неверный адрес электронной почты: «{value}».',
    en: 'The email address is not valid: “{value}”.',
  },
  'import.row.regionMissing': { kk: 'Өңір коды көрсетілмеген.', ru: 'Не указан код региона.', en: 'The region code is missing.' },
  'import.row.region': {
    kk: 'Өңір коды белгісіз: «{value}». KZ-75 сияқты кодты жазыңыз.',
    ru: 'Неизвестный код региона: «{value}». Укажите код вида KZ-75.',
    en: 'Unknown region code “{value}”. Write a code such as KZ-75.',
  },
  'import.row.schoolMissing': { kk: 'Мектеп көрсетілмеген.', ru: 'Не указана школа.', en: 'The school is missing.' },
  'import.row.school': {
    kk: '{region} өңірінде «{value}» мектебі табылмады.',
    ru: 'В регионе {region} не найдена школа «{value}».',
    en: 'No school “{value}” was found in region {region}.',
  },
  'import.row.schoolAmbiguous': {
    kk: '{region} өңірінде «{value}» атауымен бірнеше мектеп бар. Мектеп кодын жазыңыз.',
    ru: 'В регионе {region} несколько школ с названием «{value}». Укажите код школы.',
    en: 'Several schools in region {region} are called “{value}”. Write the school code.',
  },
  'import.row.duplicateIin': {
    kk: 'ЖСН {iin} файлда қайталанады ({other}-жолды қараңыз).',
    ru: 'ИИН {iin} повторяется в файле (см. строку {other}).',
    en: 'IIN {iin} appears more than once in the file (see line {other}).',
  },
  'import.row.duplicateEmail': {
    kk: '{email} поштасы файлда қайталанады ({other}-жолды қараңыз).',
    ru: 'Почта {email} повторяется в файле (см. строку {other}).',
    en: 'The email {email} appears more than once in the file (see line {other}).',
  },
  'import.row.iinTaken': {
    kk: 'ЖСН {iin} басқа электрондық поштамен тіркелген пайдаланушыға тиесілі.',
    ru: 'ИИН {iin} принадлежит пользователю с другой электронной почтой.',
    en: 'IIN {iin} belongs to a user with a different email.',
  },
  'import.row.emailTaken': {
    kk: '{email} поштасы басқа ЖСН-мен тіркелген пайдаланушыға тиесілі.',
    ru: 'Почта {email} принадлежит пользователю с другим ИИН.',
    en: 'The email {email} belongs to a user with a different IIN.',
  },
  'import.row.otherCohort': {
    kk: 'Бұл педагог осы курстың басқа ағынында оқып жатыр немесе курсты аяқтаған.',
    ru: 'Этот педагог уже учится в другом потоке этого курса или окончил курс.',
    en: 'This teacher is already in another cohort of this course, or has completed the course.',
  },
  'import.row.attemptsSpent': {
    kk: 'Бұл педагогтың осы курс тесттеріне әрекеттері таусылған: жаңа ағын жаңа әрекет бермейді. Алдымен тренер немесе әкімші қайта тапсыруға рұқсат берсін.',
    ru: 'У этого педагога исчерпаны попытки по тестам этого курса: новый поток не даёт новых попыток. Сначала тренер или администратор должен разрешить пересдачу.',
    en: "This teacher has used up the attempts at this course's tests: a new cohort gives no fresh attempts. A trainer or an admin must grant a retake first.",
  },
  'import.row.withdrawn': {
    kk: 'Бұл педагог осы ағыннан шығарылған, сондықтан оны импортпен қайта жазу мүмкін емес.',
    ru: 'Этот педагог был отчислен из этого потока, поэтому повторно записать его импортом нельзя.',
    en: 'This teacher was withdrawn from this cohort and cannot be enrolled again by an import.',
  },
  'import.row.full': {
    kk: 'Ағында орын жетпейді: осы жолдан бастап {capacity} орыннан асып кетеді (бос орын: {free}).',
    ru: 'В потоке не хватает мест: с этой строки превышается вместимость {capacity} (свободных мест: {free}).',
    en: 'The cohort is full: from this line on, its capacity ({capacity}) is exceeded (free places: {free}).',
  },

  'import.job.title': { kk: 'Файл импорты', ru: 'Импорт файла', en: 'File import' },
  'import.job.summary': { kk: 'Файл: {file}. Ағын: {cohort}.', ru: 'Файл: {file}. Поток: {cohort}.', en: 'File: {file}. Cohort: {cohort}.' },
  'import.job.progress': { kk: 'Тексерілген жолдар', ru: 'Проверено строк', en: 'Rows checked' },
  'import.job.progressText': plural('total', {
    kk: 'Тексерілді: {processed} / {total} жол ({percent})',
    ru: {
      one: 'Проверено: {processed} из {total} строки ({percent})',
      few: 'Проверено: {processed} из {total} строк ({percent})',
      many: 'Проверено: {processed} из {total} строк ({percent})',
      other: 'Проверено: {processed} из {total} строки ({percent})',
    },
    en: { one: 'Checked {processed} of {total} row ({percent})', other: 'Checked {processed} of {total} rows ({percent})' },
  }),
  'import.job.running': {
    kk: 'Файл тексеріліп жатыр. Бет әр секунд сайын өздігінен жаңарады.',
    ru: 'Файл проверяется. Страница обновляется сама каждую секунду.',
    en: 'The file is being checked. This page refreshes itself every second.',
  },
  'import.job.saving': { kk: 'Тексеру аяқталды, деректер сақталып жатыр…', ru: 'Проверка завершена, данные сохраняются…', en: 'Checking is done; saving…' },
  'import.job.done': { kk: 'Импорт аяқталды.', ru: 'Импорт завершён.', en: 'The import is complete.' },
  'import.job.failed': {
    kk: 'Файлда қателер бар, сондықтан ештеңе сақталмады. Қателерді түзетіп, файлды қайта жүктеңіз.',
    ru: 'В файле есть ошибки, поэтому ничего не сохранено. Исправьте их и загрузите файл снова.',
    en: 'The file has errors, so nothing was saved. Correct them and upload the file again.',
  },
  'import.job.cohortClosed': {
    kk: 'Ағынға жазылу жабылды немесе ағын аяқталды, сондықтан ештеңе сақталмады.',
    ru: 'Запись в поток закрыта или поток завершён, поэтому ничего не сохранено.',
    en: 'The cohort closed or ended, so nothing was saved.',
  },
  'import.job.changed': {
    kk: 'Тексеру кезінде деректер өзгерді (мысалы, біреу дәл осы поштамен тіркелді), сондықтан ештеңе сақталмады. Файлды қайта жүктеңіз.',
    ru: 'Во время проверки данные изменились (например, кто-то зарегистрировался с той же почтой), поэтому ничего не сохранено. Загрузите файл снова.',
    en: 'The data changed during the check (someone registered with the same email, say), so nothing was saved. Upload the file again.',
  },
  'import.job.crashed': {
    kk: 'Импорт күтпеген қатемен тоқтады, ештеңе сақталмады. Біраздан соң қайталап көріңіз.',
    ru: 'Импорт остановился из-за непредвиденной ошибки, ничего не сохранено. Попробуйте ещё раз чуть позже.',
    en: 'The import stopped on an unexpected error; nothing was saved. Try again in a little while.',
  },
  'import.job.interrupted': {
    kk: 'Сервер қайта іске қосылғанда импорт үзілді, ештеңе сақталмады. Файлды қайта жүктеңіз.',
    ru: 'Импорт прервался при перезапуске сервера, ничего не сохранено. Загрузите файл снова.',
    en: 'A server restart interrupted the import; nothing was saved. Upload the file again.',
  },
  'import.job.another': { kk: 'Басқа файлды жүктеу', ru: 'Загрузить другой файл', en: 'Upload another file' },
  'import.result.title': { kk: 'Нәтижесі', ru: 'Итог', en: 'Result' },
  'import.result.usersCreated': { kk: 'Жаңа пайдаланушылар', ru: 'Новые пользователи', en: 'Users created' },
  'import.result.usersFound': { kk: 'Бұрыннан тіркелгендер', ru: 'Уже зарегистрированы', en: 'Users found' },
  'import.result.enrolled': { kk: 'Ағынға жазылды', ru: 'Записаны в поток', en: 'Enrolled' },
  'import.result.alreadyEnrolled': { kk: 'Бұрын жазылған', ru: 'Уже были записаны', en: 'Already enrolled' },
  'import.errors.title': { kk: 'Қателер', ru: 'Ошибки', en: 'Errors' },
  'import.errors.summary': { kk: 'Қатесі бар жолдар: {lines}.', ru: 'Строк с ошибками: {lines}.', en: 'Rows with errors: {lines}.' },
  'import.errors.truncated': plural('total', {
    kk: 'Қателер саны — {total}; алғашқы {shown} қате ғана көрсетілген.',
    ru: {
      one: 'Ошибок всего: {total}; показаны первые {shown}.',
      few: 'Ошибок всего: {total}; показаны первые {shown}.',
      many: 'Ошибок всего: {total}; показаны первые {shown}.',
      other: 'Ошибок всего: {total}; показаны первые {shown}.',
    },
    en: { one: 'Showing the first {shown} of {total} error.', other: 'Showing the first {shown} of {total} errors.' },
  }),
  'import.errors.line': { kk: 'Жол', ru: 'Строка', en: 'Line' },
  'import.errors.reason': { kk: 'Себебі', ru: 'Причина', en: 'Reason' },

  'import.mail.subject': {
    kk: 'Өркен Academy: сіз «{course}» курсына жазылдыңыз',
    ru: 'Өркен Academy: вы записаны на курс «{course}»',
    en: 'Өркен Academy: you are enrolled in “{course}”',
  },
  'import.mail.body': {
    kk: 'Сәлеметсіз бе, {name}!\n\nСіз Өркен Academy платформасындағы «{course}» курсының «{cohort}» ағынына жазылдыңыз. Оқу мерзімі: {starts} – {ends}.\n\nСізге тіркелгі ашылды. Жүйеге кіру үшін құпиясөз орнатыңыз (сілтеме 7 күн жарамды, бір рет қолданылады):\n\n{link}\n\nКейін жүйеге электрондық поштаңызбен немесе ЖСН-іңізбен кіресіз.\n\nӨркен Academy',
    ru: 'Здравствуйте, {name}!\n\nВы записаны в поток «{cohort}» курса «{course}» на платформе Өркен Academy. Сроки обучения: {starts} – {ends}.\n\nДля вас создана учётная запись. Чтобы войти, задайте пароль по ссылке (действует 7 дней, один раз):\n\n{link}\n\nПотом входите по электронной почте или ИИН.\n\nӨркен Academy',
    en: 'Hello {name},\n\nYou are enrolled in the cohort “{cohort}” of the course “{course}” on Өркен Academy, from {starts} to {ends}.\n\nAn account has been opened for you. To log in, set a password with this link (valid for 7 days, once):\n\n{link}\n\nAfterwards, log in with your email or IIN.\n\nӨркен Academy',
  },
})
