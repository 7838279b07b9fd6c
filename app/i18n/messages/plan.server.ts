import { defineMessages, plural } from '../locales.ts'

// The course plan (finding 8): time on task per lesson, the plan's activities
// (webinars, practice, assignments, consultations) and their attendance, and
// a plan that must account for the approved hours.
export const planMessages = defineMessages({
  'lesson.time.tooSoon': {
    kk: 'Сабақты оқыдым деп белгілеуге әлі ерте: тағы {minutes} мин оқыңыз. Сабақта өткізген уақытыңызды сервер есептейді.',
    ru: 'Отмечать занятие изученным пока рано: изучайте его ещё {minutes} мин. Время на занятии считает сервер.',
    en: 'It is too early to mark this lesson done: study it for {minutes} more min. The server counts the time you spend on the lesson.',
  },
  'lesson.time.spent': {
    kk: 'сабақта өткізілгені: {spent} мин, ең азы {required} мин қажет',
    ru: 'проведено на занятии: {spent} мин, нужно не меньше {required} мин',
    en: 'time on this lesson: {spent} min, at least {required} min needed',
  },

  'cohort.duration': { kk: '{hours} сағ {minutes} мин', ru: '{hours} ч {minutes} мин', en: '{hours} h {minutes} min' },
  'cohort.roster.timeOnTask': { kk: 'Сабақтарда өткізген уақыт', ru: 'Время на занятиях', en: 'Time on lessons' },
  'cohort.roster.timeOf': {
    kk: 'Сабақтарда: {spent} / ең азы {required}',
    ru: 'На занятиях: {spent} / минимум {required}',
    en: 'On lessons: {spent} / minimum {required}',
  },
  'cohort.roster.timeMet': { kk: 'ең азы орындалды', ru: 'минимум выполнен', en: 'minimum reached' },
  'cohort.roster.timeShort': { kk: 'ең азы әлі орындалмаған', ru: 'минимум ещё не выполнен', en: 'minimum not reached yet' },
  'cohort.roster.activities': { kk: 'Жоспардағы іс-шаралар', ru: 'Мероприятия плана', en: 'Plan activities' },
  'cohort.roster.activitiesDone': {
    kk: '{done}/{total} қатысты не қабылданды',
    ru: '{done} из {total} посещено или принято',
    en: '{done} of {total} attended or accepted',
  },

  'cohort.activities.title': {
    kk: 'Курс жоспары: вебинарлар, практика, тапсырмалар',
    ru: 'План курса: вебинары, практика, задания',
    en: 'Course plan: webinars, practice, assignments',
  },
  'cohort.activities.explain': {
    kk: 'Курс бекітілген сағаттарын сабақтар мен осы іс-шаралар құрайды. Міндетті іс-шараға қатыспаған (тапсырмасы қабылданбаған) педагог курсты аяқтамайды.',
    ru: 'Утверждённые часы курса складываются из занятий и этих мероприятий. Педагог, не посетивший обязательное мероприятие (или чьё задание не принято), не завершает курс.',
    en: 'The course’s approved hours are its lessons and these activities. A teacher who has not attended a required activity (or whose assignment is not accepted) has not completed the course.',
  },
  'cohort.activities.hours': { kk: '{hours} ак. сағ', ru: '{hours} ак. ч', en: '{hours} acad. h' },
  'cohort.activities.optional': { kk: 'міндетті емес', ru: 'необязательно', en: 'optional' },
  'cohort.activities.recorded': { kk: 'Белгіленгені: {done}/{total}', ru: 'Отмечено: {done} из {total}', en: 'Recorded: {done} of {total}' },
  'cohort.activities.record': { kk: 'Қатысуды белгілеу', ru: 'Отметить посещение', en: 'Record attendance' },
  'cohort.activities.recordLabel': { kk: '«{title}»: қатысуды белгілеу', ru: '«{title}»: отметить посещение', en: 'Record attendance: {title}' },
  'cohort.activity.kind.webinar': { kk: 'Вебинар', ru: 'Вебинар', en: 'Webinar' },
  'cohort.activity.kind.practice': { kk: 'Практикалық сабақ', ru: 'Практическое занятие', en: 'Practice session' },
  'cohort.activity.kind.assignment': { kk: 'Тапсырма', ru: 'Задание', en: 'Assignment' },
  'cohort.activity.kind.consultation': { kk: 'Кеңес', ru: 'Консультация', en: 'Consultation' },

  'cohort.attendance.title': { kk: 'Қатысуды белгілеу', ru: 'Отметка посещения', en: 'Attendance' },
  'cohort.attendance.heldOn': { kk: 'Өткізілген күні', ru: 'Дата проведения', en: 'Date held' },
  'cohort.attendance.markedOn': { kk: 'Тексерілген күні', ru: 'Дата проверки', en: 'Date marked' },
  'cohort.attendance.attended': { kk: 'Қатысты', ru: 'Присутствовал(а)', en: 'Attended' },
  'cohort.attendance.accepted': { kk: 'Тапсырма қабылданды', ru: 'Задание принято', en: 'Assignment accepted' },
  'cohort.attendance.explain': {
    kk: 'Белгі қойылмаған педагогтер «қатыспады» («қабылданбады») деп жазылады. Оқуы аяқталған педагогтердің жазбасы өзгертілмейді.',
    ru: 'Педагоги без отметки записываются как «не присутствовал» («не принято»). Записи завершивших обучение не меняются.',
    en: 'Teachers left unticked are recorded as absent (not accepted). The records of enrolments that have ended are not changed.',
  },
  'cohort.attendance.save': { kk: 'Сақтау', ru: 'Сохранить', en: 'Save' },
  'cohort.attendance.saved': { kk: 'Қатысу сақталды.', ru: 'Посещение сохранено.', en: 'Attendance saved.' },
  'cohort.attendance.back': { kk: 'Тыңдаушылар тізіміне оралу', ru: 'Вернуться к списку слушателей', en: 'Back to the roster' },
  'cohort.attendance.ended': { kk: 'Оқуы аяқталған педагогтер', ru: 'Завершившие обучение', en: 'Enrolments that have ended' },
  'cohort.attendance.none': {
    kk: 'Бұл топта оқып жүрген педагог жоқ.',
    ru: 'В этом потоке нет обучающихся педагогов.',
    en: 'No teacher is studying in this cohort.',
  },
  'cohort.attendance.outcome.done': { kk: 'қатысты / қабылданды', ru: 'присутствовал(а) / принято', en: 'attended / accepted' },
  'cohort.attendance.outcome.missed': { kk: 'қатыспады / қабылданбады', ru: 'не присутствовал(а) / не принято', en: 'absent / not accepted' },
  'cohort.attendance.outcome.none': { kk: 'белгіленбеген', ru: 'не отмечено', en: 'not recorded' },
  'cohort.attendance.error.date': {
    kk: 'Күнді таңдаңыз: оқу тобының мерзімі ішінде және бүгіннен кешіктірмей.',
    ru: 'Выберите дату в пределах сроков потока и не позже сегодняшней.',
    en: 'Choose a date within the cohort’s dates and not later than today.',
  },

  'authoring.plan.short': plural('approved', {
    kk: 'Курс жоспары бекітілген {approved} академиялық сағаттың {planned} сағатын ғана қамтиды (сабақтар {lessons}, іс-шаралар {activities}): {gap} сағат жетпейді. Вебинарларды, практиканы және тапсырмаларды activities бөлімінде көрсетіңіз немесе сабақтардың минуттарын түзетіңіз.',
    ru: {
      one: 'План курса покрывает {planned} из {approved} утверждённого академического часа (занятия {lessons}, мероприятия {activities}): не хватает {gap} ч. Укажите вебинары, практику и задания в разделе activities или исправьте минуты занятий.',
      few: 'План курса покрывает {planned} из {approved} утверждённых академических часов (занятия {lessons}, мероприятия {activities}): не хватает {gap} ч. Укажите вебинары, практику и задания в разделе activities или исправьте минуты занятий.',
      many: 'План курса покрывает {planned} из {approved} утверждённых академических часов (занятия {lessons}, мероприятия {activities}): не хватает {gap} ч. Укажите вебинары, практику и задания в разделе activities или исправьте минуты занятий.',
      other:
        'План курса покрывает {planned} из {approved} утверждённого академического часа (занятия {lessons}, мероприятия {activities}): не хватает {gap} ч. Укажите вебинары, практику и задания в разделе activities или исправьте минуты занятий.',
    },
    en: {
      one: 'The course plan accounts for {planned} of {approved} approved academic hour (lessons {lessons}, activities {activities}): {gap} short. Declare the webinars, practice and assignments under activities, or correct the lessons’ minutes.',
      other:
        'The course plan accounts for {planned} of {approved} approved academic hours (lessons {lessons}, activities {activities}): {gap} short. Declare the webinars, practice and assignments under activities, or correct the lessons’ minutes.',
    },
  }),
  'authoring.plan.over': plural('approved', {
    kk: 'Курс жоспары бекітілген {approved} академиялық сағаттан асып кетті: {planned} сағат (сабақтар {lessons}, іс-шаралар {activities}), {gap} сағат артық. Іс-шараларды немесе сабақтардың минуттарын қысқартыңыз.',
    ru: {
      one: 'План курса превышает {approved} утверждённый академический час: {planned} ч (занятия {lessons}, мероприятия {activities}), лишних {gap} ч. Сократите мероприятия или минуты занятий.',
      few: 'План курса превышает {approved} утверждённых академических часа: {planned} ч (занятия {lessons}, мероприятия {activities}), лишних {gap} ч. Сократите мероприятия или минуты занятий.',
      many: 'План курса превышает {approved} утверждённых академических часов: {planned} ч (занятия {lessons}, мероприятия {activities}), лишних {gap} ч. Сократите мероприятия или минуты занятий.',
      other:
        'План курса превышает {approved} утверждённого академического часа: {planned} ч (занятия {lessons}, мероприятия {activities}), лишних {gap} ч. Сократите мероприятия или минуты занятий.',
    },
    en: {
      one: 'The course plan exceeds its {approved} approved academic hour: {planned} (lessons {lessons}, activities {activities}), {gap} over. Reduce the activities or the lessons’ minutes.',
      other:
        'The course plan exceeds its {approved} approved academic hours: {planned} (lessons {lessons}, activities {activities}), {gap} over. Reduce the activities or the lessons’ minutes.',
    },
  }),
  'authoring.plan.activities': { kk: 'Сабақтардан тыс іс-шаралар', ru: 'Мероприятия помимо занятий', en: 'Activities besides the lessons' },
  'authoring.plan.noActivities': {
    kk: 'course.yml файлында іс-шаралар (activities) көрсетілмеген.',
    ru: 'В course.yml не указаны мероприятия (activities).',
    en: 'course.yml declares no activities.',
  },
})
