import { defineMessages, plural } from '../locales.ts'

// Keys start with 'delivery.'.
export const deliveryMessages = defineMessages({
  'delivery.certificate.subject': {
    kk: 'Өркен Academy: «{course}» курсы бойынша сертификатыңыз дайын',
    ru: 'Өркен Academy: ваш сертификат по курсу «{course}» готов',
    en: 'Өркен Academy: your certificate for “{course}” is ready',
  },
  'delivery.certificate.body': {
    kk: 'Сәлеметсіз бе, {name}!\n\n«{course}» курсын аяқтағаныңызбен құттықтаймыз. Сізге № {number} сертификат берілді.\n\nСертификатты жеке кабинетіңізден жүктеп алуға болады. Оның түпнұсқалығын кез келген адам мына сілтеме арқылы тексере алады:\n{link}\n\nӨркен Academy',
    ru: 'Здравствуйте, {name}!\n\nПоздравляем с окончанием курса «{course}». Вам выдан сертификат № {number}.\n\nСертификат можно скачать в личном кабинете. Его подлинность любой может проверить по ссылке:\n{link}\n\nӨркен Academy',
    en: 'Hello {name},\n\nCongratulations on completing “{course}”. You have been issued certificate No. {number}.\n\nYou can download it from your account. Anyone can check that it is genuine at:\n{link}\n\nӨркен Academy',
  },
  'delivery.attendance.subject': {
    kk: 'Өркен Academy: «{course}» курсына қатысқаныңыз туралы анықтама',
    ru: 'Өркен Academy: справка об участии в курсе «{course}»',
    en: 'Өркен Academy: your attendance statement for “{course}”',
  },
  'delivery.attendance.body': {
    kk: 'Сәлеметсіз бе, {name}!\n\n«{course}» курсына қатысқаныңыз туралы № {number} анықтама берілді.\n\nАнықтаманы жеке кабинетіңізден жүктеп алуға болады. Оның түпнұсқалығын кез келген адам мына сілтеме арқылы тексере алады:\n{link}\n\nӨркен Academy',
    ru: 'Здравствуйте, {name}!\n\nВам выдана справка № {number} об участии в курсе «{course}».\n\nСправку можно скачать в личном кабинете. Её подлинность любой может проверить по ссылке:\n{link}\n\nӨркен Academy',
    en: 'Hello {name},\n\nYou have been issued statement No. {number} of your attendance of “{course}”.\n\nYou can download it from your account. Anyone can check that it is genuine at:\n{link}\n\nӨркен Academy',
  },

  'delivery.outbox.progress': { kk: 'Жіберу барысы', ru: 'Ход отправки', en: 'Progress' },
  'delivery.outbox.summary': plural('rate', {
    kk: 'Соңғы сағатта жіберілгені: {sent}. Жылдамдық: минутына {rate} хат.',
    ru: {
      one: 'Отправлено за последний час: {sent}. Скорость: {rate} письмо в минуту.',
      few: 'Отправлено за последний час: {sent}. Скорость: {rate} письма в минуту.',
      many: 'Отправлено за последний час: {sent}. Скорость: {rate} писем в минуту.',
      other: 'Отправлено за последний час: {sent}. Скорость: {rate} письма в минуту.',
    },
    en: { one: 'Sent in the last hour: {sent}. Rate: {rate} a minute.', other: 'Sent in the last hour: {sent}. Rate: {rate} a minute.' },
  }),
  'delivery.outbox.eta': plural('waiting', {
    kk: 'Кезекте {waiting} хат: шамамен {minutes} минутта жіберіліп бітеді.',
    ru: {
      one: 'В очереди {waiting} письмо: отправка займёт около {minutes} мин.',
      few: 'В очереди {waiting} письма: отправка займёт около {minutes} мин.',
      many: 'В очереди {waiting} писем: отправка займёт около {minutes} мин.',
      other: 'В очереди {waiting} письма: отправка займёт около {minutes} мин.',
    },
    en: { one: '{waiting} waiting: the queue empties in about {minutes} min.', other: '{waiting} waiting: the queue empties in about {minutes} min.' },
  }),
  'delivery.outbox.sending': { kk: 'Жіберілуде', ru: 'Отправляется', en: 'Sending' },
  'delivery.outbox.idle': { kk: 'Кезекте хат жоқ.', ru: 'Очередь пуста.', en: 'Nothing is waiting.' },
  'delivery.outbox.kindLine': plural('total', {
    kk: '{kind}: {total} хат — {sent} жіберілді, {waiting} кезекте',
    ru: {
      one: '{kind}: {total} письмо — {sent} отправлено, {waiting} в очереди',
      few: '{kind}: {total} письма — {sent} отправлено, {waiting} в очереди',
      many: '{kind}: {total} писем — {sent} отправлено, {waiting} в очереди',
      other: '{kind}: {total} письма — {sent} отправлено, {waiting} в очереди',
    },
    en: { one: '{kind}: {total} — {sent} sent, {waiting} waiting', other: '{kind}: {total} — {sent} sent, {waiting} waiting' },
  }),
  'delivery.outbox.kindEta': plural('rate', {
    kk: 'минутына {rate} хатпен шамамен {minutes} мин',
    ru: {
      one: 'около {minutes} мин при {rate} письме в минуту',
      few: 'около {minutes} мин при {rate} письмах в минуту',
      many: 'около {minutes} мин при {rate} письмах в минуту',
      other: 'около {minutes} мин при {rate} письмах в минуту',
    },
    en: { one: 'about {minutes} min at {rate} a minute', other: 'about {minutes} min at {rate} a minute' },
  }),
  'delivery.outbox.kindFailed': { kk: '{failed} жіберілмеді', ru: 'не отправлено: {failed}', en: '{failed} failed' },
  'delivery.outbox.failedTitle': { kk: 'Жіберілмеген хаттар', ru: 'Неотправленные письма', en: 'Mail that could not be sent' },
  'delivery.outbox.noFailed': { kk: 'Жіберілмеген хат жоқ.', ru: 'Неотправленных писем нет.', en: 'No mail has failed.' },
  'delivery.outbox.retry': { kk: 'Қайта жіберу', ru: 'Отправить снова', en: 'Send again' },
  'delivery.outbox.retryAll': { kk: 'Барлығын қайта жіберу', ru: 'Отправить все снова', en: 'Send all again' },
  'delivery.outbox.retried': {
    kk: '{count} хат қайта кезекке қойылды.',
    ru: 'Писем снова поставлено в очередь: {count}.',
    en: '{count} queued to be sent again.',
  },
  'delivery.outbox.notFound': {
    kk: 'Бұл хат жіберілмегендер арасында жоқ.',
    ru: 'Этого письма нет среди неотправленных.',
    en: 'This message is not among the failed ones.',
  },
  'delivery.kind.import_invitation': { kk: 'Шақырулар', ru: 'Приглашения', en: 'Invitations' },
  'delivery.kind.survey_reminder': { kk: 'Сауалнама ескертулері', ru: 'Напоминания об опросах', en: 'Survey reminders' },
  'delivery.kind.certificate_issued': { kk: 'Сертификаттар', ru: 'Сертификаты', en: 'Certificates' },
  'delivery.kind.password_reset': { kk: 'Құпиясөзді қалпына келтіру', ru: 'Восстановление пароля', en: 'Password resets' },
  'delivery.kind.registration_confirm': { kk: 'Тіркеуді растау', ru: 'Подтверждение регистрации', en: 'Registration confirmations' },
  'delivery.kind.registration_attempt': { kk: 'Қайта тіркелу әрекеті', ru: 'Повторная регистрация', en: 'Repeated registrations' },
})
