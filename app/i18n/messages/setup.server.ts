import { defineMessages } from '../locales.ts'

// Keys start with 'setup.'. Shown to everyone while a production site has no
// administrator yet: the operator reads what to do, a teacher that it is not open yet.
export const setupMessages = defineMessages({
  'setup.notice.title': {
    kk: 'Сайтта әлі әкімші жоқ',
    ru: 'На сайте ещё нет администратора',
    en: 'This site has no administrator yet',
  },
  'setup.notice.operator': {
    kk: 'Серверді іске қосушыға: алғашқы әкімшіні сервер консолінде мына командамен жасаңыз:',
    ru: 'Для того, кто запускает сервер: создайте первого администратора в консоли сервера командой:',
    en: 'For whoever runs this server: make the first administrator on the server’s console with:',
  },
  'setup.notice.next': {
    kk: 'Содан кейін мектептер тізілімін (/admin/schools) және педагогтер тізімін (/admin/import) жүктеңіз; толығы docs/going-live.md құжатында. Қауіпсіздік үшін әкімшіні бұл беттен жасау мүмкін емес.',
    ru: 'Затем загрузите реестр школ (/admin/schools) и списки педагогов (/admin/import); подробно — в docs/going-live.md. В целях безопасности администратора нельзя создать с этой страницы.',
    en: 'Then import the school registry (/admin/schools) and the teacher lists (/admin/import); docs/going-live.md has every step. For safety, no administrator can be created from this page.',
  },
  'setup.notice.teachers': {
    kk: 'Педагогтерге: сайт жақында ашылады, шақыру электрондық поштаңызға келеді.',
    ru: 'Педагогам: сайт скоро откроется, приглашение придёт на вашу электронную почту.',
    en: 'Teachers: the site opens soon, and your invitation will arrive by email.',
  },
})
