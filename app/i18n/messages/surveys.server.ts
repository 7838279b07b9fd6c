import { defineMessages } from '../locales.ts'

// Answering course and post-course surveys: "My surveys" and the answering page.
export const surveysMessages = defineMessages({
  'survey.nav': { kk: 'Сауалнамалар', ru: 'Анкеты', en: 'Surveys' },

  'survey.list.title': { kk: 'Менің сауалнамаларым', ru: 'Мои анкеты', en: 'My surveys' },
  'survey.list.intro': {
    kk: 'Курс алдында, курс соңында және курстан кейін біраз уақыт өткен соң сізден пікір сұраймыз. Жауаптарыңыз курстарды жақсартуға көмектеседі.',
    ru: 'Мы спрашиваем ваше мнение перед курсом, в конце курса и через некоторое время после него. Ваши ответы помогают улучшать курсы.',
    en: 'We ask for your views before a course, at its end and some time after it. Your answers help us improve the courses.',
  },
  'survey.list.pending': { kk: 'Жауабыңызды күтіп тұр', ru: 'Ждут ваших ответов', en: 'Waiting for your answers' },
  'survey.list.done': { kk: 'Жауап берілген', ru: 'Заполненные', en: 'Answered' },
  'survey.list.noPending': {
    kk: 'Қазір жауап күтіп тұрған сауалнама жоқ.',
    ru: 'Сейчас нет анкет, ожидающих ответа.',
    en: 'No survey is waiting for you right now.',
  },
  'survey.list.noDone': {
    kk: 'Сіз әлі бірде-бір сауалнамаға жауап бермедіңіз.',
    ru: 'Вы ещё не заполнили ни одной анкеты.',
    en: 'You have not answered any survey yet.',
  },
  'survey.list.course': { kk: 'Курс: {course}', ru: 'Курс: {course}', en: 'Course: {course}' },
  'survey.list.assigned': { kk: 'Жіберілген күні: {date}', ru: 'Получена: {date}', en: 'Received: {date}' },
  'survey.list.submitted': { kk: 'Жауап берілген күні: {date}', ru: 'Заполнена: {date}', en: 'Answered: {date}' },
  'survey.list.draftSaved': { kk: 'Жауаптарыңыздың бір бөлігі сақталған.', ru: 'Часть ответов сохранена.', en: 'Some of your answers are saved.' },
  'survey.list.anonymous': { kk: 'Анонимді', ru: 'Анонимная', en: 'Anonymous' },
  'survey.list.answer': { kk: 'Жауап беру', ru: 'Заполнить', en: 'Answer' },
  'survey.list.continue': { kk: 'Жалғастыру', ru: 'Продолжить', en: 'Continue' },
  'survey.notice.sent': { kk: 'Рақмет! Жауаптарыңыз жіберілді.', ru: 'Спасибо! Ваши ответы отправлены.', en: 'Thank you! Your answers have been sent.' },
  'survey.notice.saved': {
    kk: 'Жауаптарыңыз сақталды. Сауалнаманы кейін осы беттен жалғастыра аласыз.',
    ru: 'Ответы сохранены. Продолжить анкету можно позже с этой страницы.',
    en: 'Your answers are saved. You can continue the survey later from this page.',
  },

  'survey.anonymousNote': {
    kk: 'Бұл сауалнама анонимді: жауаптарыңызды сізбен байланыстыру мүмкін емес.',
    ru: 'Эта анкета анонимная: ваши ответы невозможно связать с вами.',
    en: 'This survey is anonymous: your answers cannot be linked to you.',
  },
  'survey.draftRestored': {
    kk: 'Бұрын сақталған жауаптарыңыз орнында. Қалған сұрақтарға жауап беріп, сауалнаманы жіберіңіз.',
    ru: 'Сохранённые ранее ответы на месте. Ответьте на остальные вопросы и отправьте анкету.',
    en: 'The answers you saved earlier are filled in. Answer the remaining questions and send the survey.',
  },
  'survey.optional': { kk: '(міндетті емес)', ru: '(необязательно)', en: '(optional)' },
  'survey.likert.1': { kk: 'Мүлдем келіспеймін', ru: 'Совершенно не согласен(на)', en: 'Strongly disagree' },
  'survey.likert.2': { kk: 'Келіспеймін', ru: 'Не согласен(на)', en: 'Disagree' },
  'survey.likert.3': { kk: 'Келісемін де, келіспеймін де', ru: 'И да, и нет', en: 'Neither agree nor disagree' },
  'survey.likert.4': { kk: 'Келісемін', ru: 'Согласен(на)', en: 'Agree' },
  'survey.likert.5': { kk: 'Толық келісемін', ru: 'Полностью согласен(на)', en: 'Strongly agree' },
  'survey.text.hint': { kk: '2000 таңбаға дейін.', ru: 'До 2000 символов.', en: 'Up to 2000 characters.' },
  'survey.save': { kk: 'Сақтап, кейін жалғастыру', ru: 'Сохранить и продолжить позже', en: 'Save and continue later' },
  'survey.submit': { kk: 'Жіберу', ru: 'Отправить', en: 'Send' },
  'survey.alreadySubmitted': {
    kk: 'Сіз бұл сауалнамаға жауап беріп қойдыңыз. Рақмет!',
    ru: 'Вы уже ответили на эту анкету. Спасибо!',
    en: 'You have already answered this survey. Thank you!',
  },
  'survey.backToList': { kk: 'Менің сауалнамаларыма оралу', ru: 'Вернуться к моим анкетам', en: 'Back to my surveys' },

  'survey.error.summary': { kk: 'Жауаптарды тексеріңіз', ru: 'Проверьте ответы', en: 'Please check your answers' },
  'survey.error.required': { kk: 'Бұл сұраққа жауап беріңіз.', ru: 'Ответьте на этот вопрос.', en: 'Please answer this question.' },
  'survey.error.notNumber': {
    kk: 'Жауап шкаладағы сан болуы керек.',
    ru: 'Ответ должен быть числом со шкалы.',
    en: 'The answer must be a number from the scale.',
  },
  'survey.error.outOfRange': {
    kk: 'Шкалада мұндай мән жоқ. Ұсынылған мәндердің бірін таңдаңыз.',
    ru: 'Такого значения нет на шкале. Выберите одно из предложенных.',
    en: 'This value is not on the scale. Choose one of the values offered.',
  },
  'survey.error.unknownOption': {
    kk: 'Мұндай жауап нұсқасы жоқ. Ұсынылған нұсқалардың бірін таңдаңыз.',
    ru: 'Такого варианта ответа нет. Выберите один из предложенных.',
    en: 'There is no such option. Choose one of the options offered.',
  },
  'survey.error.oneOnly': {
    kk: 'Бұл сұраққа бір ғана жауап таңдауға болады.',
    ru: 'В этом вопросе можно выбрать только один ответ.',
    en: 'Only one answer can be chosen for this question.',
  },
  'survey.error.tooLong': {
    kk: 'Мәтін 2000 таңбадан аспауы керек.',
    ru: 'Текст должен быть не длиннее 2000 символов.',
    en: 'The text must not be longer than 2000 characters.',
  },
  'survey.error.tampered': {
    kk: 'Форма бұл сауалнамада жоқ сұрақтың жауабын жіберді. Бетті жаңартып, қайталап көріңіз.',
    ru: 'Форма прислала ответ на вопрос, которого нет в этой анкете. Обновите страницу и попробуйте снова.',
    en: 'The form sent an answer to a question that is not in this survey. Reload the page and try again.',
  },
  'survey.error.alreadySubmitted': {
    kk: 'Бұл сауалнама жіберіліп қойған, жауаптарды енді өзгертуге болмайды.',
    ru: 'Эта анкета уже отправлена, изменить ответы нельзя.',
    en: 'This survey has already been sent; its answers can no longer be changed.',
  },
})
