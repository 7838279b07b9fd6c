import { defineMessages } from '../locales.ts'

// Parent pedagogical support centres: sessions, check-ins, errors.
export const parentsMessages = defineMessages({
  'nav.parents': { kk: 'Ата-аналарға', ru: 'Родителям', en: 'For parents' },
  'nav.centre': { kk: 'АПҚО', ru: 'ЦППР', en: 'Parent centre' },
  'parents.error.lesson': {
    kk: 'Ата-аналарға арналған сабақты тізімнен таңдаңыз.',
    ru: 'Выберите занятие для родителей из списка.',
    en: 'Choose a parent lesson from the list.',
  },
  'parents.error.date': { kk: 'Күнді ЖЖЖЖ-АА-КК түрінде жазыңыз.', ru: 'Укажите дату в формате ГГГГ-ММ-ДД.', en: 'Give the date as YYYY-MM-DD.' },
  'parents.error.future': {
    kk: 'Сабақ күні болашақта болмауы керек.',
    ru: 'Дата занятия не может быть в будущем.',
    en: 'The session cannot be dated in the future.',
  },
  'parents.error.beforeCentre': {
    kk: 'Бұл күні орталық әлі ашылмаған еді ({openedOn}).',
    ru: 'В этот день центр ещё не был открыт ({openedOn}).',
    en: 'The centre was not open yet on that day ({openedOn}).',
  },
  'parents.error.facilitator': { kk: 'Сабақты жүргізген адамның аты-жөнін жазыңыз.', ru: 'Укажите, кто провёл занятие.', en: 'Say who led the session.' },
  'parents.error.headCount': {
    kk: 'Қатысқан ата-аналар санын бүтін санмен жазыңыз.',
    ru: 'Укажите число пришедших родителей целым числом.',
    en: 'Give the number of parents who came as a whole number.',
  },
  'parents.error.headCountMin': {
    kk: 'Қатысушылар саны кемінде 1 болуы керек.',
    ru: 'Число участников должно быть не меньше 1.',
    en: 'At least one parent must have come.',
  },
  'parents.error.overCapacity': {
    kk: 'Қатысушылар саны орталықтың сыйымдылығынан ({capacity}) аспауы керек.',
    ru: 'Число участников не может превышать вместимость центра ({capacity}).',
    en: 'The head count cannot exceed the centre’s capacity ({capacity}).',
  },
  'parents.error.notes': {
    kk: 'Ескертпе тым ұзын (2000 таңбаға дейін).',
    ru: 'Заметка слишком длинная (до 2000 символов).',
    en: 'The notes are too long (up to 2,000 characters).',
  },
  'parents.error.clientKey': { kk: 'Жазбаның кілті дұрыс емес.', ru: 'Неверный ключ записи.', en: 'The record’s key is not valid.' },
  'parents.error.school': { kk: 'Мұндай мектеп жоқ.', ru: 'Такой школы нет.', en: 'There is no such school.' },
  'parents.error.capacity': {
    kk: 'Сыйымдылық — 1-ден 5000-ға дейінгі бүтін сан.',
    ru: 'Вместимость — целое число от 1 до 5000.',
    en: 'Capacity is a whole number from 1 to 5,000.',
  },
  'parents.checkin.error.unknown': {
    kk: 'Мұндай кодпен сабақ табылмады. Кодты тексеріңіз.',
    ru: 'Занятие с таким кодом не найдено. Проверьте код.',
    en: 'No session has that code. Check the code.',
  },
  'parents.checkin.error.expired': {
    kk: 'Бұл сабаққа тіркелу мерзімі өтіп кетті.',
    ru: 'Срок отметки на это занятие истёк.',
    en: 'Check-in for this session has closed.',
  },
  'parents.checkin.error.full': {
    kk: 'Бұл сабаққа белгіленген қатысушылар саны толды.',
    ru: 'На это занятие уже отметилось столько участников, сколько было записано.',
    en: 'As many parents have checked in as the session’s head count.',
  },
  'parents.checkin.error.already': {
    kk: 'Сіз бұл сабаққа тіркеліп қойғансыз.',
    ru: 'Вы уже отметились на этом занятии.',
    en: 'You have already checked in to this session.',
  },
  'parents.checkin.error.alreadyName': {
    kk: 'Сіз бұл сабаққа тіркеліп қойғансыз. Аты-жөніңіз бірдей басқа ата-ана болсаңыз, телефон нөміріңізді де жазыңыз.',
    ru: 'Вы уже отметились на этом занятии. Если вы другой родитель с таким же именем, укажите и свой номер телефона.',
    en: 'You have already checked in to this session. If you are another parent with the same name, add your phone number too.',
  },
  'parents.checkin.error.name': { kk: 'Аты-жөні тым ұзын.', ru: 'Имя слишком длинное.', en: 'The name is too long.' },
  'parents.checkin.error.phone': {
    kk: 'Телефон нөмірінде тек сандар, +, жақша және сызықша болады.',
    ru: 'Номер телефона может содержать только цифры, +, скобки и дефис.',
    en: 'A phone number holds only digits, +, brackets and hyphens.',
  },
})
