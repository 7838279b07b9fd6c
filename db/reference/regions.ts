// The 20 regions of Kazakhstan (17 oblasts and the cities of republican
// significance Astana, Almaty and Shymkent) with their ISO 3166-2:KZ codes, and
// for each an administrative centre and one district (the test fixtures' schools sit there).

export interface RegionReference {
  code: string
  kind: 'oblast' | 'city'
  name: { kk: string; ru: string; en: string }
  centre: { kk: string; ru: string; en: string }
  district: { kk: string; ru: string; en: string }
}

export const regions: RegionReference[] = [
  {
    code: 'KZ-10',
    kind: 'oblast',
    name: { kk: 'Абай облысы', ru: 'Абайская область', en: 'Abai Region' },
    centre: { kk: 'Семей', ru: 'Семей', en: 'Semey' },
    district: { kk: 'Аягөз ауданы', ru: 'Аягозский район', en: 'Ayagoz District' },
  },
  {
    code: 'KZ-11',
    kind: 'oblast',
    name: { kk: 'Ақмола облысы', ru: 'Акмолинская область', en: 'Akmola Region' },
    centre: { kk: 'Көкшетау', ru: 'Кокшетау', en: 'Kokshetau' },
    district: { kk: 'Бурабай ауданы', ru: 'Бурабайский район', en: 'Burabay District' },
  },
  {
    code: 'KZ-15',
    kind: 'oblast',
    name: { kk: 'Ақтөбе облысы', ru: 'Актюбинская область', en: 'Aktobe Region' },
    centre: { kk: 'Ақтөбе', ru: 'Актобе', en: 'Aktobe' },
    district: { kk: 'Хромтау ауданы', ru: 'Хромтауский район', en: 'Khromtau District' },
  },
  {
    code: 'KZ-19',
    kind: 'oblast',
    name: { kk: 'Алматы облысы', ru: 'Алматинская область', en: 'Almaty Region' },
    centre: { kk: 'Қонаев', ru: 'Конаев', en: 'Konaev' },
    district: { kk: 'Еңбекшіқазақ ауданы', ru: 'Енбекшиказахский район', en: 'Enbekshikazakh District' },
  },
  {
    code: 'KZ-23',
    kind: 'oblast',
    name: { kk: 'Атырау облысы', ru: 'Атырауская область', en: 'Atyrau Region' },
    centre: { kk: 'Атырау', ru: 'Атырау', en: 'Atyrau' },
    district: { kk: 'Индер ауданы', ru: 'Индерский район', en: 'Inder District' },
  },
  {
    code: 'KZ-27',
    kind: 'oblast',
    name: { kk: 'Батыс Қазақстан облысы', ru: 'Западно-Казахстанская область', en: 'West Kazakhstan Region' },
    centre: { kk: 'Орал', ru: 'Уральск', en: 'Oral' },
    district: { kk: 'Бөрлі ауданы', ru: 'Бурлинский район', en: 'Burli District' },
  },
  {
    code: 'KZ-31',
    kind: 'oblast',
    name: { kk: 'Жамбыл облысы', ru: 'Жамбылская область', en: 'Jambyl Region' },
    centre: { kk: 'Тараз', ru: 'Тараз', en: 'Taraz' },
    district: { kk: 'Меркі ауданы', ru: 'Меркенский район', en: 'Merki District' },
  },
  {
    code: 'KZ-33',
    kind: 'oblast',
    name: { kk: 'Жетісу облысы', ru: 'Жетысуская область', en: 'Jetisu Region' },
    centre: { kk: 'Талдықорған', ru: 'Талдыкорган', en: 'Taldykorgan' },
    district: { kk: 'Сарқан ауданы', ru: 'Саркандский район', en: 'Sarkand District' },
  },
  {
    code: 'KZ-35',
    kind: 'oblast',
    name: { kk: 'Қарағанды облысы', ru: 'Карагандинская область', en: 'Karaganda Region' },
    centre: { kk: 'Қарағанды', ru: 'Караганда', en: 'Karaganda' },
    district: { kk: 'Бұқар жырау ауданы', ru: 'Бухар-Жырауский район', en: 'Bukhar-Zhyrau District' },
  },
  {
    code: 'KZ-39',
    kind: 'oblast',
    name: { kk: 'Қостанай облысы', ru: 'Костанайская область', en: 'Kostanay Region' },
    centre: { kk: 'Қостанай', ru: 'Костанай', en: 'Kostanay' },
    district: { kk: 'Әулиекөл ауданы', ru: 'Аулиекольский район', en: 'Auliekol District' },
  },
  {
    code: 'KZ-43',
    kind: 'oblast',
    name: { kk: 'Қызылорда облысы', ru: 'Кызылординская область', en: 'Kyzylorda Region' },
    centre: { kk: 'Қызылорда', ru: 'Кызылорда', en: 'Kyzylorda' },
    district: { kk: 'Арал ауданы', ru: 'Аральский район', en: 'Aral District' },
  },
  {
    code: 'KZ-47',
    kind: 'oblast',
    name: { kk: 'Маңғыстау облысы', ru: 'Мангистауская область', en: 'Mangystau Region' },
    centre: { kk: 'Ақтау', ru: 'Актау', en: 'Aktau' },
    district: { kk: 'Бейнеу ауданы', ru: 'Бейнеуский район', en: 'Beineu District' },
  },
  {
    code: 'KZ-55',
    kind: 'oblast',
    name: { kk: 'Павлодар облысы', ru: 'Павлодарская область', en: 'Pavlodar Region' },
    centre: { kk: 'Павлодар', ru: 'Павлодар', en: 'Pavlodar' },
    district: { kk: 'Баянауыл ауданы', ru: 'Баянаульский район', en: 'Bayanaul District' },
  },
  {
    code: 'KZ-59',
    kind: 'oblast',
    name: { kk: 'Солтүстік Қазақстан облысы', ru: 'Северо-Казахстанская область', en: 'North Kazakhstan Region' },
    centre: { kk: 'Петропавл', ru: 'Петропавловск', en: 'Petropavl' },
    district: { kk: 'Айыртау ауданы', ru: 'Айыртауский район', en: 'Aiyrtau District' },
  },
  {
    code: 'KZ-61',
    kind: 'oblast',
    name: { kk: 'Түркістан облысы', ru: 'Туркестанская область', en: 'Turkistan Region' },
    centre: { kk: 'Түркістан', ru: 'Туркестан', en: 'Turkistan' },
    district: { kk: 'Сайрам ауданы', ru: 'Сайрамский район', en: 'Sairam District' },
  },
  {
    code: 'KZ-62',
    kind: 'oblast',
    name: { kk: 'Ұлытау облысы', ru: 'Улытауская область', en: 'Ulytau Region' },
    centre: { kk: 'Жезқазған', ru: 'Жезказган', en: 'Zhezkazgan' },
    district: { kk: 'Ұлытау ауданы', ru: 'Улытауский район', en: 'Ulytau District' },
  },
  {
    code: 'KZ-63',
    kind: 'oblast',
    name: { kk: 'Шығыс Қазақстан облысы', ru: 'Восточно-Казахстанская область', en: 'East Kazakhstan Region' },
    centre: { kk: 'Өскемен', ru: 'Усть-Каменогорск', en: 'Oskemen' },
    district: { kk: 'Зайсан ауданы', ru: 'Зайсанский район', en: 'Zaisan District' },
  },
  {
    code: 'KZ-71',
    kind: 'city',
    name: { kk: 'Астана', ru: 'Астана', en: 'Astana' },
    centre: { kk: 'Астана', ru: 'Астана', en: 'Astana' },
    district: { kk: 'Есіл ауданы', ru: 'район Есиль', en: 'Esil District' },
  },
  {
    code: 'KZ-75',
    kind: 'city',
    name: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' },
    centre: { kk: 'Алматы', ru: 'Алматы', en: 'Almaty' },
    district: { kk: 'Медеу ауданы', ru: 'Медеуский район', en: 'Medeu District' },
  },
  {
    code: 'KZ-79',
    kind: 'city',
    name: { kk: 'Шымкент', ru: 'Шымкент', en: 'Shymkent' },
    centre: { kk: 'Шымкент', ru: 'Шымкент', en: 'Shymkent' },
    district: { kk: 'Әл-Фараби ауданы', ru: 'Аль-Фарабийский район', en: 'Al-Farabi District' },
  },
]
