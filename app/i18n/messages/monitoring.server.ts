import { defineMessages } from '../locales.ts'

export const monitoringMessages = defineMessages({
  'monitoring.notification.survey': { kk: 'Жаңа сауалнама: «{title}»', ru: 'Новый опрос: «{title}»', en: 'New survey: “{title}”' },
  'monitoring.notifications': { kk: 'Хабарламалар', ru: 'Уведомления', en: 'Notifications' },
  'monitoring.markRead': { kk: 'Барлығын оқылды деп белгілеу', ru: 'Отметить все как прочитанные', en: 'Mark all as read' },
  'monitoring.mail.subject': {
    kk: 'Өркен Academy: «{title}» сауалнамасына жауап беріңіз',
    ru: 'Өркен Academy: ответьте на опрос «{title}»',
    en: 'Өркен Academy: please answer “{title}”',
  },
  'monitoring.mail.body': {
    kk: 'Сәлеметсіз бе, {name}!\n\nСізге «{title}» сауалнамасы жіберілді. Жауаптарыңыз курстардың сапасын арттыруға көмектеседі. Сауалнама бірнеше минут алады:\n\n{link}\n\nЕскерту хаттарын алғыңыз келмесе, осы сілтемені ашыңыз:\n{unsubscribe}\n\nӨркен Academy',
    ru: 'Здравствуйте, {name}!\n\nВам направлен опрос «{title}». Ваши ответы помогают улучшать курсы. Опрос займёт несколько минут:\n\n{link}\n\nЧтобы не получать напоминания, откройте эту ссылку:\n{unsubscribe}\n\nӨркен Academy',
    en: 'Hello {name},\n\nYou have been sent the survey “{title}”. Your answers help us improve the courses. It takes a few minutes:\n\n{link}\n\nTo stop these reminders, open this link:\n{unsubscribe}\n\nӨркен Academy',
  },
  'monitoring.unsubscribe.title': { kk: 'Ескерту хаттарынан бас тарту', ru: 'Отказ от напоминаний', en: 'Stop reminders' },
  'monitoring.unsubscribe.text': {
    kk: 'Сауалнамалар туралы ескерту хаттарын енді алмайсыз ба? Сауалнамалар жеке кабинетте қала береді.',
    ru: 'Больше не получать письма-напоминания об опросах? Опросы останутся в личном кабинете.',
    en: 'Stop receiving reminder emails about surveys? The surveys stay in your account.',
  },
  'monitoring.unsubscribe.submit': { kk: 'Ескертулерден бас тарту', ru: 'Отказаться от напоминаний', en: 'Stop the reminders' },
  'monitoring.unsubscribe.done': {
    kk: 'Дайын: ескерту хаттары енді жіберілмейді.',
    ru: 'Готово: напоминания больше не будут приходить.',
    en: 'Done: no more reminder emails will be sent.',
  },
  'monitoring.unsubscribe.invalid': { kk: 'Сілтеме жарамсыз.', ru: 'Ссылка недействительна.', en: 'This link is not valid.' },
})
