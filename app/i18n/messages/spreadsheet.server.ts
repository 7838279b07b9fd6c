import { defineMessages, plural } from '../locales.ts'

// Keys start with 'spreadsheet.': refusals of a whole file or sheet, notices,
// a row's cell that cannot be read, and identifiers Excel changed. Where
// Excel's menus are named, the names are those of Excel in that language.
export const spreadsheetMessages = defineMessages({
  'spreadsheet.file.unreadable': {
    kk: 'Файлды оқу мүмкін болмады: бұл CSV (UTF-8 немесе Windows-1251), Excel-дің «Юникод мәтіні» немесе .xlsx файлы емес. Кестені Excel-де .xlsx немесе CSV пішімінде сақтап, қайта жүктеңіз.',
    ru: 'Не удалось прочитать файл: это не CSV (UTF-8 или Windows-1251), не «Текст в Юникоде» из Excel и не файл .xlsx. Сохраните таблицу в Excel как .xlsx или CSV и загрузите снова.',
    en: 'The file could not be read: it is not CSV (UTF-8 or Windows-1251), Excel\'s "Unicode text" or an .xlsx file. Save the table from Excel as .xlsx or CSV and upload it again.',
  },
  'spreadsheet.file.xls': {
    kk: 'Бұл Excel-дің ескі пішіміндегі файл (.xls). Оны Excel-де ашып, «Басқаша сақтау» → «Excel кітабы (.xlsx)» немесе CSV таңдап сақтаңыз да, қайта жүктеңіз.',
    ru: 'Это файл в старом формате Excel (.xls). Откройте его в Excel, выберите «Сохранить как» → «Книга Excel (.xlsx)» или CSV и загрузите снова.',
    en: 'This file is in Excel\'s old format (.xls). Open it in Excel, choose Save As → "Excel Workbook (.xlsx)" or CSV, and upload it again.',
  },
  'spreadsheet.file.protected': {
    kk: 'Файл құпиясөзбен қорғалған, оны оқу мүмкін емес. Excel-де құпиясөзді алып тастап (Файл → Мәліметтер → Кітапты қорғау), файлды сақтап, қайта жүктеңіз.',
    ru: 'Файл защищён паролем, его нельзя прочитать. Снимите пароль в Excel (Файл → Сведения → Защитить книгу), сохраните файл и загрузите снова.',
    en: 'The file is protected with a password and cannot be read. Remove the password in Excel (File → Info → Protect Workbook), save the file and upload it again.',
  },
  'spreadsheet.file.corrupt': {
    kk: 'Файл .xlsx кітабы ретінде оқылмады: ол зақымдалған немесе басқа бағдарламаның файлы. Оны Excel-де ашып, .xlsx немесе CSV пішімінде қайта сақтаңыз.',
    ru: 'Файл не читается как книга .xlsx: он повреждён или создан другой программой. Откройте его в Excel и сохраните заново как .xlsx или CSV.',
    en: 'The file cannot be read as an .xlsx workbook: it is damaged or made by another program. Open it in Excel and save it again as .xlsx or CSV.',
  },
  'spreadsheet.file.tooManyRows': plural('count', {
    kk: 'Парақта {count} жол бар, ал ең көбі {max} болуы керек. Файлды бөліп, бөліктерін жеке жүктеңіз.',
    ru: {
      one: 'На листе строк: {count}, а допускается не больше {max}. Разделите файл и загрузите части по отдельности.',
      few: 'На листе строк: {count}, а допускается не больше {max}. Разделите файл и загрузите части по отдельности.',
      many: 'На листе строк: {count}, а допускается не больше {max}. Разделите файл и загрузите части по отдельности.',
      other: 'На листе строк: {count}, а допускается не больше {max}. Разделите файл и загрузите части по отдельности.',
    },
    en: {
      one: 'The sheet has {count} row; at most {max} are allowed. Split the file and upload the parts one by one.',
      other: 'The sheet has {count} rows; at most {max} are allowed. Split the file and upload the parts one by one.',
    },
  }),
  'spreadsheet.file.ignoredColumns': {
    kk: 'Мына бағандар танылмады, олар ескерілмейді: {columns}.',
    ru: 'Эти столбцы не распознаны и не учитываются: {columns}.',
    en: 'These columns were not recognised and are ignored: {columns}.',
  },
  'spreadsheet.sheet.choose': {
    kk: 'Файлда деректері бар бірнеше парақ бар: {sheets}. Қай парақты жүктеу керегін таңдаңыз.',
    ru: 'В файле несколько листов с данными: {sheets}. Выберите, какой лист загрузить.',
    en: 'The file has several sheets with data: {sheets}. Choose which sheet to import.',
  },
  'spreadsheet.sheet.unknown': {
    kk: 'Файлда «{sheet}» парағы жоқ. Оның парақтары: {sheets}.',
    ru: 'В файле нет листа «{sheet}». Его листы: {sheets}.',
    en: 'The file has no sheet "{sheet}". Its sheets are: {sheets}.',
  },
  'spreadsheet.row.formula': {
    kk: '«{column}» бағанындағы мән формуламен есептелген. Бағанды көшіріп, сол орнына «Арнайы кірістіру» → «Мәндер» арқылы қойыңыз.',
    ru: 'Значение в столбце «{column}» вычислено формулой. Скопируйте столбец и вставьте его на то же место через «Специальная вставка» → «Значения».',
    en: 'The value in the column "{column}" is calculated by a formula. Copy the column and paste it back in place with Paste Special → Values.',
  },
  'spreadsheet.row.merged': {
    kk: '«{column}» бағанындағы ұяшық басқа ұяшықтармен біріктірілген. Біріктіруді болдырмай, мәнді әр жолға жазыңыз.',
    ru: 'Ячейка в столбце «{column}» объединена с другими. Отмените объединение ячеек и впишите значение в каждую строку.',
    en: 'The cell in the column "{column}" is merged with others. Unmerge the cells and fill in the value on every row.',
  },
  'spreadsheet.id.scientific': {
    kk: '«{value}»: Excel ЖСН/БСН-ды экспоненциалды сан етіп көрсетіп, соңғы цифрларын жоғалтқан. Бағанды белгілеп, «Ұяшықтар пішімі» → «Мәтіндік» деп қойыңыз да, нөмірлерді қайта енгізіңіз (немесе файлды бастапқы жүйеден қайта түсіріңіз).',
    ru: '«{value}»: Excel показал ИИН/БИН как число в экспоненциальной записи и потерял последние цифры. Выделите столбец, выберите «Формат ячеек» → «Текстовый» и введите номера заново (или выгрузите файл заново из исходной системы).',
    en: '"{value}": Excel showed the IIN/BIN as a number in scientific notation and lost its last digits. Select the column, choose Format Cells → Text, and type the numbers again (or export the file again from its source).',
  },
  'spreadsheet.id.leadingZero': {
    kk: '«{value}»: ЖСН/БСН басындағы нөл жоғалған, Excel оны сан деп қабылдаған. Бағанға «Ұяшықтар пішімі» → «Мәтіндік» деп қойып, нөмірді басындағы нөлімен толық қайта жазыңыз.',
    ru: '«{value}»: у ИИН/БИН пропал ведущий ноль, Excel принял его за число. Поставьте для столбца «Формат ячеек» → «Текстовый» и введите номер заново полностью, с нулём в начале.',
    en: '"{value}": the IIN/BIN lost its leading zero because Excel took it for a number. Set the column to Format Cells → Text and type the number again in full, with the 0 at the start.',
  },
  'spreadsheet.id.date': {
    kk: '«{value}»: ЖСН/БСН орнында күн тұр, Excel мәнді күнге айналдырған. Бағанға «Ұяшықтар пішімі» → «Мәтіндік» деп қойып, нөмірді қайта енгізіңіз.',
    ru: '«{value}»: вместо ИИН/БИН в ячейке дата, Excel превратил значение в дату. Поставьте для столбца «Формат ячеек» → «Текстовый» и введите номер заново.',
    en: '"{value}": the cell holds a date instead of an IIN/BIN because Excel turned the value into a date. Set the column to Format Cells → Text and type the number again.',
  },
})
