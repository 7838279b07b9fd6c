import { defineMessages } from '../locales.ts'

// A course's version history, version diffs and moving cohorts between versions.
export const historyMessages = defineMessages({
  'history.title': { kk: 'Нұсқалар тарихы', ru: 'История версий', en: 'Version history' },
  'history.heading': { kk: '«{course}»: нұсқалар тарихы', ru: '«{course}»: история версий', en: '“{course}”: version history' },
  'history.back': { kk: 'Курсты өңдеуге оралу', ru: 'Вернуться к редактированию курса', en: 'Back to editing the course' },

  'history.versions.title': { kk: 'Жарияланған нұсқалар', ru: 'Опубликованные версии', en: 'Published versions' },
  'history.versions.intro': {
    kk: 'Әр жариялау курстың өзгермейтін жаңа нұсқасын жасайды. Оқу топтары өздері бекітілген нұсқаны оқиды.',
    ru: 'Каждая публикация создаёт новую неизменяемую версию курса. Потоки учатся по той версии, к которой привязаны.',
    en: 'Each publication makes a new, unchangeable version of the course. A cohort studies the version it is pinned to.',
  },
  'history.versions.empty': { kk: 'Курс әлі жарияланбаған.', ru: 'Курс ещё не опубликован.', en: 'The course has not been published yet.' },
  'history.field.publishedAt': { kk: 'Жарияланған уақыты', ru: 'Опубликована', en: 'Published' },
  'history.field.publishedBy': { kk: 'Кім жариялады', ru: 'Кто опубликовал', en: 'Published by' },
  'history.field.note': { kk: 'Өзгерістер сипаттамасы', ru: 'Описание изменений', en: 'Change note' },
  'history.field.hash': { kk: 'Мазмұн хэші', ru: 'Хеш содержания', en: 'Content hash' },
  'history.field.current': { kk: 'Ағымдағы', ru: 'Текущая', en: 'Current' },
  'history.field.cohorts': { kk: 'Бекітілген оқу топтары', ru: 'Привязано потоков', en: 'Cohorts pinned' },
  'history.version.fromFiles': { kk: 'файлдардан (content/)', ru: 'из файлов (content/)', en: 'from files (content/)' },
  'history.version.noNote': { kk: 'Сипаттамасыз', ru: 'Без описания', en: 'No note' },
  'history.version.current': { kk: 'Ағымдағы нұсқа', ru: 'Текущая версия', en: 'Current version' },
  'history.version.notCurrent': { kk: 'Жоқ', ru: 'Нет', en: 'No' },
  'history.version.option': { kk: '{date} — {note}', ru: '{date} — {note}', en: '{date} — {note}' },
  'history.version.optionCurrent': { kk: '{date} — {note} (ағымдағы)', ru: '{date} — {note} (текущая)', en: '{date} — {note} (current)' },

  'history.compare.title': { kk: 'Нұсқаларды салыстыру', ru: 'Сравнение версий', en: 'Compare versions' },
  'history.compare.from': { kk: 'Бұрынғы нұсқа', ru: 'Прежняя версия', en: 'Older side' },
  'history.compare.to': { kk: 'Кейінгі нұсқа', ru: 'Новая версия', en: 'Newer side' },
  'history.compare.draft': {
    kk: 'Жоба: жарияланбаған өзгерістер ({count})',
    ru: 'Черновик: неопубликованные изменения ({count})',
    en: 'Draft: unpublished changes ({count})',
  },
  'history.compare.submit': { kk: 'Салыстыру', ru: 'Сравнить', en: 'Compare' },
  'history.compare.same': {
    kk: 'Айырмашылық жоқ: екі жақтың файлдары бірдей.',
    ru: 'Различий нет: файлы с обеих сторон одинаковые.',
    en: 'No differences: both sides have the same files.',
  },
  'history.compare.summary': { kk: 'Өзгерген файлдар: {count}', ru: 'Изменено файлов: {count}', en: 'Files changed: {count}' },
  'history.compare.needTwo': {
    kk: 'Салыстыру үшін кемінде бір жарияланған нұсқа керек.',
    ru: 'Для сравнения нужна хотя бы одна опубликованная версия.',
    en: 'Comparing needs at least one published version.',
  },

  'history.diff.status.added': { kk: 'жаңа файл', ru: 'новый файл', en: 'added' },
  'history.diff.status.removed': { kk: 'өшірілген файл', ru: 'удалённый файл', en: 'removed' },
  'history.diff.status.changed': { kk: 'өзгерген файл', ru: 'изменённый файл', en: 'changed' },
  'history.diff.counts': {
    kk: '{added} жол қосылды, {removed} жол өшірілді',
    ru: 'добавлено строк: {added}, удалено строк: {removed}',
    en: 'lines added: {added}, lines removed: {removed}',
  },
  'history.diff.hunk': {
    kk: 'Бұрынғы нұсқаның {old}-жолынан, кейінгісінің {new}-жолынан басталатын өзгеріс',
    ru: 'Изменение со строки {old} прежней версии и строки {new} новой',
    en: 'Change from line {old} of the older side and line {new} of the newer side',
  },
  'history.diff.oldNo': { kk: 'Бұрын', ru: 'Было', en: 'Old' },
  'history.diff.newNo': { kk: 'Кейін', ru: 'Стало', en: 'New' },
  'history.diff.change': { kk: 'Өзгеріс', ru: 'Изменение', en: 'Change' },
  'history.diff.text': { kk: 'Мәтін', ru: 'Текст', en: 'Text' },
  'history.diff.added': { kk: 'қосылған жол', ru: 'добавленная строка', en: 'added line' },
  'history.diff.removed': { kk: 'өшірілген жол', ru: 'удалённая строка', en: 'removed line' },

  'history.cohorts.title': { kk: 'Курстың оқу топтары', ru: 'Потоки курса', en: 'Cohorts of this course' },
  'history.cohorts.empty': { kk: 'Бұл курстың оқу топтары әлі жоқ.', ru: 'Потоков этого курса пока нет.', en: 'This course has no cohorts yet.' },
  'history.cohorts.version': { kk: 'Бекітілген нұсқа', ru: 'Версия потока', en: 'Pinned version' },
  'history.cohorts.move': { kk: 'Басқа нұсқаға көшіру', ru: 'Перевод на другую версию', en: 'Move to another version' },
  'history.cohorts.adminOnly': {
    kk: 'Оқу тобын басқа нұсқаға тек әкімші көшіре алады.',
    ru: 'Перевести поток на другую версию может только администратор.',
    en: 'Only an administrator can move a cohort to another version.',
  },
  // Thrown as a page error, so it lives in the dictionary every browser has.
  'error.authoring.adminOnlyMove': {
    kk: 'Оқу тобын басқа нұсқаға тек әкімші көшіре алады.',
    ru: 'Перевести поток на другую версию может только администратор.',
    en: 'Only an administrator can move a cohort to another version.',
  },

  'history.move.target': { kk: '«{cohort}» тобын көшіретін нұсқа', ru: 'Версия, на которую перевести «{cohort}»', en: 'Version to move “{cohort}” to' },
  'history.move.choose': { kk: '— нұсқаны таңдаңыз —', ru: '— выберите версию —', en: '— choose a version —' },
  'history.move.review': { kk: 'Көшіру жоспарын көру', ru: 'Посмотреть план перевода', en: 'Review the move' },
  'history.move.noTarget': { kk: 'Басқа нұсқа жоқ', ru: 'Других версий нет', en: 'No other version' },
  'history.move.done': {
    kk: '«{cohort}» тобы {date} нұсқасына көшірілді.',
    ru: 'Поток «{cohort}» переведён на версию от {date}.',
    en: '“{cohort}” now studies the version of {date}.',
  },

  'history.plan.title': { kk: '«{cohort}» тобын көшіру жоспары', ru: 'План перевода потока «{cohort}»', en: 'Plan for moving “{cohort}”' },
  'history.plan.from': { kk: 'Топтың қазіргі нұсқасы', ru: 'Версия потока сейчас', en: 'The cohort’s version now' },
  'history.plan.to': { kk: 'Көшетін нұсқасы', ru: 'Версия после перевода', en: 'Version after the move' },
  'history.plan.notYet': {
    kk: 'Әзірге ештеңе өзгерген жоқ: оқу тобы тек растағаннан кейін көшіріледі.',
    ru: 'Пока ничего не изменено: поток будет переведён только после подтверждения.',
    en: 'Nothing has changed yet: the cohort moves only when you confirm.',
  },
  'history.plan.unchanged': { kk: 'Өзгермеген сабақтар: {count}', ru: 'Уроки без изменений: {count}', en: 'Lessons unchanged: {count}' },
  'history.plan.changed': {
    kk: 'Өзгерген сабақтар (тыңдаушылар қайта оқиды): {count}',
    ru: 'Изменённые уроки (слушатели прочтут заново): {count}',
    en: 'Lessons changed (learners read them again): {count}',
  },
  'history.plan.added': { kk: 'Жаңа сабақтар: {count}', ru: 'Новые уроки: {count}', en: 'Lessons added: {count}' },
  'history.plan.removed': { kk: 'Алынып тасталған сабақтар: {count}', ru: 'Удалённые уроки: {count}', en: 'Lessons removed: {count}' },
  'history.plan.learners': { kk: 'Оқып жатқан тыңдаушылар: {count}', ru: 'Обучающихся слушателей: {count}', en: 'Active learners: {count}' },
  'history.plan.cleared': {
    kk: 'Өшірілетін «өтілді» белгілері: {count}',
    ru: 'Отметок о прохождении будет снято: {count}',
    en: 'Progress marks that will be cleared: {count}',
  },
  'history.plan.keeps': {
    kk: 'Тест нәтижелері мен аяқталған оқулар сол күйінде қалады.',
    ru: 'Результаты тестов и завершённые обучения остаются как есть.',
    en: 'Quiz results and finished enrolments stay as they are.',
  },
  'history.plan.confirm': { kk: 'Көшіруді растау', ru: 'Подтвердить перевод', en: 'Confirm the move' },
  'history.plan.cancel': { kk: 'Болдырмау', ru: 'Отмена', en: 'Cancel' },

  'error.authoring.noVersion': {
    kk: 'Бұл курстың мұндай нұсқасы жоқ. Тізімнен нұсқаны таңдаңыз.',
    ru: 'У этого курса нет такой версии. Выберите версию из списка.',
    en: 'This course has no such version. Choose a version from the list.',
  },
  'history.error.moveVersion': {
    kk: 'Оқу тобын бұл нұсқаға көшіру мүмкін емес: ол осы курстың нұсқасы емес немесе топ онсыз да сол нұсқаны оқиды. Ештеңе өзгерген жоқ.',
    ru: 'Перевести поток на эту версию нельзя: это не версия этого курса или поток уже учится по ней. Ничего не изменено.',
    en: 'The cohort cannot move to that version: it is not a version of this course, or the cohort already studies it. Nothing has changed.',
  },
  'history.error.chooseVersion': {
    kk: 'Оқу тобын көшіретін нұсқаны таңдаңыз.',
    ru: 'Выберите версию, на которую перевести поток.',
    en: 'Choose the version to move the cohort to.',
  },
  'history.error.noCohort': {
    kk: 'Бұл курста мұндай оқу тобы жоқ. Ештеңе өзгерген жоқ.',
    ru: 'У этого курса нет такого потока. Ничего не изменено.',
    en: 'This course has no such cohort. Nothing has changed.',
  },
})
