import { defineMessages, plural } from '../locales.ts'

// What each enrolment state says is next (app/modules/courses/next-step.ts):
// `nextStep.<kind>` is the sentence, `nextStep.<kind>.link` its link's text.
// Counts are shown as "attempts left: 2", so no noun needs a plural form.
export const nextStepsMessages = defineMessages({
  'nextStep.heading': { kk: 'Келесі қадам', ru: 'Следующий шаг', en: 'Next step' },
  'nextStep.notStarted': {
    kk: 'Курс {date} басталады. Оған дейін бірінші сабақпен танысуға болады.',
    ru: 'Курс начинается {date}. До этого можно познакомиться с первым уроком.',
    en: 'The course starts on {date}. Until then you can look at the first lesson.',
  },
  'nextStep.notStarted.link': { kk: 'Бірінші сабақ', ru: 'Первый урок', en: 'First lesson' },
  'nextStep.diagnostic': {
    kk: 'Алдымен диагностикалық тестті тапсырыңыз: «{lesson}».',
    ru: 'Сначала пройдите диагностический тест: «{lesson}».',
    en: 'First take the diagnostic test: “{lesson}”.',
  },
  'nextStep.diagnostic.link': { kk: 'Тестке өту', ru: 'Перейти к тесту', en: 'Go to the test' },
  'nextStep.start': {
    kk: 'Бірінші сабақтан бастаңыз: «{lesson}».',
    ru: 'Начните с первого урока: «{lesson}».',
    en: 'Start with the first lesson: “{lesson}”.',
  },
  'nextStep.start.link': { kk: 'Бастау', ru: 'Начать', en: 'Start' },
  'nextStep.lesson': { kk: 'Келесі сабақ: «{lesson}».', ru: 'Следующий урок: «{lesson}».', en: 'Next lesson: “{lesson}”.' },
  'nextStep.lesson.link': { kk: 'Жалғастыру', ru: 'Продолжить', en: 'Continue' },
  'nextStep.moduleTest': {
    kk: '«{lesson}» сабағындағы модуль тестінен өтіңіз: ең жақсы нәтиже {score}%, қалған әрекет: {count}.',
    ru: 'Сдайте тест модуля в уроке «{lesson}»: лучший результат {score}%, осталось попыток: {count}.',
    en: 'Pass the module test in “{lesson}”: best score {score}%, attempts left: {count}.',
  },
  'nextStep.moduleTest.link': { kk: 'Тестке өту', ru: 'Перейти к тесту', en: 'Go to the test' },
  'nextStep.finalTest': {
    kk: 'Қорытынды тестті тапсырыңыз. Әрекет саны: {count}.',
    ru: 'Сдайте итоговый тест. Попыток: {count}.',
    en: 'Take the final test. Attempts: {count}.',
  },
  'nextStep.finalTest.link': { kk: 'Қорытынды тест', ru: 'Итоговый тест', en: 'Final test' },
  'nextStep.finalRetry': {
    kk: 'Қорытынды тест әлі тапсырылған жоқ: ең жақсы нәтиже {score}%, қалған әрекет: {count}. Сертификат алу үшін оны қайта тапсырыңыз.',
    ru: 'Итоговый тест ещё не сдан: лучший результат {score}%, осталось попыток: {count}. Чтобы получить сертификат, сдайте его ещё раз.',
    en: 'The final test is not passed yet: best score {score}%, attempts left: {count}. Take it again to earn the certificate.',
  },
  'nextStep.finalRetry.link': { kk: 'Қайта тапсыру', ru: 'Сдать ещё раз', en: 'Take it again' },
  'nextStep.endSurvey': {
    kk: 'Сабақтар аяқталды. Курс соңындағы сауалнамаға жауап беріңіз.',
    ru: 'Уроки пройдены. Ответьте на анкету в конце курса.',
    en: 'The lessons are done. Answer the end-of-course survey.',
  },
  'nextStep.endSurvey.link': { kk: 'Сауалнамаға өту', ru: 'Открыть анкету', en: 'Open the survey' },
  'nextStep.activities': {
    kk: 'Сабақтар аяқталды. Курс жоспарының қалған сабақтарына қатысыңыз: тренер оларды белгілейді. Қалғаны: {count}.',
    ru: 'Уроки пройдены. Посетите оставшиеся занятия плана курса: их отмечает тренер. Осталось: {count}.',
    en: 'The lessons are done. Attend the course plan’s remaining activities: your trainer records them. Left: {count}.',
  },
  'nextStep.activities.link': { kk: 'Курс жоспары', ru: 'План курса', en: 'Course plan' },
  'nextStep.awaitingResult': {
    kk: 'Бәрі орындалды: нәтиже жақында шығады. Сұрағыңыз болса, тренерге хабарласыңыз.',
    ru: 'Всё выполнено: результат скоро появится. Если есть вопросы, свяжитесь с тренером.',
    en: 'Everything is done: the result will appear shortly. If you have a question, contact your trainer.',
  },
  'nextStep.awaitingResult.link': { kk: 'Курс беті', ru: 'Страница курса', en: 'Course page' },
  'nextStep.cohortEnded': {
    kk: 'Курс {date} аяқталды, ал сіз оны тапсырған жоқсыз. Келесі топта жалғастыру үшін тренеріңізге хабарласыңыз.',
    ru: 'Курс закончился {date}, а вы его не сдали. Чтобы продолжить в следующем потоке, свяжитесь с тренером.',
    en: 'The course ended on {date} without a pass. Contact your trainer to continue in the next cohort.',
  },
  'nextStep.cohortEnded.link': { kk: 'Курс беті', ru: 'Страница курса', en: 'Course page' },
  'nextStep.certificate': {
    kk: 'Құттықтаймыз! Курс толық аяқталды. Аяқталған күні: {date}. Сертификатыңыз дайын.',
    ru: 'Поздравляем! Курс полностью пройден {date}. Ваш сертификат готов.',
    en: 'Congratulations! You completed the course on {date}. Your certificate is ready.',
  },
  'nextStep.certificate.link': { kk: 'Сертификаттарым', ru: 'Мои сертификаты', en: 'My certificates' },
  'nextStep.certificateRevoked': {
    kk: 'Сертификатыңыздың күші жойылды. Себебін білу үшін тренерге хабарласыңыз.',
    ru: 'Ваш сертификат отозван. Чтобы узнать причину, свяжитесь с тренером.',
    en: 'Your certificate was revoked. Contact your trainer to learn why.',
  },
  'nextStep.certificateRevoked.link': { kk: 'Сертификаттарым', ru: 'Мои сертификаты', en: 'My certificates' },
  'nextStep.documentPending': {
    kk: 'Курс {date} сәтті аяқталды. Сертификат дайындалып жатыр: бұл бетке кейінірек қайта кіріңіз.',
    ru: 'Курс успешно завершён {date}. Сертификат готовится: загляните сюда позже.',
    en: 'You completed the course on {date}. The certificate is being prepared: come back later.',
  },
  'nextStep.documentPending.link': { kk: 'Сертификаттарым', ru: 'Мои сертификаты', en: 'My certificates' },
  'nextStep.notPassed': {
    kk: 'Курс {date} аяқталды: міндетті тесттің әрекеттері таусылды, сондықтан тыңдаушы анықтамасы берілді. Қайта тапсыру үшін тренерге хабарласыңыз.',
    ru: 'Курс закончился {date}: попытки обязательного теста исчерпаны, поэтому выдана справка об участии. Чтобы пересдать, свяжитесь с тренером.',
    en: 'The course ended on {date}: the attempts at a required test are used up, so you have a statement of attendance. Contact your trainer about a retake.',
  },
  'nextStep.notPassed.link': { kk: 'Сертификаттарым', ru: 'Мои сертификаты', en: 'My certificates' },
  'nextStep.enrolAgain': {
    kk: 'Тренер қайта тапсыруға рұқсат берді: келесі топқа жазылыңыз.',
    ru: 'Тренер разрешил пересдачу: запишитесь в следующий поток.',
    en: 'Your trainer granted a retake: enrol in the next cohort.',
  },
  'nextStep.enrolAgain.link': { kk: 'Топ таңдау', ru: 'Выбрать поток', en: 'Choose a cohort' },
  'nextStep.withdrawn': {
    kk: 'Сіз бұл курс тобынан шығарылдыңыз. Курсты оқу үшін келесі топқа жазылыңыз.',
    ru: 'Вы исключены из потока этого курса. Чтобы пройти курс, запишитесь в следующий поток.',
    en: 'You were withdrawn from this course’s cohort. To take the course, enrol in the next cohort.',
  },
  'nextStep.withdrawn.link': { kk: 'Топ таңдау', ru: 'Выбрать поток', en: 'Choose a cohort' },
  'certificates.pending.title': {
    kk: 'Әлі құжаты жоқ курстар: не қалды',
    ru: 'Курсы без документа: что осталось',
    en: 'Courses without a document yet: what is missing',
  },
  'nextStep.passwordChanged': {
    kk: 'Құпиясөзіңіз өзгертілді. Жаңа құпиясөзбен кіріңіз.',
    ru: 'Пароль изменён. Войдите с новым паролем.',
    en: 'Your password was changed; log in with the new one.',
  },
  'catalogue.search': { kk: 'Курс іздеу', ru: 'Поиск курса', en: 'Search courses' },
  'catalogue.search.count': {
    kk: '«{query}» бойынша табылған курстар: {count}',
    ru: 'Найдено курсов по запросу «{query}»: {count}',
    en: 'Courses matching “{query}”: {count}',
  },
  'catalogue.search.none': {
    kk: '«{query}» сөзіне сай курс табылмады. Басқа сөзбен іздеп көріңіз немесе сүзгілерді өзгертіңіз.',
    ru: 'По запросу «{query}» курсов не найдено. Попробуйте другое слово или измените фильтры.',
    en: 'No courses match “{query}”. Try another word or change the filters.',
  },
  'catalogue.search.tooLong': plural('max', {
    kk: 'Іздеу мәтіні тым ұзын: {max} таңбадан аспауы керек.',
    ru: {
      one: 'Текст поиска слишком длинный: не больше {max} символа.',
      few: 'Текст поиска слишком длинный: не больше {max} символов.',
      many: 'Текст поиска слишком длинный: не больше {max} символов.',
      other: 'Текст поиска слишком длинный: не больше {max} символа.',
    },
    en: { one: 'The search text is too long: at most {max} character.', other: 'The search text is too long: at most {max} characters.' },
  }),
  'calendar.add': { kk: 'Күнтізбеге қосу (.ics)', ru: 'Добавить в календарь (.ics)', en: 'Add to calendar (.ics)' },
  'calendar.name': { kk: '{course}: оқу күндері', ru: '{course}: даты обучения', en: '{course}: study dates' },
  'calendar.cohort': { kk: '{course} ({cohort})', ru: '{course} ({cohort})', en: '{course} ({cohort})' },
  'calendar.cohort.description': {
    kk: '«{course}» курсы бойынша оқу топтың бірінші күнінен соңғы күніне дейін. Курс беті: {url}',
    ru: 'Обучение по курсу «{course}» с первого по последний день потока. Страница курса: {url}',
    en: 'Studying “{course}” from the cohort’s first day to its last. Course page: {url}',
  },
  'calendar.final': {
    kk: 'Қорытынды тесттің соңғы күні: {course}',
    ru: 'Последний день итогового теста: {course}',
    en: 'Last day for the final test: {course}',
  },
  'calendar.final.description': {
    kk: '«{course}» курсының қорытынды тестін осы күннің соңына дейін тапсырыңыз. Курс беті: {url}',
    ru: 'Сдайте итоговый тест курса «{course}» до конца этого дня. Страница курса: {url}',
    en: 'Pass the final test of “{course}” by the end of this day. Course page: {url}',
  },
  'calendar.session': { kk: '{kind}: {title} ({course})', ru: '{kind}: {title} ({course})', en: '{kind}: {title} ({course})' },
})
