import { defineMessages } from '../locales.ts'

// Keys start with 'exportFormat.'.
export const exportFormatMessages = defineMessages({
  'exportFormat.csv': { kk: 'CSV файлы', ru: 'Файл CSV', en: 'CSV file' },
  'exportFormat.csvHint': {
    kk: 'Мәтіндік файл: қазақ және орыс тілдерінде бағандар «;» арқылы бөлінеді, бөлшек үтірмен жазылады',
    ru: 'Текстовый файл: на казахском и русском столбцы разделены «;», дробная часть через запятую',
    en: 'Text file: columns separated by commas, decimals with a point',
  },
  'exportFormat.xlsx': { kk: 'Excel кестесі (XLSX)', ru: 'Таблица Excel (XLSX)', en: 'Excel workbook (XLSX)' },
  'exportFormat.xlsxHint': {
    kk: 'Excel кестесі: сандар сан ретінде, тақырып жолы бекітілген',
    ru: 'Таблица Excel: числа как числа, строка заголовков закреплена',
    en: 'Excel workbook: numbers as numbers, header row frozen',
  },
  'exportFormat.roster': { kk: 'Тізімді жүктеп алу', ru: 'Скачать список', en: 'Download the roster' },
  'exportFormat.parents.places': { kk: 'Кесте', ru: 'Таблица', en: 'Table' },
  'exportFormat.parents.months': { kk: 'Айлар', ru: 'Месяцы', en: 'Months' },
  'exportFormat.sheet.roster': { kk: 'Тізім', ru: 'Список', en: 'Roster' },
  'exportFormat.sheet.places': { kk: 'Қатысу', ru: 'Посещение', en: 'Attendance' },
  'exportFormat.sheet.months': { kk: 'Айлар', ru: 'Месяцы', en: 'Months' },
})
