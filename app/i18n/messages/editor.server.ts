import { defineMessages, plural } from '../locales.ts'

// The lesson editor: source, palette, live preview.
export const editorMessages = defineMessages({
  'editor.problem.at': { kk: '{line}-жол, {column}-баған:', ru: 'Строка {line}, столбец {column}:', en: 'Line {line}, column {column}:' },
  'editor.problem.original': { kk: 'Компилятордың түпнұсқа хабары', ru: 'Исходное сообщение компилятора', en: 'The compiler’s own message' },
  'editor.problem.frontmatter': {
    kk: 'Сабақ басындағы --- жолдары арасындағы YAML қате жазылған: шегіністер мен «кілт: мән» жазылуын тексеріңіз.',
    ru: 'Ошибка в YAML между строками --- в начале урока: проверьте отступы и запись «ключ: значение».',
    en: 'The YAML between the --- lines at the top is wrong: check the indentation and the “key: value” lines.',
  },
  'editor.problem.frontmatterField': {
    kk: 'Сабақ басындағы «{field}» өрісі жоқ немесе қате жазылған.',
    ru: 'Поле «{field}» в начале урока отсутствует или записано неверно.',
    en: 'The field “{field}” at the top of the lesson is missing or wrong.',
  },
  'editor.problem.importNotAllowed': {
    kk: 'Сабақта import және export жазуға болмайды.',
    ru: 'В уроке нельзя писать import и export.',
    en: 'import and export are not allowed in a lesson.',
  },
  'editor.problem.expressionNotAllowed': {
    kk: '{ } ішіндегі JavaScript өрнектеріне сабақта рұқсат жоқ; атрибутты тырнақшаға алып жазыңыз.',
    ru: 'Выражения JavaScript в { } в уроке не допускаются; пишите значения атрибутов в кавычках.',
    en: 'JavaScript expressions in { } are not allowed in a lesson; write attribute values in quotes.',
  },
  'editor.problem.rawHtml': {
    kk: 'Сабақта HTML жазуға болмайды: Markdown мен компоненттерді қолданыңыз.',
    ru: 'HTML в уроке не допускается: используйте Markdown и компоненты.',
    en: 'Raw HTML is not allowed in a lesson: use Markdown and the components.',
  },
  'editor.problem.htmlElement': {
    kk: '<{name}> HTML элементіне сабақта рұқсат жоқ.',
    ru: 'HTML-элемент <{name}> в уроке не допускается.',
    en: 'The HTML element <{name}> is not allowed in a lesson.',
  },
  'editor.problem.unknownComponent': {
    kk: '<{name}> деген компонент жоқ. Бары: {allowed}.',
    ru: 'Компонента <{name}> нет. Доступны: {allowed}.',
    en: 'There is no component <{name}>. Available: {allowed}.',
  },
  'editor.problem.unclosedTag': {
    kk: '<{tag}> тегі жабылмаған: оған сәйкес жабатын тег керек.',
    ru: 'Тег <{tag}> не закрыт: нужен соответствующий закрывающий тег.',
    en: 'The tag <{tag}> is not closed: it needs its closing tag.',
  },
  'editor.problem.unexpectedClosingTag': {
    kk: 'Күтпеген жабатын тег </{tag}>: оның ашатын тегі жоқ не басқа тег әлі жабылмаған.',
    ru: 'Неожиданный закрывающий тег </{tag}>: нет открывающего или не закрыт другой тег.',
    en: 'Unexpected closing tag </{tag}>: it has no opening tag, or another tag is still open.',
  },
  'editor.problem.unterminatedExpression': {
    kk: '{ жақшасы жабылмаған: } жақшасын қосыңыз немесе { белгісін алып тастаңыз.',
    ru: 'Скобка { не закрыта: добавьте } или уберите {.',
    en: 'A { is not closed: add the } or remove the {.',
  },
  'editor.problem.unexpectedEnd': {
    kk: 'Мәтін күтпеген жерде аяқталды: бірдеңе жабылмай қалды.',
    ru: 'Текст неожиданно закончился: что-то осталось незакрытым.',
    en: 'The text ended unexpectedly: something was left open.',
  },
  'editor.problem.unexpectedCharacter': {
    kk: 'Бұл жерде «{char}» таңбасы күтілмеген: тегтің не компоненттің жазылуын тексеріңіз.',
    ru: 'Здесь не ожидался символ «{char}»: проверьте запись тега или компонента.',
    en: 'The character “{char}” was not expected here: check how the tag or component is written.',
  },
  'editor.problem.other': { kk: 'Компилятор хабары: {message}', ru: 'Сообщение компилятора: {message}', en: 'The compiler says: {message}' },
  'editor.problem.belongsInside': {
    kk: '<{name}> компоненті <{parent}> ішінде тұруы керек.',
    ru: 'Компонент <{name}> должен стоять внутри <{parent}>.',
    en: '<{name}> belongs inside a <{parent}>.',
  },
  'editor.problem.needsAttribute': {
    kk: '<{name}> компонентіне {attribute}="…" атрибуты керек.',
    ru: 'Компоненту <{name}> нужен атрибут {attribute}="…".',
    en: '<{name}> needs {attribute}="…".',
  },
  'editor.problem.noSuchAttribute': {
    kk: '<{name}> компонентінде «{attribute}» атрибуты жоқ.',
    ru: 'У компонента <{name}> нет атрибута «{attribute}».',
    en: '<{name}> has no attribute “{attribute}”.',
  },
  'editor.problem.usedTwice': {
    kk: '«{id}» идентификаторы екі рет қолданылған.',
    ru: 'Идентификатор «{id}» использован дважды.',
    en: 'The id “{id}” is used twice.',
  },

  'editor.source.caret': {
    kk: 'Курсор: {line}-жол, {column}-баған',
    ru: 'Курсор: строка {line}, столбец {column}',
    en: 'Cursor: line {line}, column {column}',
  },
  'editor.source.keyboard': {
    kk: 'Tab пернесі келесі элементке өтеді; шегініс үшін бос орын қойыңыз.',
    ru: 'Клавиша Tab переходит к следующему элементу; для отступа используйте пробелы.',
    en: 'Tab moves to the next control; indent with spaces.',
  },
  'editor.source.problems': { kk: 'Түзету керек қателер: {count}', ru: 'Ошибки, которые нужно исправить: {count}', en: 'Problems to fix: {count}' },
  'editor.source.problemsHint': {
    kk: 'Қатенің жолына өту үшін оны таңдаңыз.',
    ru: 'Выберите ошибку, чтобы перейти к её строке.',
    en: 'Choose a problem to go to its line.',
  },

  'editor.palette.title': { kk: 'Компонент қосу', ru: 'Вставить компонент', en: 'Insert a component' },
  'editor.palette.noScript': {
    kk: 'Компоненттер тақтасы JavaScript-пен жұмыс істейді. Компоненттерді мәтінге қолмен де жазуға болады (мазмұн форматының нұсқаулығын қараңыз).',
    ru: 'Панели компонентов нужен JavaScript. Компоненты можно написать в тексте и вручную (см. руководство по формату содержания).',
    en: 'The component palette needs JavaScript. You can also type components into the text by hand (see the content format guide).',
  },
  'editor.palette.callout': { kk: 'Ескерту блогы', ru: 'Выноска', en: 'Callout' },
  'editor.palette.figure': { kk: 'Сурет', ru: 'Изображение', en: 'Image' },
  'editor.palette.video': { kk: 'Бейне', ru: 'Видео', en: 'Video' },
  'editor.palette.download': { kk: 'Жүктеп алатын файл', ru: 'Файл для скачивания', en: 'File to download' },
  'editor.palette.reflection': { kk: 'Рефлексия', ru: 'Рефлексия', en: 'Reflection' },
  'editor.palette.quiz': { kk: 'Тест', ru: 'Тест', en: 'Test' },
  'editor.palette.dialogTitle': { kk: 'Сабаққа қосу: {component}', ru: 'Вставить в урок: {component}', en: 'Insert into the lesson: {component}' },
  'editor.palette.insert': { kk: 'Қосу', ru: 'Вставить', en: 'Insert' },
  'editor.palette.cancel': { kk: 'Болдырмау', ru: 'Отмена', en: 'Cancel' },
  'editor.palette.fixFields': {
    kk: 'Белгіленген өрістерді түзетіңіз.',
    ru: 'Исправьте отмеченные поля.',
    en: 'Correct the marked fields.',
  },

  'editor.field.calloutType': { kk: 'Блок түрі', ru: 'Вид выноски', en: 'Kind of callout' },
  'editor.calloutType.info': { kk: 'Ақпарат', ru: 'Информация', en: 'Information' },
  'editor.calloutType.tip': { kk: 'Кеңес', ru: 'Совет', en: 'Tip' },
  'editor.calloutType.warning': { kk: 'Маңызды ескерту', ru: 'Важное предупреждение', en: 'Warning' },
  'editor.field.calloutTitle': { kk: 'Тақырыбы (міндетті емес)', ru: 'Заголовок (необязательно)', en: 'Heading (optional)' },
  'editor.field.calloutText': { kk: 'Мәтіні', ru: 'Текст', en: 'Text' },
  'editor.field.markdownHint': {
    kk: 'Markdown жазуға болады: **қалың**, тізімдер, сілтемелер.',
    ru: 'Можно использовать Markdown: **жирный**, списки, ссылки.',
    en: 'Markdown works here: **bold**, lists, links.',
  },
  'editor.field.library': { kk: 'Курстың медиа кітапханасынан', ru: 'Из медиатеки курса', en: 'From the course’s media library' },
  'editor.field.libraryNone': { kk: '— файлды таңдаңыз —', ru: '— выберите файл —', en: '— choose a file —' },
  'editor.field.libraryEmpty': {
    kk: 'Кітапханада мұндай файл әлі жоқ: мекенжайын жазыңыз.',
    ru: 'В медиатеке пока нет таких файлов: укажите адрес.',
    en: 'The media library has no such files yet: type the address.',
  },
  'editor.field.addressHint': {
    kk: 'Кітапханадан таңдаңыз немесе / не https:// деп басталатын мекенжай жазыңыз.',
    ru: 'Выберите в медиатеке или укажите адрес, начинающийся с / или https://.',
    en: 'Choose from the library, or type an address that starts with / or https://.',
  },
  'editor.field.imageSrc': { kk: 'Суреттің мекенжайы', ru: 'Адрес изображения', en: 'Image address' },
  'editor.field.alt': {
    kk: 'Баламалы мәтін (суретте не бейнеленген)',
    ru: 'Альтернативный текст (что изображено)',
    en: 'Text alternative (what the image shows)',
  },
  'editor.field.altHint': {
    kk: 'Суретті көре алмайтын оқырманға дауыстап оқылады.',
    ru: 'Зачитывается читателям, которые не видят изображение.',
    en: 'Read aloud to readers who cannot see the image.',
  },
  'editor.field.caption': { kk: 'Сурет астындағы жазу (міндетті емес)', ru: 'Подпись (необязательно)', en: 'Caption (optional)' },
  'editor.field.videoSrc': { kk: 'Бейненің мекенжайы', ru: 'Адрес видео', en: 'Video address' },
  'editor.field.videoTitle': { kk: 'Бейненің атауы', ru: 'Название видео', en: 'Video title' },
  'editor.field.captions': { kk: 'Субтитр файлы (WebVTT)', ru: 'Файл субтитров (WebVTT)', en: 'Captions file (WebVTT)' },
  'editor.field.downloadHref': { kk: 'Файлдың мекенжайы', ru: 'Адрес файла', en: 'File address' },
  'editor.field.downloadTitle': { kk: 'Сілтеме мәтіні', ru: 'Текст ссылки', en: 'Link text' },
  'editor.field.reflectionId': { kk: 'Рефлексияның идентификаторы', ru: 'Идентификатор рефлексии', en: 'Reflection identifier' },
  'editor.field.idHint': {
    kk: 'Кіші латын әріптері, цифрлар және дефис, мысалы: module-1-check. Бос орынсыз.',
    ru: 'Строчные латинские буквы, цифры и дефис, например: module-1-check. Без пробелов.',
    en: 'Lower-case latin letters, digits and hyphens, for example: module-1-check. No spaces.',
  },
  'editor.field.reflectionPrompt': { kk: 'Рефлексияға арналған сұрақ', ru: 'Вопрос для рефлексии', en: 'Reflection question' },
  'editor.field.quizId': { kk: 'Тесттің идентификаторы', ru: 'Идентификатор теста', en: 'Test identifier' },
  'editor.field.quizKind': { kk: 'Тест түрі', ru: 'Вид теста', en: 'Kind of test' },
  'editor.quizKind.module': { kk: 'Модуль бойынша тест', ru: 'Тест по модулю', en: 'Module test' },
  'editor.quizKind.diagnostic': { kk: 'Кіріс диагностика', ru: 'Входная диагностика', en: 'Entry diagnostic' },
  'editor.quizKind.final': { kk: 'Қорытынды емтихан', ru: 'Итоговый экзамен', en: 'Final exam' },
  'editor.field.questionPrompt': { kk: 'Сұрақ', ru: 'Вопрос', en: 'Question' },
  'editor.field.option': { kk: '{n}-жауап', ru: 'Ответ {n}', en: 'Answer {n}' },
  'editor.field.rightAnswer': { kk: 'Дұрыс жауап', ru: 'Правильный ответ', en: 'Correct answer' },
  'editor.field.quizHint': {
    kk: 'Қосымша сұрақтар мен жауаптарды кейін мәтінге қосуға болады.',
    ru: 'Другие вопросы и ответы можно потом дописать в тексте.',
    en: 'You can add more questions and answers in the text afterwards.',
  },

  'editor.error.slug': {
    kk: 'Тек кіші латын әріптері, цифрлар және дефис жазыңыз, мысалы: module-1-check.',
    ru: 'Используйте только строчные латинские буквы, цифры и дефис, например: module-1-check.',
    en: 'Use only lower-case latin letters, digits and hyphens, for example: module-1-check.',
  },
  'editor.error.address': {
    kk: 'Кітапханадан файл таңдаңыз немесе / не https:// деп басталатын мекенжай жазыңыз.',
    ru: 'Выберите файл в медиатеке или укажите адрес, начинающийся с / или https://.',
    en: 'Choose a file from the library, or type an address that starts with / or https://.',
  },
  'editor.error.rightAnswer': { kk: 'Дұрыс жауапты белгілеңіз.', ru: 'Отметьте правильный ответ.', en: 'Mark the right answer.' },

  'editor.preview.title': { kk: 'Алдын ала қарау', ru: 'Предпросмотр', en: 'Preview' },
  'editor.preview.empty': {
    kk: 'Сабақ осы жерде жазған сайын көрсетіледі.',
    ru: 'Здесь появится урок по мере того, как вы пишете.',
    en: 'The lesson appears here as you write.',
  },
  'editor.preview.updating': { kk: 'Алдын ала қарау жаңартылуда…', ru: 'Предпросмотр обновляется…', en: 'Updating the preview…' },
  'editor.preview.fixErrors': {
    kk: 'Алдын ала қарауды жаңарту үшін мәтіндегі қатені түзетіңіз. Төменде — соңғы дұрыс нұсқа.',
    ru: 'Исправьте ошибку в тексте, чтобы обновить предпросмотр. Ниже — последняя рабочая версия.',
    en: 'Fix the error in the text to update the preview. Below is the last version that worked.',
  },
  'editor.preview.fixErrorsFirst': {
    kk: 'Алдын ала қарауды көру үшін мәтіндегі қатені түзетіңіз.',
    ru: 'Исправьте ошибку в тексте, чтобы увидеть предпросмотр.',
    en: 'Fix the error in the text to see the preview.',
  },
  'editor.preview.stale': { kk: 'Ескірген нұсқа', ru: 'Устаревшая версия', en: 'Out of date' },
  'editor.preview.failed': {
    kk: 'Алдын ала қарау жаңартылмады. Байланысты тексеріңіз: мәтінді келесі өзгерткенде қайта талпынамыз.',
    ru: 'Не удалось обновить предпросмотр. Проверьте связь: попробуем снова при следующем изменении текста.',
    en: 'The preview could not be updated. Check your connection: it will try again when you next change the text.',
  },
  'editor.preview.signedOut': {
    kk: 'Сеанс аяқталды. Басқа қойындыда қайта кіріп, жазуды жалғастырыңыз.',
    ru: 'Сеанс завершён. Войдите снова в другой вкладке и продолжайте писать.',
    en: 'Your session has ended. Log in again in another tab, then keep writing.',
  },
  'editor.preview.forbidden': {
    kk: 'Бұл курсты өңдеуге құқығыңыз жоқ.',
    ru: 'У вас нет права редактировать этот курс.',
    en: 'You may not edit this course.',
  },
  'editor.preview.tooLarge': {
    kk: 'Сабақ алдын ала қарау үшін тым ұзын (ең көбі {size} КБ). Оны бірнеше сабаққа бөліңіз.',
    ru: 'Урок слишком длинный для предпросмотра (не больше {size} КБ). Разделите его на несколько уроков.',
    en: 'The lesson is too long to preview (at most {size} KB). Split it into several lessons.',
  },
  'editor.preview.badRequest': {
    kk: 'Алдын ала қарау сұрауы дұрыс емес: сабақтың мәтіні мен тілі қажет.',
    ru: 'Некорректный запрос предпросмотра: нужны текст урока и его язык.',
    en: 'The preview request was not valid: it needs the lesson’s text and language.',
  },
  'editor.preview.rateLimited': {
    kk: 'Бір минутта тым көп алдын ала қарау сұралды. Сәл күтіңіз, қарау өзі жаңарады.',
    ru: 'Слишком много запросов предпросмотра за минуту. Подождите немного, предпросмотр обновится сам.',
    en: 'Too many previews in a minute. Wait a moment and the preview will update.',
  },

  // Problems the lesson checks report with a key, so that an author reads them in their language.
  'content.link.refused': {
    kk: '«{url}» мекенжайына рұқсат жоқ: сілтеме https:// мекенжайы немесе осы сайттың беті болуы керек.',
    ru: 'Адрес «{url}» не разрешён: ссылка должна быть адресом https:// или страницей этого сайта.',
    en: 'The address “{url}” is not allowed: a link is an https:// address or a page of this site.',
  },
  'content.media.refused': {
    kk: '«{url}» мекенжайына рұқсат жоқ: суреттер, бейнелер мен файлдар курстың медиатекасынан (/files/…) немесе content/media қалтасынан (/media/…) алынады.',
    ru: 'Адрес «{url}» не разрешён: изображения, видео и файлы берутся из медиатеки курса (/files/…) или из папки content/media (/media/…).',
    en: 'The address “{url}” is not allowed: images, video and files come from the course’s media library (/files/…) or content/media (/media/…).',
  },
  'content.lesson.tooManyComponents': plural('max', {
    kk: 'Сабақта {max}-дан астам компонент бар. Оны бірнеше сабаққа бөліңіз.',
    ru: {
      one: 'В уроке более {max} компонента. Разделите его на несколько уроков.',
      few: 'В уроке более {max} компонентов. Разделите его на несколько уроков.',
      many: 'В уроке более {max} компонентов. Разделите его на несколько уроков.',
      other: 'В уроке более {max} компонента. Разделите его на несколько уроков.',
    },
    en: {
      one: 'The lesson has more than {max} component. Split it into several lessons.',
      other: 'The lesson has more than {max} components. Split it into several lessons.',
    },
  }),
  'content.compile.tooComplex': {
    kk: 'Сабақ тым үлкен немесе күрделі: ол {seconds} секунд ішінде құрастырылмады. Оны бірнеше сабаққа бөліңіз.',
    ru: 'Урок слишком велик или сложен: он не собрался за {seconds} с. Разделите его на несколько уроков.',
    en: 'The lesson is too large or complex: it did not compile within {seconds} s. Split it into several lessons.',
  },
})
