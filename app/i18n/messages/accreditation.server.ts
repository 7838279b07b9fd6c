import { defineMessages } from '../locales.ts'

// A course's accreditation facts and the requests that change them: the
// admins' queue, the course settings page, the refusal of a publish.
export const accreditationMessages = defineMessages({
  'admin.nav.accreditation': { kk: 'Аккредиттеу сұраулары', ru: 'Запросы по аккредитации', en: 'Accreditation requests' },

  'accreditation.title': {
    kk: 'Аккредиттеу деректерін өзгерту сұраулары',
    ru: 'Запросы на изменение данных аккредитации',
    en: 'Requests to change accreditation facts',
  },
  'accreditation.explain': {
    kk: 'Сағаттар, бұйрық нөмірі мен күні, аяқтау ережесі, өту балы мен талпыныстар сертификатта не куәландырылатынын анықтайды. Оларды тек сұрауды жібермеген басқа әкімші бекітеді; бекіткенде курстың жаңа нұсқасы жарияланады, бұрынғы оқу топтары өз нұсқасында қалады.',
    ru: 'Часы, номер и дата приказа, правило завершения, проходной балл и попытки определяют, что удостоверяет сертификат. Их утверждает только администратор, который не подавал запрос; при утверждении публикуется новая версия курса, прежние потоки остаются на своей версии.',
    en: 'Hours, the approval number and date, the completion rule, pass marks and attempts decide what a certificate certifies. Only an admin who did not file the request approves them; approval publishes a new version of the course, and existing cohorts keep their version.',
  },
  'accreditation.pending.title': { kk: 'Шешім күтетін сұраулар', ru: 'Запросы, ожидающие решения', en: 'Requests awaiting a decision' },
  'accreditation.pending.empty': { kk: 'Шешім күтетін сұрау жоқ.', ru: 'Нет запросов, ожидающих решения.', en: 'No request is awaiting a decision.' },
  'accreditation.decided.title': { kk: 'Соңғы шешімдер', ru: 'Последние решения', en: 'Latest decisions' },
  'accreditation.requestedBy': { kk: 'Сұраған: {name}, {date}', ru: 'Запросил(а): {name}, {date}', en: 'Requested by {name}, {date}' },
  'accreditation.decidedBy': { kk: 'Шешкен: {name}, {date}', ru: 'Решение: {name}, {date}', en: 'Decided by {name}, {date}' },
  'accreditation.reason': { kk: 'Себебі', ru: 'Обоснование', en: 'Reason' },
  'accreditation.decisionComment': { kk: 'Әкімшінің түсініктемесі', ru: 'Комментарий администратора', en: "Admin's comment" },
  'accreditation.changes': { kk: 'Өзгерістер (бұрын → кейін)', ru: 'Изменения (было → стало)', en: 'Changes (before → after)' },
  'accreditation.comment': { kk: 'Шешімге түсініктеме', ru: 'Комментарий к решению', en: 'Comment on the decision' },
  'accreditation.commentHint': {
    kk: 'Міндетті: негіз болған құжат немесе бас тарту себебі.',
    ru: 'Обязательно: документ-основание или причина отказа.',
    en: 'Required: the document it rests on, or why it is rejected.',
  },
  'accreditation.approve': { kk: 'Бекіту және жаңа нұсқаны жариялау', ru: 'Утвердить и опубликовать новую версию', en: 'Approve and publish a new version' },
  'accreditation.reject': { kk: 'Қабылдамау', ru: 'Отклонить', en: 'Reject' },
  'accreditation.own': {
    kk: 'Бұл сіздің сұрауыңыз: оны басқа әкімші шешеді.',
    ru: 'Это ваш запрос: решение принимает другой администратор.',
    en: 'This is your request: another admin decides it.',
  },
  'accreditation.done.approved': {
    kk: 'Сұрау бекітілді, курстың жаңа нұсқасы жарияланды.',
    ru: 'Запрос утверждён, опубликована новая версия курса.',
    en: 'The request is approved and a new version of the course is published.',
  },
  'accreditation.done.rejected': {
    kk: 'Сұрау қабылданбады; аккредиттеу деректері өзгерген жоқ.',
    ru: 'Запрос отклонён; данные аккредитации не изменились.',
    en: 'The request is rejected; the accreditation facts are unchanged.',
  },
  'accreditation.status.pending': { kk: 'Бекітуді күтуде', ru: 'Ожидает утверждения', en: 'Awaiting approval' },
  'accreditation.status.approved': { kk: 'Бекітілді', ru: 'Утверждён', en: 'Approved' },
  'accreditation.status.rejected': { kk: 'Қабылданбады', ru: 'Отклонён', en: 'Rejected' },
  'accreditation.status.superseded': { kk: 'Жаңа сұраумен ауыстырылды', ru: 'Заменён новым запросом', en: 'Replaced by a newer request' },

  'accreditation.fact.hours': { kk: 'Академиялық сағаттар', ru: 'Академические часы', en: 'Academic hours' },
  'accreditation.fact.approval.number': { kk: 'Бекіту бұйрығының нөмірі', ru: 'Номер приказа об утверждении', en: 'Approval number' },
  'accreditation.fact.approval.date': { kk: 'Бекіту бұйрығының күні', ru: 'Дата приказа об утверждении', en: 'Approval date' },
  'accreditation.fact.completion.module_quizzes': {
    kk: 'Модуль тестерінің ең төменгі балы (аяқтау үшін)',
    ru: 'Минимальный балл модульных тестов (для завершения)',
    en: 'Module quiz mark needed to complete',
  },
  'accreditation.fact.completion.final_exam': { kk: 'Қорытынды емтихан міндетті', ru: 'Итоговый экзамен обязателен', en: 'Final exam required' },
  'accreditation.fact.completion.min_time_share': {
    kk: 'Сабаққа жұмсалатын уақыттың ең аз үлесі',
    ru: 'Минимальная доля времени на урок',
    en: 'Least share of a lesson’s time spent on it',
  },
  'accreditation.fact.order.diagnostic_first': { kk: 'Алдымен кіріс диагностикасы', ru: 'Сначала входная диагностика', en: 'Entry diagnostic first' },
  'accreditation.fact.assessment.module_quiz.pass_mark': { kk: 'Модуль тестінің өту балы', ru: 'Проходной балл модульного теста', en: 'Module quiz pass mark' },
  'accreditation.fact.assessment.module_quiz.attempts': { kk: 'Модуль тестінің талпыныстары', ru: 'Попытки модульного теста', en: 'Module quiz attempts' },
  'accreditation.fact.assessment.final_exam.pass_mark': {
    kk: 'Қорытынды емтиханның өту балы',
    ru: 'Проходной балл итогового экзамена',
    en: 'Final exam pass mark',
  },
  'accreditation.fact.assessment.final_exam.attempts': { kk: 'Қорытынды емтиханның талпыныстары', ru: 'Попытки итогового экзамена', en: 'Final exam attempts' },
  'accreditation.value.yes': { kk: 'иә', ru: 'да', en: 'yes' },
  'accreditation.value.no': { kk: 'жоқ', ru: 'нет', en: 'no' },
  'accreditation.value.none': { kk: '(жоқ)', ru: '(нет)', en: '(none)' },

  'accreditation.settings.title': { kk: 'Аккредиттеу деректері', ru: 'Данные аккредитации', en: 'Accreditation facts' },
  'accreditation.settings.explain': {
    kk: 'Сағаттарды, бұйрықты, аяқтау ережесін, өту балдары мен талпыныстарды өзгертсеңіз, сақтау әкімшіге сұрау жібереді: жоба бекітілген деректерді сақтайды, ал басқа өзгерістерді жариялай беруге болады.',
    ru: 'Если вы меняете часы, приказ, правило завершения, проходные баллы или попытки, сохранение отправляет запрос администратору: черновик сохраняет утверждённые данные, остальные изменения можно публиковать.',
    en: 'If you change the hours, the approval, the completion rule, pass marks or attempts, saving sends a request to an admin: the draft keeps the approved facts, and your other changes can still be published.',
  },
  'accreditation.settings.reason': {
    kk: 'Аккредиттеу деректерін өзгерту себебі',
    ru: 'Обоснование изменения данных аккредитации',
    en: 'Reason for changing the accreditation facts',
  },
  'accreditation.settings.reasonHint': {
    kk: 'Тек аккредиттеу деректерін өзгерткенде қажет: мысалы, министрліктің жаңа бұйрығы.',
    ru: 'Нужно только при изменении данных аккредитации: например, новый приказ министерства.',
    en: 'Needed only when you change accreditation facts: a new ministry order, for example.',
  },
  'accreditation.settings.requested': {
    kk: 'Аккредиттеу деректерінің өзгерісі әкімшіге бекітуге жіберілді. Жоба бекітілген деректерді сақтайды.',
    ru: 'Изменение данных аккредитации отправлено администратору на утверждение. Черновик сохраняет утверждённые данные.',
    en: 'The change to the accreditation facts was sent to an admin for approval. The draft keeps the approved facts.',
  },

  'accreditation.error.reason': {
    kk: 'Аккредиттеу деректері өзгерді: себебін жазыңыз (1000 таңбаға дейін). Ештеңе сақталған жоқ.',
    ru: 'Данные аккредитации изменены: укажите обоснование (до 1000 символов). Ничего не сохранено.',
    en: 'The accreditation facts changed: give a reason (up to 1000 characters). Nothing was saved.',
  },
  'accreditation.error.comment': {
    kk: 'Шешімге түсініктеме жазыңыз (1000 таңбаға дейін).',
    ru: 'Напишите комментарий к решению (до 1000 символов).',
    en: 'Write a comment on the decision (up to 1000 characters).',
  },
  'accreditation.error.notFound': { kk: 'Мұндай сұрау табылмады.', ru: 'Такой запрос не найден.', en: 'No such request.' },
  'accreditation.error.notPending': {
    kk: 'Бұл сұрау шешіліп қойған немесе жаңасымен ауыстырылған.',
    ru: 'Этот запрос уже решён или заменён новым.',
    en: 'This request has already been decided or replaced.',
  },
  'accreditation.error.self': {
    kk: 'Өз сұрауыңызды бекіте немесе қабылдамай алмайсыз: оны басқа әкімші шешуі керек.',
    ru: 'Нельзя утвердить или отклонить собственный запрос: его решает другой администратор.',
    en: 'You cannot decide your own request: another admin must.',
  },
  'accreditation.error.problems': {
    kk: 'Осы деректермен курс тексеруден өтпейді (төменде); ештеңе өзгерген жоқ.',
    ru: 'С этими данными курс не проходит проверку (см. ниже); ничего не изменилось.',
    en: 'With these facts the course fails its checks (below); nothing changed.',
  },
  'accreditation.error.changed': {
    kk: 'Курстың жаңа нұсқасы дәл қазір жарияланды; ештеңе өзгерген жоқ. Қайта бекітіп көріңіз.',
    ru: 'Только что была опубликована новая версия курса; ничего не изменилось. Попробуйте утвердить ещё раз.',
    en: 'A new version of the course was published just now; nothing changed. Try approving again.',
  },
  'authoring.publish.error.facts': {
    kk: 'Жобадағы аккредиттеу деректері бекітілген деректерден өзгеше (төменде). Оларды баптаулар бетінде сұрау арқылы өзгертіңіз; жарияланған нұсқа өзгерген жоқ.',
    ru: 'Данные аккредитации в черновике отличаются от утверждённых (ниже). Измените их запросом на странице настроек; опубликованная версия не изменилась.',
    en: "The draft's accreditation facts differ from the approved ones (below). Change them through a request on the settings page; the published version is unchanged.",
  },
})
