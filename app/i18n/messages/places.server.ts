import { defineMessages } from '../locales.ts'

// Keys start with 'places.'. A region or district inside a message is named
// in Kazakh and Russian ("Алматы облысы / Алматинская область"): the matcher
// that fills the params does not know the reader's language.
export const placesMessages = defineMessages({
  'places.region.missing': { kk: 'Өңір көрсетілмеген.', ru: 'Не указан регион.', en: 'The region is missing.' },
  'places.region.unknown': {
    kk: 'Өңір белгісіз: «{value}». Өңірдің атауын (Алматы облысы, Алматинская область, Алматы қ.) немесе кодын (KZ-19) жазыңыз.',
    ru: 'Неизвестный регион: «{value}». Укажите название региона (Алматы облысы, Алматинская область, г. Алматы) или его код (KZ-19).',
    en: 'Unknown region “{value}”. Write the region’s name (Алматы облысы, Алматинская область, г. Алматы) or its code (KZ-19).',
  },
  'places.region.isDistrict': {
    kk: '«{value}» — өңір емес, аудан: ол {region} құрамында. Өңір бағанына өңірді жазыңыз.',
    ru: '«{value}» — это район, а не регион: он входит в {region}. В столбце региона укажите регион.',
    en: '“{value}” is a district, not a region: it is in {region}. Write the region in the region column.',
  },
  'places.district.missing': {
    kk: 'Аудан көрсетілмеген ({region}).',
    ru: 'Не указан район ({region}).',
    en: 'The district is missing ({region}).',
  },
  'places.district.unknown': {
    kk: '{region} құрамында «{value}» ауданы немесе қаласы жоқ.',
    ru: 'В регионе {region} нет района или города «{value}».',
    en: 'There is no district or city “{value}” in {region}.',
  },
  'places.district.otherRegion': {
    kk: '«{value}» {region} құрамында емес: бұл атаумен аудан мына өңірде бар: {other}. Өңірді немесе ауданды тексеріңіз.',
    ru: '«{value}» не входит в {region}: район с таким названием есть в регионе {other}. Проверьте регион или район.',
    en: '“{value}” is not in {region}: a district of that name is in {other}. Check the region or the district.',
  },
  'places.school.missing': { kk: 'Мектеп көрсетілмеген.', ru: 'Не указана школа.', en: 'The school is missing.' },
  'places.school.binUnknown': {
    kk: 'БСН {value} бар мектеп тізілімде жоқ. БСН-ді тексеріңіз немесе мектептің атауын жазыңыз.',
    ru: 'В реестре нет школы с БИН {value}. Проверьте БИН или укажите название школы.',
    en: 'No school in the registry has the BIN {value}. Check the BIN or write the school’s name.',
  },
  'places.school.binAsNumber': {
    kk: '«{value}» — сан ретінде сақталған БСН сияқты: Excel алдыңғы нөлді жойған немесе санды 8.50815E+11 түрінде жазған. БСН бағанын «Мәтін» пішіміне қойып, 12 цифрды қайта енгізіңіз.',
    ru: '«{value}» похоже на БИН, сохранённый как число: Excel убрал ведущий ноль или записал число в виде 8.50815E+11. Задайте столбцу БИН формат «Текстовый» и введите 12 цифр заново.',
    en: '“{value}” looks like a BIN stored as a number: Excel dropped its leading zero or wrote it as 8.50815E+11. Format the BIN column as Text and type the 12 digits again.',
  },
  'places.school.otherRegion': {
    kk: '«{value}» мектебі {region} емес, {other} құрамында. Өңірді немесе мектепті тексеріңіз.',
    ru: 'Школа «{value}» находится не в регионе {region}, а в регионе {other}. Проверьте регион или школу.',
    en: 'The school “{value}” is not in {region} but in {other}. Check the region or the school.',
  },
  'places.school.closed': {
    kk: '«{value}» мектебі {since} бастап жабық. Мұғалімнің қазіргі мектебін жазыңыз.',
    ru: 'Школа «{value}» закрыта с {since}. Укажите нынешнюю школу учителя.',
    en: 'The school “{value}” has been closed since {since}. Write the teacher’s current school.',
  },
  'places.school.notFound': {
    kk: '{region} өңірінде «{value}» мектебі табылмады. Мектептің БСН-ін немесе тізілімдегі атауын жазыңыз.',
    ru: 'В регионе {region} не найдена школа «{value}». Укажите БИН школы или её название из реестра.',
    en: 'No school “{value}” was found in {region}. Write the school’s BIN or its name as in the registry.',
  },
  'places.school.notFoundInDistrict': {
    kk: '{region}, {district}: «{value}» мектебі табылмады. Мектептің БСН-ін немесе тізілімдегі атауын жазыңыз.',
    ru: '{region}, {district}: школа «{value}» не найдена. Укажите БИН школы или её название из реестра.',
    en: 'No school “{value}” was found in {district}, {region}. Write the school’s BIN or its name as in the registry.',
  },
  'places.school.otherDistrict': {
    kk: '{district} ішінде «{value}» мектебі жоқ; бұл атаумен басқа аудандағы мектептер: {candidates}. Ауданды тексеріңіз немесе БСН жазыңыз.',
    ru: 'В районе {district} нет школы «{value}»; школы с таким названием в других районах: {candidates}. Проверьте район или укажите БИН.',
    en: 'There is no school “{value}” in {district}; schools of that name in other districts: {candidates}. Check the district or write the BIN.',
  },
  'places.school.ambiguous': {
    kk: '{region} өңірінде «{value}» атауымен бірнеше мектеп бар (атауы — БСН — ауданы): {candidates}. Керегінің БСН-ін жазыңыз.',
    ru: 'В регионе {region} несколько школ с названием «{value}» (название — БИН — район): {candidates}. Укажите БИН нужной.',
    en: 'Several schools in {region} are called “{value}” (name — BIN — district): {candidates}. Write the BIN of the right one.',
  },
})
