import { defineMessages } from '../locales.ts'

// Wellbeing events (children's rights and wellbeing) and the teachers who took part.
// Staff-only words (see catalog.server.ts): the pages bring them in their loader data.
// The IIN list's line problems shared with post-course support keep their support.* keys.
export const eventsMessages = defineMessages({
  'admin.nav.events': { kk: 'Іс-шаралар', ru: 'Мероприятия', en: 'Events' },
  'events.title': {
    kk: 'Бала құқықтары мен әл-ауқаты жөніндегі іс-шаралар',
    ru: 'Мероприятия по правам и благополучию детей',
    en: 'Children’s rights and wellbeing events',
  },
  'events.intro': {
    kk: 'Институттың балалардың құқықтарын қорғау және әл-ауқатын қамтамасыз ету жөніндегі семинарлары, тренингтері, конференциялары, вебинарлары мен науқандары және оларға қатысқан педагогтер. Көрсеткіште әр педагог бір рет, алғашқы іс-шарасының күнімен есептеледі.',
    ru: 'Семинары, тренинги, конференции, вебинары и акции института по защите прав и благополучию детей и педагоги, которые в них участвовали. В показателе каждый педагог учитывается один раз — по дате первого мероприятия.',
    en: 'The institute’s seminars, trainings, conferences, webinars and campaigns on children’s rights and wellbeing, and the teachers who took part. The indicator counts each teacher once, on the date of their first event.',
  },
  'events.kind.seminar': { kk: 'Семинар', ru: 'Семинар', en: 'Seminar' },
  'events.kind.training': { kk: 'Тренинг', ru: 'Тренинг', en: 'Training' },
  'events.kind.conference': { kk: 'Конференция', ru: 'Конференция', en: 'Conference' },
  'events.kind.webinar': { kk: 'Вебинар', ru: 'Вебинар', en: 'Webinar' },
  'events.kind.campaign': { kk: 'Науқан', ru: 'Акция', en: 'Campaign' },

  'events.field.title': { kk: 'Атауы', ru: 'Название', en: 'Title' },
  'events.field.kind': { kk: 'Іс-шара түрі', ru: 'Вид мероприятия', en: 'Kind of event' },
  'events.field.chooseKind': { kk: 'Түрін таңдаңыз', ru: 'Выберите вид', en: 'Choose the kind' },
  'events.field.heldOn': { kk: 'Өткізілген күні', ru: 'Дата проведения', en: 'Date held' },
  'events.field.region': { kk: 'Өңір', ru: 'Регион', en: 'Region' },
  'events.field.chooseRegion': { kk: 'Өңірді таңдаңыз', ru: 'Выберите регион', en: 'Choose the region' },
  'events.field.nationalOption': { kk: 'Республикалық (өңірсіз)', ru: 'Республиканское (без региона)', en: 'National (no region)' },
  'events.field.national': { kk: 'Республикалық', ru: 'Республиканское', en: 'National' },
  'events.field.notes': { kk: 'Ескертпелер', ru: 'Заметки', en: 'Notes' },
  'events.field.organiser': { kk: 'Тіркеген', ru: 'Кто записал', en: 'Recorded by' },
  'events.field.recordedAt': { kk: 'Тіркелген уақыты', ru: 'Когда записано', en: 'Recorded at' },
  'events.field.participants': { kk: 'Қатысушылар', ru: 'Участники', en: 'Participants' },
  'events.field.fullName': { kk: 'Аты-жөні', ru: 'ФИО', en: 'Full name' },
  'events.field.iin': { kk: 'ЖСН', ru: 'ИИН', en: 'IIN' },
  'events.field.school': { kk: 'Мектеп', ru: 'Школа', en: 'School' },
  'events.field.iins': { kk: 'Қатысушылардың ЖСН тізімі', ru: 'Список ИИН участников', en: 'Participants’ IINs' },
  'events.field.iinsHelp': {
    kk: 'Әр жолға бір ЖСН немесе CSV мәтіні («ЖСН» бағаны бар). Тек педагогтерді қосуға болады; қайталанған ЖСН бір рет есептеледі. Бір жол қате болса, ештеңе жазылмайды.',
    ru: 'По одному ИИН в строке или текст CSV (со столбцом «ИИН»). Добавить можно только педагогов; повторы учитываются один раз. Если хоть одна строка неверна, ничего не записывается.',
    en: 'One IIN a line, or CSV text (with an “IIN” column). Only teachers can be added; repeated IINs count once. If any line is wrong, nothing is recorded.',
  },
  'events.field.iinsRegionHelp': {
    kk: 'Сіз тек өз өңіріңіздің педагогтерін қоса аласыз.',
    ru: 'Вы можете добавить только педагогов своего региона.',
    en: 'You can add only teachers of your region.',
  },
  'events.field.iinFile': { kk: 'ЖСН тізімі бар файл', ru: 'Файл со списком ИИН', en: 'A file with IINs' },
  'events.field.iinFileHelp': {
    kk: 'CSV немесе мәтіндік файл (UTF-8 не Windows-1251), ең көбі 512 КБ. Оның қателері жол нөмірімен көрсетіледі.',
    ru: 'CSV или текстовый файл (UTF-8 или Windows-1251), не больше 512 КБ. Ошибки в нём показываются с номером строки.',
    en: 'A CSV or text file (UTF-8 or Windows-1251), at most 512 KB. Its errors are shown with their line numbers.',
  },
  'events.none': { kk: 'жоқ', ru: 'нет', en: 'none' },

  'events.list.new': { kk: 'Іс-шараны тіркеу', ru: 'Записать мероприятие', en: 'Record an event' },
  'events.list.empty': { kk: 'Іс-шаралар әлі тіркелмеген.', ru: 'Мероприятий пока не записано.', en: 'No event has been recorded yet.' },
  'events.list.noMatch': { kk: 'Сүзгіге сай іс-шара жоқ.', ru: 'Нет мероприятий, подходящих под фильтр.', en: 'No event matches the filter.' },
  'events.list.pages': { kk: 'Іс-шаралар тізімінің беттері', ru: 'Страницы списка мероприятий', en: 'Pages of the list of events' },
  'events.filter.label': { kk: 'Іс-шараларды сүзу', ru: 'Фильтр мероприятий', en: 'Filter events' },
  'events.filter.year': { kk: 'Жыл', ru: 'Год', en: 'Year' },
  'events.filter.allYears': { kk: 'Барлық жылдар', ru: 'Все годы', en: 'All years' },
  'events.filter.allKinds': { kk: 'Барлық түрлері', ru: 'Все виды', en: 'All kinds' },
  'events.filter.apply': { kk: 'Көрсету', ru: 'Показать', en: 'Show' },
  'events.filter.reset': { kk: 'Сүзгіні тазарту', ru: 'Сбросить фильтр', en: 'Clear the filter' },

  'events.new.title': { kk: 'Іс-шараны тіркеу', ru: 'Запись мероприятия', en: 'Record an event' },
  'events.new.intro': {
    kk: 'Іс-шараның мәліметтерін және қатысқан педагогтердің ЖСН-ін енгізіңіз: тізіммен немесе файлмен.',
    ru: 'Укажите сведения о мероприятии и ИИН участвовавших педагогов: списком или файлом.',
    en: 'Give the event’s details and the IINs of the teachers who took part, as a list or a file.',
  },
  'events.new.details': { kk: 'Іс-шара туралы', ru: 'О мероприятии', en: 'About the event' },
  'events.new.participants': { kk: 'Қатысқан педагогтер', ru: 'Участвовавшие педагоги', en: 'Teachers who took part' },
  'events.new.submit': { kk: 'Іс-шараны тіркеу', ru: 'Записать мероприятие', en: 'Record the event' },

  'events.error.kind': { kk: 'Іс-шара түрін тізімнен таңдаңыз.', ru: 'Выберите вид мероприятия из списка.', en: 'Choose the kind of event from the list.' },
  'events.error.futureDate': {
    kk: 'Өткізілген күн болашақта бола алмайды.',
    ru: 'Дата проведения не может быть в будущем.',
    en: 'The date held cannot be in the future.',
  },
  'events.error.regionRequired': {
    kk: 'Өңірді таңдаңыз: сіз өз өңіріңіздің іс-шараларын тіркейсіз.',
    ru: 'Выберите регион: вы записываете мероприятия своего региона.',
    en: 'Choose the region: you record the events of your own region.',
  },
  'events.error.regionNotYours': {
    kk: 'Бұл өңір үшін іс-шара тіркеуге құқығыңыз жоқ.',
    ru: 'У вас нет права записывать мероприятия этого региона.',
    en: 'You may not record events for this region.',
  },
  'events.error.noSuchRegion': { kk: 'Өңірді тізімнен таңдаңыз.', ru: 'Выберите регион из списка.', en: 'Choose a region from the list.' },
  'events.error.noParticipants': {
    kk: 'Қатысқан педагогтердің ЖСН-ін беріңіз: тізіммен немесе файлмен.',
    ru: 'Укажите ИИН участвовавших педагогов: списком или файлом.',
    en: 'Give the IINs of the teachers who took part, as a list or a file.',
  },
  'events.iin.notTeacher': {
    kk: '{line}-жол: {value} ЖСН иесі педагог емес.',
    ru: 'Строка {line}: владелец ИИН {value} — не педагог.',
    en: 'Line {line}: the holder of IIN {value} is not a teacher.',
  },
  'events.iin.inactive': {
    kk: '{line}-жол: {value} ЖСН иесінің есептік жазбасы өшірілген.',
    ru: 'Строка {line}: учётная запись владельца ИИН {value} отключена.',
    en: 'Line {line}: the account of the holder of IIN {value} is deactivated.',
  },
  'events.iin.otherRegion': {
    kk: '{line}-жол: {value} ЖСН иесі сіздің өңіріңіздің педагогі емес.',
    ru: 'Строка {line}: владелец ИИН {value} — не педагог вашего региона.',
    en: 'Line {line}: the holder of IIN {value} is not a teacher of your region.',
  },

  'events.detail.recorded': { kk: 'Іс-шара тіркелді.', ru: 'Мероприятие записано.', en: 'The event has been recorded.' },
  'events.detail.participants': { kk: 'Қатысушылар ({count})', ru: 'Участники ({count})', en: 'Participants ({count})' },
  'events.detail.iinMasked': {
    kk: 'ЖСН-нің соңғы төрт цифры ғана көрсетіледі.',
    ru: 'Из ИИН показаны только последние четыре цифры.',
    en: 'Only the last four digits of each IIN are shown.',
  },
  'events.detail.iinEnding': { kk: 'соңғы төрт цифры', ru: 'последние четыре цифры', en: 'ending in' },
  'events.detail.noNotes': { kk: 'Ескертпе жоқ', ru: 'Заметок нет', en: 'No notes' },
  'events.detail.back': { kk: 'Барлық іс-шаралар', ru: 'Все мероприятия', en: 'All events' },
})
