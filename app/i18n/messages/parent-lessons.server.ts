import { defineMessages } from '../locales.ts'

// Parent lessons for everyone, check-in and feedback pages.
export const parentLessonsMessages = defineMessages({
  'parentLessons.title': { kk: 'Ата-аналарға арналған сабақтар', ru: 'Занятия для родителей', en: 'Lessons for parents' },
  'parentLessons.intro': {
    kk: 'Балаңызға қалай қолдау көрсетуге болатыны туралы қысқа сабақтар. Оқу үшін тіркелудің қажеті жоқ.',
    ru: 'Короткие занятия о том, как поддержать своего ребёнка. Читать их можно без регистрации.',
    en: 'Short lessons on supporting your child. You do not need an account to read them.',
  },
  'parentLessons.loginToTrack': {
    kk: 'Қай сабақты оқығаныңызды белгілеп отыру үшін жүйеге кіріңіз',
    ru: 'Войдите, чтобы отмечать прочитанные занятия',
    en: 'Log in to keep track of what you have read',
  },
  'parentLessons.empty': { kk: 'Әзірге сабақтар жоқ.', ru: 'Пока занятий нет.', en: 'There are no lessons yet.' },
  'parentLessons.readCount': { kk: '{total} сабақтың {read} оқылды', ru: 'Прочитано {read} из {total}', en: '{read} of {total} read' },
  'parentLessons.read': { kk: 'Оқылды', ru: 'Прочитано', en: 'Read' },
  'parentLessons.otherLanguage': {
    kk: 'Бұл сабақтар әзірге сіздің тіліңізде жоқ, мәтін тілі: {lang}.',
    ru: 'Этих занятий пока нет на вашем языке, текст на языке: {lang}.',
    en: 'These lessons are not yet in your language; the text is in {lang}.',
  },
  'parentLessons.lessons': { kk: 'Сабақтар', ru: 'Занятия', en: 'Lessons' },
  'parentLessons.all': { kk: 'Барлық сабақтар', ru: 'Все занятия', en: 'All lessons' },
  'parentLessons.pager': { kk: 'Сабақтар бойынша өту', ru: 'Переход между занятиями', en: 'Between lessons' },
  'parentLessons.markRead': { kk: 'Оқыдым деп белгілеу', ru: 'Отметить как прочитанное', en: 'Mark as read' },
  'parentLessons.isRead': { kk: 'Бұл сабақты оқығаныңыз белгіленді.', ru: 'Это занятие отмечено как прочитанное.', en: 'You have marked this lesson as read.' },
  'parentLessons.checkinLink': {
    kk: 'Орталықтағы сабаққа келдіңіз бе? Кодпен тіркеліңіз',
    ru: 'Пришли на занятие в центре? Отметьтесь по коду',
    en: 'At a session in a centre? Check in with its code',
  },

  'checkin.title': { kk: 'Сабаққа тіркелу', ru: 'Отметка на занятии', en: 'Check in to a session' },
  'checkin.enterCode': {
    kk: 'Сабақ кодын енгізіңіз. Оны сабақты жүргізуші береді немесе QR-кодтың астында жазылған.',
    ru: 'Введите код занятия. Его сообщает ведущий, он же написан под QR-кодом.',
    en: 'Enter the session code. The session leader gives it to you; it is also written under the QR code.',
  },
  'checkin.code': { kk: 'Сабақ коды', ru: 'Код занятия', en: 'Session code' },
  'checkin.codeHint': {
    kk: '6 таңба. Бос орын мен әріп өлшемі маңызды емес.',
    ru: '6 символов. Пробелы и регистр букв не важны.',
    en: '6 characters. Spaces and letter case do not matter.',
  },
  'checkin.codeEmpty': { kk: 'Кодты енгізіңіз.', ru: 'Введите код.', en: 'Enter the code.' },
  'checkin.go': { kk: 'Жалғастыру', ru: 'Продолжить', en: 'Continue' },
  'checkin.tryAgain': { kk: 'Кодты қайта енгізу', ru: 'Ввести код ещё раз', en: 'Type the code again' },
  'checkin.unknown.title': { kk: 'Сабақ табылмады', ru: 'Занятие не найдено', en: 'Session not found' },
  'checkin.closed.title': { kk: 'Тіркелу жабық', ru: 'Отметка закрыта', en: 'Check-in is closed' },
  'checkin.school': { kk: 'Мектеп', ru: 'Школа', en: 'School' },
  'checkin.lesson': { kk: 'Сабақ', ru: 'Занятие', en: 'Lesson' },
  'checkin.date': { kk: 'Күні', ru: 'Дата', en: 'Date' },
  'checkin.intro': {
    kk: 'Сабаққа келгеніңізді белгілеңіз. Аты-жөніңізді және телефоныңызды жазу міндетті емес.',
    ru: 'Отметьте, что вы пришли на занятие. Имя и телефон указывать не обязательно.',
    en: 'Let the centre know you came. Your name and phone number are optional.',
  },
  'checkin.name': { kk: 'Аты-жөніңіз (міндетті емес)', ru: 'Ваше имя (необязательно)', en: 'Your name (optional)' },
  'checkin.phone': { kk: 'Телефон нөміріңіз (міндетті емес)', ru: 'Ваш номер телефона (необязательно)', en: 'Your phone number (optional)' },
  'checkin.phoneHint': { kk: 'Мысалы: +7 701 123 45 67', ru: 'Например: +7 701 123 45 67', en: 'For example: +7 701 123 45 67' },
  'checkin.linked': {
    kk: 'Сіз {name} ретінде кірдіңіз: белгі сіздің аккаунтыңызда сақталады.',
    ru: 'Вы вошли как {name}: отметка сохранится в вашем аккаунте.',
    en: 'You are logged in as {name}: the check-in is kept in your account.',
  },
  'checkin.loginHint': {
    kk: 'Аккаунтыңыз бар ма? Белгіні оған сақтау үшін кіріңіз',
    ru: 'Есть аккаунт? Войдите, чтобы сохранить отметку в нём',
    en: 'Have an account? Log in to keep the check-in in it',
  },
  'checkin.submit': { kk: 'Мен осындамын', ru: 'Я здесь', en: 'I am here' },
  'checkin.rateLimited': {
    kk: 'Бұл желіден тым көп тіркелу жасалды. {minutes} минуттан кейін қайталап көріңіз.',
    ru: 'С этого адреса было слишком много отметок. Попробуйте снова через {minutes} мин.',
    en: 'Too many check-ins came from this address. Try again in {minutes} min.',
  },
  'checkin.limited.title': { kk: 'Тым көп әрекет', ru: 'Слишком много попыток', en: 'Too many attempts' },
  'checkin.limited.address': {
    kk: 'Бұл желіден кодтар тым көп тексерілді. {minutes} минуттан кейін қайталап көріңіз.',
    ru: 'С этого адреса проверено слишком много кодов. Попробуйте снова через {minutes} мин.',
    en: 'Too many codes were tried from this address. Try again in {minutes} min.',
  },
  'checkin.limited.site': {
    kk: 'Кодтарды тексеру уақытша тоқтатылды. {minutes} минуттан кейін қайталап көріңіз.',
    ru: 'Проверка кодов временно приостановлена. Попробуйте снова через {minutes} мин.',
    en: 'Checking codes is paused for a while. Try again in {minutes} min.',
  },
  'checkin.limited.note': {
    kk: 'Сабаққа келгеніңізді орталық бәрібір есепке алады: қатысушылар санын сабақты өткізген маман жазады.',
    ru: 'Центр всё равно учтёт, что вы пришли: число участников записывает ведущий занятия.',
    en: 'The centre still counts you as present: the session’s leader records how many came.',
  },
  'checkin.thanks.title': { kk: 'Рақмет! Сіз тіркелдіңіз', ru: 'Спасибо! Вы отмечены', en: 'Thank you! You are checked in' },
  'checkin.thanks.text': { kk: 'Сабаққа келгеніңізге қуаныштымыз.', ru: 'Мы рады, что вы пришли на занятие.', en: 'We are glad you came to the session.' },
  'checkin.readLesson': { kk: 'Осы сабақтың мәтінін оқу', ru: 'Прочитать текст этого занятия', en: 'Read this lesson' },
  'checkin.feedback.optional': {
    kk: 'Қаласаңыз, сабақ туралы екі қысқа сұраққа жауап беріңіз. Бұл міндетті емес.',
    ru: 'Если хотите, ответьте на два коротких вопроса о занятии. Это необязательно.',
    en: 'If you like, answer two short questions about the session. It is optional.',
  },
  'checkin.feedback.thanks': { kk: 'Пікіріңізге рақмет!', ru: 'Спасибо за отзыв!', en: 'Thank you for your feedback!' },
  'checkin.feedback.already': {
    kk: 'Бұл тіркелу бойынша пікір жіберіліп қойған.',
    ru: 'Отзыв по этой отметке уже отправлен.',
    en: 'Feedback for this check-in has already been sent.',
  },
  'checkin.feedback.expired': {
    kk: 'Бұл сабақ туралы пікір қалдыру уақыты өтіп кетті.',
    ru: 'Время для отзыва об этом занятии истекло.',
    en: 'The time to give feedback on this session has passed.',
  },
})
