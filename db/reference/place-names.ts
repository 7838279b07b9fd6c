// How people write the names of regions and the words around place and school
// names, for the place matcher (app/modules/reference/places.ts). The regions'
// current names come from regions.ts and the districts' from districts.ts;
// here are only the other ways of writing them. Written as people write them:
// the matcher folds case, Kazakh letters and punctuation itself.

export interface RegionNames {
  /**
   * Other names of the region, with or without облысы / область: abbreviations,
   * other spellings, names of the regions it took over. Bare, they mean the
   * region unless a city of republican significance has that name.
   */
  region?: string[]
  /** For a city of republican significance: its current and former names, meaning it even without қ. / г. */
  city?: string[]
  /** Former names of the city that mean it only with қ. / г.: bare, they name a region of today. */
  cityWithWord?: string[]
}

export const regionNames: Record<string, RegionNames> = {
  'KZ-10': { region: ['область Абай', 'Абайская', 'Семей облысы', 'Семипалатинская область'] },
  'KZ-11': { region: ['Акмолинская обл', 'Кокчетавская область', 'Көкшетау облысы'] },
  'KZ-15': { region: ['Актюбинская', 'Актобинская область'] },
  'KZ-19': { region: ['Алматинская'] },
  'KZ-23': { region: ['Гурьевская область'] },
  'KZ-27': { region: ['ЗКО', 'БҚО', 'Западно Казахстанская', 'Уральская область'] },
  'KZ-31': { region: ['Джамбулская область', 'Жамбылская'] },
  'KZ-33': {
    region: ['область Жетісу', 'область Жетысу', 'Жетисуская область', 'Жетысуская', 'Талдыкорганская область', 'Талдықорған облысы'],
  },
  'KZ-35': { region: ['Карагандинская'] },
  'KZ-39': { region: ['Кустанайская область', 'Тургайская область', 'Торғай облысы'] },
  'KZ-43': { region: ['Кызылординская'] },
  'KZ-47': { region: ['Мангыстауская область', 'Мангышлакская область', 'Маңғыстау'] },
  'KZ-55': { region: ['Павлодарская'] },
  'KZ-59': { region: ['СКО', 'СҚО', 'Северо Казахстанская'] },
  'KZ-61': {
    region: ['Оңтүстік Қазақстан облысы', 'Южно-Казахстанская область', 'ЮКО', 'ОҚО', 'Чимкентская область', 'Шымкент облысы', 'Туркестанская'],
  },
  'KZ-62': { region: ['область Ұлытау', 'область Улытау', 'Джезказганская область', 'Жезқазған облысы'] },
  'KZ-63': { region: ['ВКО', 'ШҚО', 'Восточно Казахстанская'] },
  'KZ-71': {
    city: ['Астана', 'Нұр-Сұлтан', 'Нур-Султан', 'Nur-Sultan', 'Целиноград', 'Акмолинск', 'Akmola city'],
    cityWithWord: ['Ақмола', 'Акмола'],
  },
  'KZ-75': { city: ['Алматы', 'Алма-Ата', 'Alma-Ata'] },
  'KZ-79': { city: ['Шымкент', 'Чимкент'] },
}

/** Words that say "region" (облысы, область, обл.), in Kazakh, Russian and English. */
export const regionWords = ['облысы', 'облысының', 'обл', 'область', 'области', 'region', 'oblast', 'oblysy', 'province']

/** Words that say "city" (қаласы, қ., г., город). Single letters count only before or after the name. */
export const cityWords = ['қаласы', 'қаласының', 'қала', 'қ', 'г', 'город', 'гор', 'city', 'qalasy', 'kalasy']

/** Words that say "district" (ауданы, ауд., район, р-н; р-н is read as two words). Single letters count only before or after the name. */
export const districtWords = ['ауданы', 'ауданының', 'аудан', 'ауд', 'район', 'района', 'рн', 'р', 'district', 'audany', 'raion', 'rayon']

/** Words written inside names that do not tell places apart. */
export const fillerWords = ['имени', 'им', 'атындағы']

/**
 * Legal forms written before or after a school's name, as whole phrases
 * (longest first, so a phrase is removed before its abbreviation), and the
 * owner tails that follow a Russian name or precede a Kazakh one.
 */
export const legalFormPhrases = [
  'коммунальное государственное казенное предприятие',
  'коммунальное государственное учреждение',
  'республиканское государственное учреждение',
  'республиканское государственное казенное предприятие',
  'государственное коммунальное казенное предприятие',
  'государственное учреждение',
  'товарищество с ограниченной ответственностью',
  'некоммерческое акционерное общество',
  'коммуналдық мемлекеттік қазыналық кәсіпорны',
  'коммуналдық мемлекеттік қазыналық кәсіпорын',
  'коммуналдық мемлекеттік мекемесі',
  'коммуналдық мемлекеттік мекеме',
  'республикалық мемлекеттік мекемесі',
  'мемлекеттік коммуналдық қазыналық кәсіпорны',
  'мемлекеттік мекемесі',
  'мемлекеттік мекеме',
  'жауапкершілігі шектеулі серіктестігі',
]

/** Abbreviated legal forms (КММ, КГУ, ТОО …), removed where they stand as a word. */
export const legalFormAbbreviations = [
  'кмм',
  'кгу',
  'гу',
  'кгкп',
  'гккп',
  'мккк',
  'кмкк',
  'мкк',
  'ргу',
  'рмм',
  'ргкп',
  'ргп',
  'рмк',
  'рмкк',
  'мм',
  'жшс',
  'тоо',
  'ао',
  'нао',
  'ча',
  'чу',
  'жм',
]

/** Russian owner tails: from these words to the end the name says who runs the school, not which it is. */
export const ownerTailsRu = ['отдела образования', 'отдел образования', 'управления образования', 'управление образования', 'акимата']

/** Kazakh owner heads: up to and including these words the name says who runs the school. */
export const ownerHeadsKk = ['білім бөлімінің', 'білім басқармасының', 'білім беру басқармасының', 'әкімдігінің', 'білім бөлімі', 'білім басқармасы']

/** Kazakh possessive forms written for the plain word in a school's name (мектебі for мектеп). */
export const kazakhPlainForms: Record<string, string> = {
  мектебі: 'мектеп',
  мектебінің: 'мектеп',
  гимназиясы: 'гимназия',
  лицейі: 'лицей',
  интернаты: 'интернат',
  кешені: 'кешен',
  бақшасы: 'бақша',
}

/** Written after a number to make it ordinal (5-ші, 5-я); they do not change which school it is. */
export const ordinalSuffixes = ['ші', 'шы', 'інші', 'ыншы', 'нші', 'я', 'ая', 'ой', 'ый', 'й', 'и', 'th']

/** Written before a number (№ 5, N5, No. 5). */
export const numberSigns = ['№', 'n', 'no', 'nr']

/**
 * The words of a plain school's name besides its number (жалпы орта білім
 * беретін мектеп, средняя общеобразовательная школа, СОШ …): a cell that says
 * only these and a number ("№12 мектеп", "СОШ 12") names the plain school of
 * that number, when there is one in the district.
 */
export const plainSchoolWords = [
  'мектеп',
  'школа',
  'средняя',
  'общеобразовательная',
  'жалпы',
  'орта',
  'білім',
  'беретін',
  'сош',
  'осш',
  'жобм',
  'жоббм',
  'жббм',
  'ом',
  'school',
  'secondary',
]
